// Orders notes for one reader on one page: the reader's own flags first, then what the page is
// about, then how serious and how well supported the note is, and at equal strength a note about
// the concept itself before one it inherits from an ancestor (the specific concept wins).
// Flags and page concepts follow the is-a hierarchy (hierarchy.ts): a flag on liver disease
// matches the notes of a cirrhosis mention, a flag on cirrhosis matches notes about liver disease.
import { flagReach, type Hierarchy, withAncestors } from './hierarchy';
import type { Direction, EvidenceLevel, Note, Severity } from './types';

/** How many notes the tooltip shows (the rest are in the popup). */
export const TOOLTIP_NOTES = 3;

/**
 * What a review records as "the notes shown": the tooltip's top notes ranked for the page alone
 * (no personal flags), as a sorted set, so neither which notes nor their order can carry a flag
 * into a saved review or an export.
 */
export function reviewNoteIds(pageRanked: readonly Note[]): string[] {
  return pageRanked
    .slice(0, TOOLTIP_NOTES)
    .map((n) => n.id)
    .sort();
}

/** How often one concept is repeated in a page sample: enough to tell a topic from a passing word. */
const SAMPLE_REPEATS = 8;

/**
 * The page's mentions as sent with a lookup: one id per mention, most-named concepts first, each
 * repeated at most SAMPLE_REPEATS times so that a long page's many concepts still fit in `max`.
 * The repeats are what pageTopicsOf reads as what the page is about.
 */
export function pageMentionSample(mentionIds: readonly string[], max = 2000): string[] {
  const count = new Map<string, number>();
  for (const id of mentionIds) count.set(id, (count.get(id) ?? 0) + 1);
  // Map keeps first-appearance order, and the sort is stable: ties stay in page order.
  const ids = [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)!);
  const out: string[] = [];
  for (const id of ids) out.push(...Array<string>(Math.min(count.get(id)!, SAMPLE_REPEATS)).fill(id));
  if (out.length <= max) return out;
  // Every distinct concept first, then the repeats, so a cut keeps breadth before emphasis.
  const kept = ids.slice(0, max);
  const room = max - kept.length;
  const repeats = out.filter((id, i) => out.indexOf(id) !== i).slice(0, room);
  return [...kept, ...repeats];
}

/**
 * What a page is about: the concepts it names more than once and at least a quarter as often as
 * its most-named concept. A story on zinc and rheumatoid arthritis that names colds once is about
 * rheumatoid arthritis, not colds, so its zinc/RA notes come before the zinc/cold ones.
 */
export function pageTopicsOf(sample: readonly string[]): Set<string> {
  const count = new Map<string, number>();
  for (const id of sample) count.set(id, (count.get(id) ?? 0) + 1);
  const most = Math.max(0, ...count.values());
  return new Set([...count].filter(([, n]) => n >= 2 && n * 4 >= most).map(([id]) => id));
}

export interface RankContext {
  /** Concept ids the reader flagged in options (conditions, life stages, medications). */
  flags: ReadonlySet<string>;
  /** Concept ids mentioned on the same page. */
  pageConcepts: ReadonlySet<string>;
  /** The page's main topics (pageTopicsOf): a note about one outranks one about a passing mention. */
  pageTopics?: ReadonlySet<string>;
  /** The concept hierarchy; without it flags and page concepts match exact ids only. */
  hierarchy?: Hierarchy;
}

/** A note a lookup returns for a concept: its own, or inherited from an ancestor. */
export interface LookedUpNote extends Note {
  /** Set when the note is about an ancestor of the looked-up concept: that ancestor's id. */
  inheritedFrom?: string;
}

export interface RankedNote extends LookedUpNote {
  flagMatch: boolean;
  pageMatch: boolean;
  /** The note's target is one of the page's main topics (a stronger page match). */
  pageTopic?: boolean;
}

/** How much a note's direction weighs in ordering notes (harm first). */
export const DIRECTION_WEIGHT: Record<Direction, number> = {
  harm: 5,
  caution: 4,
  mixed: 3,
  'no-clear-effect': 2,
  benefit: 1,
};
export const SEVERITY_WEIGHT: Record<Severity, number> = { major: 3, moderate: 2, minor: 1 };
/** Strength of the evidence design, used only to break ties. */
export const EVIDENCE_STRENGTH: Record<EvidenceLevel, number> = {
  'systematic-review': 7,
  rct: 6,
  regulatory: 5,
  guideline: 4,
  observational: 3,
  'case-report': 2,
  lab: 1,
};

function score(n: RankedNote): number[] {
  return [
    n.flagMatch ? 1 : 0,
    n.pageMatch ? (n.pageTopic ? 2 : 1) : 0,
    DIRECTION_WEIGHT[n.direction],
    n.severity ? SEVERITY_WEIGHT[n.severity] : 0,
    EVIDENCE_STRENGTH[n.evidence],
    n.inheritedFrom ? 0 : 1,
  ];
}

export function rankNotes(notes: readonly LookedUpNote[], ctx: RankContext): RankedNote[] {
  const flags = flagReach(ctx.flags, ctx.hierarchy);
  // A note about liver disease is about the page when the page mentions cirrhosis.
  const page = withAncestors(ctx.pageConcepts, ctx.hierarchy);
  const topics = withAncestors(ctx.pageTopics ?? [], ctx.hierarchy);
  const ranked = notes.map((n) => {
    // A general note targets its own supplement, which is always on the page where it shows.
    const pageMatch = n.target !== n.supplement && page.has(n.target);
    return {
      ...n,
      flagMatch: flags.has(n.target) || flags.has(n.supplement),
      pageMatch,
      ...(pageMatch && topics.has(n.target) ? { pageTopic: true } : {}),
    };
  });
  return ranked.sort(compareRanked);
}

/** The ranking order of two ranked notes (also used to merge notes of several concepts). */
export function compareRanked(a: RankedNote, b: RankedNote): number {
  const sa = score(a);
  const sb = score(b);
  for (let i = 0; i < sa.length; i++) {
    const d = (sb[i] ?? 0) - (sa[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.id.localeCompare(b.id);
}

/**
 * How serious and how well supported one note is against another (severity, direction, evidence),
 * for orders that put something else first: the popup's warning tiers (lib/summary/summary.ts).
 */
export function compareSeriousness(a: Note, b: Note): number {
  return (
    (b.severity ? SEVERITY_WEIGHT[b.severity] : 0) - (a.severity ? SEVERITY_WEIGHT[a.severity] : 0) ||
    DIRECTION_WEIGHT[b.direction] - DIRECTION_WEIGHT[a.direction] ||
    EVIDENCE_STRENGTH[b.evidence] - EVIDENCE_STRENGTH[a.evidence]
  );
}
