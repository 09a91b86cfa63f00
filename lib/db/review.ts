// A reviewer's verdict on one annotation, anchored to the page text (W3C Web Annotation selectors).

export type Verdict = 'accurate' | 'misleading-claim' | 'needs-context' | 'wrong-detection';

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

export interface Review {
  id: string;
  pageUrl: string;
  pageTitle: string;
  site: string;
  conceptId: string;
  quote: TextQuoteSelector;
  position: TextPositionSelector;
  verdict?: Verdict;
  comment?: string;
  claimNote?: string;
  shownNoteIds: string[];
  kbVersion: string;
  createdAt: string;
  updatedAt: string;
}
