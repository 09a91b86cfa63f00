// Builds what the popup shows from the content script's PageSummary and the background's ranked
// notes. Pure and linear in the number of mentions and notes, so it costs nothing noticeable
// before first paint even on pages with hundreds of mentions.

import { FAMILY_LABELS, isConceptKind, KIND_FAMILIES, type KindFamily, kindFamily } from '../kb/kinds';
import { compareRanked, compareSeriousness, type RankedNote, SEVERITY_WEIGHT } from '../kb/rank';
import type { Direction } from '../kb/types';
import type { Dose, LookupResult, PageMention } from '../messaging/protocol';
import { doseSentence } from './dose-text';

export type GroupKind = KindFamily | 'other';

export interface FoundConcept {
  id: string;
  name: string;
  kind: string;
  /** Mention indexes in page order (what 'focus-mention' takes). */
  mentions: number[];
}

export interface FoundGroup {
  kind: GroupKind;
  label: string;
  /** Number of mentions in this group (all occurrences). */
  count: number;
  concepts: FoundConcept[];
}

const GROUP_LABELS: Record<GroupKind, string> = { ...FAMILY_LABELS, other: 'Other' };
const GROUP_ORDER: GroupKind[] = [...KIND_FAMILIES, 'other'];

/** A mention's kind comes from the page's side of the wire: anything unknown is 'other'. */
function groupOf(kind: string): GroupKind {
  return isConceptKind(kind) ? kindFamily(kind) : 'other';
}

/** Groups mentions by kind and concept; concepts in order of first appearance. Empty groups are kept. */
export function groupMentions(mentions: readonly PageMention[]): FoundGroup[] {
  const byId = new Map<string, FoundConcept>();
  const groups = new Map<GroupKind, FoundGroup>(
    GROUP_ORDER.map((k) => [k, { kind: k, label: GROUP_LABELS[k], count: 0, concepts: [] }]),
  );
  const sorted = [...mentions].sort((a, b) => a.index - b.index);
  for (const m of sorted) {
    const g = groups.get(groupOf(m.kind))!;
    g.count++;
    let c = byId.get(m.id);
    if (!c) {
      c = { id: m.id, name: m.name || m.id, kind: m.kind, mentions: [] };
      byId.set(m.id, c);
      g.concepts.push(c);
    }
    c.mentions.push(m.index);
  }
  const out = [...groups.values()];
  return out.filter((g) => g.kind !== 'other' || g.count > 0);
}

export type WarningReason = 'flag' | 'flag-medication' | 'dose' | 'serious';

export interface NoteEntry {
  type: 'note';
  note: RankedNote;
  /** Set when the note is a warning, saying why. */
  reason?: WarningReason;
  /** First mention, in page order, of the note's supplement or target. */
  mention?: { index: number; conceptId: string; name: string };
}

export interface DoseEntry {
  type: 'dose';
  dose: Dose;
  name: string;
  mention?: { index: number; conceptId: string; name: string };
}

export type WarningEntry = NoteEntry | DoseEntry;

export interface NotesView {
  warnings: WarningEntry[];
  /** Every other note about what the page mentions, in the background's ranking. */
  others: NoteEntry[];
  names: Record<string, string>;
  flagCount: number;
}

const WARNING_DIRECTIONS: ReadonlySet<Direction> = new Set(['harm', 'caution', 'mixed']);

/** A note about a medication interaction (the knowledge base requires a severity for those). */
function isInteraction(note: RankedNote, kinds: ReadonlyMap<string, string>): boolean {
  return note.severity !== undefined || kinds.get(note.target) === 'medication';
}

function warningReason(
  note: RankedNote,
  kinds: ReadonlyMap<string, string>,
  supplementOnPage: boolean,
): WarningReason | undefined {
  // A warning is about a supplement this page talks about. Notes reached through a condition or
  // medication on the page, about supplements the page never names, are listed with the others.
  if (!supplementOnPage) return undefined;
  const interaction = isInteraction(note, kinds);
  if (note.flagMatch) {
    if (interaction) return 'flag-medication';
    if (WARNING_DIRECTIONS.has(note.direction)) return 'flag';
    return undefined;
  }
  if (note.severity === 'major') return 'serious';
  // Harm or caution about something on the page; an interaction only when the medication is
  // on the page too (otherwise it concerns readers who flagged that medication).
  if ((note.direction === 'harm' || note.direction === 'caution') && (!interaction || note.pageMatch))
    return 'serious';
  return undefined;
}

const TIER: Record<WarningReason, number> = { flag: 0, 'flag-medication': 1, dose: 2, serious: 3 };

const severity = (n: RankedNote) => (n.severity ? SEVERITY_WEIGHT[n.severity] : 0);

/**
 * Order inside a warning tier. For the reader's own flags the note the page is about comes first:
 * its target is on the page and its supplement is the one the page mentions most (a page about
 * zinc and RA puts zinc/RA before turmeric/RA, mentioned once in passing). Then, as for every
 * tier, severity, direction and strength of evidence.
 */
