// Orders notes for one reader on one page: the reader's own flags first, then what the page is
// about, then how serious and how well supported the note is.
import type { Direction, EvidenceLevel, Note, Severity } from './types';

export interface RankContext {
  /** Concept ids the reader flagged in options (conditions, life stages, medications). */
  flags: ReadonlySet<string>;
  /** Concept ids mentioned on the same page. */
  pageConcepts: ReadonlySet<string>;
}

export interface RankedNote extends Note {
  flagMatch: boolean;
  pageMatch: boolean;
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
    n.pageMatch ? 1 : 0,
    DIRECTION_WEIGHT[n.direction],
    n.severity ? SEVERITY_WEIGHT[n.severity] : 0,
    EVIDENCE_STRENGTH[n.evidence],
  ];
}

export function rankNotes(notes: readonly Note[], ctx: RankContext): RankedNote[] {
  const ranked = notes.map((n) => ({
    ...n,
    flagMatch: ctx.flags.has(n.target) || ctx.flags.has(n.supplement),
    // A general note targets its own supplement, which is always on the page where it shows.
    pageMatch: n.target !== n.supplement && ctx.pageConcepts.has(n.target),
  }));
  return ranked.sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    for (let i = 0; i < sa.length; i++) {
      const d = (sb[i] ?? 0) - (sa[i] ?? 0);
      if (d !== 0) return d;
    }
    return a.id.localeCompare(b.id);
  });
}
