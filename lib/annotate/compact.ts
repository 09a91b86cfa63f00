// The scan result as it travels from the background to the content script. Tens of thousands of
// mention objects would cost the page a long JSON parse; a table of concepts plus one flat array
// of numbers costs a fraction of it. The mention text is not sent: the content script holds the
// page text and slices it itself.
import type { ConceptKind } from '../kb/types';
import type { Dose, HealthVerdict, PageAnalysis, TextMention } from '../matching/types';

export interface CompactAnalysis {
  /**
   * [id, kind, name] of each concept that has a mention, referenced by index from `spans`; a fourth
   * element 1 marks a concept detected but not highlighted by default (a population).
   */
  concepts: ([string, ConceptKind, string] | [string, ConceptKind, string, 1])[];
  /** start, end, concept index: three numbers per mention, in the order of the analysis. */
  spans: number[];
  health: HealthVerdict;
  doses: Dose[];
}

/** A mention without its text (the receiver slices it from the page text it holds). */
export interface CompactMention {
  id: string;
  kind: ConceptKind;
  name: string;
  start: number;
  end: number;
  /** Not highlighted by default; still a page concept for note ranking. */
  quiet?: true;
}

export function compactAnalysis(analysis: PageAnalysis): CompactAnalysis {
  const index = new Map<string, number>();
  const concepts: CompactAnalysis['concepts'] = [];
  const spans: number[] = [];
  for (const m of analysis.mentions) {
    let i = index.get(m.id);
    if (i === undefined) {
      i = concepts.length;
      index.set(m.id, i);
      concepts.push(m.quiet ? [m.id, m.kind, m.name, 1] : [m.id, m.kind, m.name]);
    }
    spans.push(m.start, m.end, i);
  }
  return { concepts, spans, health: analysis.health, doses: analysis.doses };
}

/**
 * The mentions of a compact analysis. Spans that do not make sense (a concept index out of range,
 * an empty or negative range) are dropped: the receiver never trusts a reply blindly.
 */
export function expandMentions(c: CompactAnalysis): CompactMention[] {
  const steps = expandMentionsInSteps(c);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Mentions expanded per step of expandMentionsInSteps: a long page has tens of thousands. */
export const EXPAND_STEP = 2000;

/** expandMentions, yielding after every EXPAND_STEP mentions so a slicer can cut the work up. */
export function* expandMentionsInSteps(c: CompactAnalysis): Generator<void, CompactMention[], void> {
  const out: CompactMention[] = [];
  for (let k = 0, n = 0; k + 2 < c.spans.length; k += 3) {
    if (++n % EXPAND_STEP === 0) yield;
    const start = c.spans[k]!;
    const end = c.spans[k + 1]!;
    const concept = c.concepts[c.spans[k + 2]!];
    if (!concept || !(end > start) || start < 0) continue;
    out.push({
      id: concept[0],
      kind: concept[1],
      name: concept[2],
      start,
      end,
      ...(concept[3] === 1 ? { quiet: true as const } : {}),
    });
  }
  return out;
}

/** Full mentions again, given the concatenated text the offsets refer to (tests, CLI). */
export function withText(
  mentions: CompactMention[],
  text: (start: number, end: number) => string,
): TextMention[] {
  return mentions.map((m) => ({ ...m, text: text(m.start, m.end) }));
}