function compareWarnings(reason: WarningReason, prominence: (n: RankedNote) => number) {
  const byPage = (a: RankedNote, b: RankedNote) =>
    Number(b.pageMatch) - Number(a.pageMatch) || prominence(b) - prominence(a);
  return (a: RankedNote, b: RankedNote): number => {
    // Interactions rated major stay on top, except among the reader's own (non-medication) flags;
    // then what the page is about leads, as in tooltips.
    const d =
      reason === 'flag'
        ? byPage(a, b) || compareSeriousness(a, b)
        : severity(b) - severity(a) || byPage(a, b) || compareSeriousness(a, b);
    return d || a.id.localeCompare(b.id);
  };
}

/**
 * Warnings first: notes matching the reader's flags (conditions, life stages), interactions with
 * medications the reader flagged, doses above the upper limit, then other harm, caution or
 * major-interaction notes by severity and evidence. Everything else follows in `others`.
 */
export function buildNotesView(
  mentions: readonly PageMention[],
  doses: readonly Dose[],
  lookup: LookupResult,
): NotesView {
  const first = new Map<string, PageMention>();
  const count = new Map<string, number>();
  for (const m of mentions) {
    count.set(m.id, (count.get(m.id) ?? 0) + 1);
    const seen = first.get(m.id);
    if (!seen || m.index < seen.index) first.set(m.id, m);
  }
  const names: Record<string, string> = { ...lookup.names };
  for (const m of first.values()) names[m.id] ??= m.name;
  const kinds = new Map<string, string>(lookup.concepts.map((c) => [c.id, c.kind]));
  for (const m of first.values()) if (!kinds.has(m.id)) kinds.set(m.id, m.kind);

  const mentionFor = (...ids: string[]): NoteEntry['mention'] => {
    let best: PageMention | undefined;
    for (const id of ids) {
      const m = first.get(id);
      if (m && (!best || m.index < best.index)) best = m;
    }
    return best ? { index: best.index, conceptId: best.id, name: names[best.id] ?? best.name } : undefined;
  };

  // Notes arrive per concept in the background's ranking; a note about two concepts on the page
  // arrives twice. Keep the first, in the order concepts were asked for.
  // A note inherited by one concept and the own note of another (cirrhosis and liver disease both
  // on the page) is kept as the own note. `via` is the page concept an inherited note came through.
  const seen = new Map<string, number>();
  const ordered: RankedNote[] = [];
  const via = new Map<string, string>();
  for (const c of lookup.concepts) {
    for (const n of lookup.notes[c.id] ?? []) {
      const at = seen.get(n.id);
      if (at !== undefined) {
        if (ordered[at]!.inheritedFrom && !n.inheritedFrom) {
          ordered[at] = n;
          via.delete(n.id);
        }
        continue;
      }
      seen.set(n.id, ordered.length);
      ordered.push(n);
      if (n.inheritedFrom) via.set(n.id, c.id);
    }
  }

  const tiered: { tier: number; reason: WarningReason; entry: WarningEntry; note?: RankedNote }[] = [];
  const others: NoteEntry[] = [];
  for (const note of ordered) {
    const reason = warningReason(note, kinds, first.has(note.supplement));
    const entry: NoteEntry = {
      type: 'note',
      note,
      ...(reason ? { reason } : {}),
      mention: mentionFor(note.supplement, note.target, ...(via.has(note.id) ? [via.get(note.id)!] : [])),
    };
    if (reason) tiered.push({ tier: TIER[reason], reason, entry, note });
    else others.push(entry);
  }
  const doseSeen = new Set<string>();
  for (const dose of doses) {
    if (!dose.aboveLimit) continue;
    const key = `${dose.conceptId}\u0000${dose.text}`;
    if (doseSeen.has(key)) continue;
    doseSeen.add(key);
    tiered.push({
      tier: TIER.dose,
      reason: 'dose',
      entry: {
        type: 'dose',
        dose,
        name: names[dose.conceptId] ?? dose.conceptId,
        mention: mentionFor(dose.conceptId),
      },
    });
  }
  const prominence = (n: RankedNote) => count.get(n.supplement) ?? 0;
  const comparators = new Map(
    (Object.keys(TIER) as WarningReason[]).map((r) => [r, compareWarnings(r, prominence)] as const),
  );
  tiered.sort((a, b) => {
    if (a.tier !== b.tier) return a.tier - b.tier;
    if (a.note && b.note) return comparators.get(a.reason)!(a.note, b.note);
    return 0;
  });
  // Others in the background's order (flag, page, direction, severity, evidence) across concepts.
  others.sort((x, y) => compareRanked(x.note, y.note));

  return {
    warnings: tiered.map((t) => t.entry),
    others,
    names,
    flagCount: lookup.flags.length,
  };
}

/** A dose on the page above its upper limit, in the words the tooltip uses too. */
export function describeDose(dose: Dose, name: string): string {
  return doseSentence(dose, name);
}
