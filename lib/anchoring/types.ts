// Text selectors in the W3C Web Annotation model, as SuppLens stores them. Positions are UTF-16
// offsets into the page text (see platform/dom/text-index.ts for how page text is built), like the Hypothesis client.
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

export type AnchorMethod = 'position' | 'quote' | 'fuzzy';

export interface AnchorResult {
  start: number;
  end: number;
  method: AnchorMethod;
}

/** Characters of context kept on each side of a quote. */
export const CONTEXT_LENGTH = 32;
