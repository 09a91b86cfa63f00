// Page analysis for the content script and the CLI: a chunked scanner so the content script never
// runs a long main-thread task.
//
//   const scanner = createPageScanner(lexicon);
//   for (const block of blocks) scanner.feed(block.text, block.offset); // each call: one block, fast
//   const analysis = scanner.finish(meta);                               // page-wide rules
//
// feed() takes one BLOCK of visible text (a paragraph, list item, heading, table cell ...) and the
// offset of its first character in the page's concatenated text; offsets in the result are in
// those coordinates. A mention never spans two blocks, so the caller must cut the page only at
// block boundaries (a very long block may be cut at a sentence end or a space, which at worst
// splits a multi-word name there). A "\n" inside a block is ordinary white space.
// feed() does all the per-block work (dictionary matches, local false-hit rules, abbreviation
// definitions, dose amounts): about 1 ms for 50 KB of text. finish() resolves what needs the whole
// page: abbreviations (defined on the page, or used with the concept's long form somewhere on it),
// personal names repeated on the page, recipe and mining pages, relevance, and doses.
import { inheritedUpperLimits } from '../kb/hierarchy';
import type { Concept } from '../kb/types';
import {
  type AbbreviationDefinition,
  findDefinitions,
  longFormResembles,
  singularShortForm,
  studyArmLongForm,
} from '../matching/abbreviations';
import {
  type AttachedAmount,
  attachAmounts,
  findAmounts,
  fromSupplementContext,
  type LocatedDose,
  toDose,
} from '../matching/dose';
import {
  CULINARY_IDS,
  checkLocal,
  collectIndustryWords,
  collectRecipeCues,
  type FalseHitReason,
  healthClaimSentence,
  type LocalVerdict,
  SPEECH,
} from '../matching/false-hits';
import type { Candidate, Lexicon, LexiconConcept } from '../matching/lexicon';
import { collectResearchCues, type RelevanceDetail, scoreRelevance } from '../matching/relevance';
import type { PageAnalysis, PageMeta, TextMention } from '../matching/types';

export type RejectReason =
  | FalseHitReason
  | 'abbreviation-undefined'
  | 'abbreviation-other-meaning'
  | 'abbreviation-ambiguous'
  | 'ambiguous'
  | 'recipe'
  | 'industry'
  | 'context-page';

/** A dictionary match that is not reported, and why (for review and tests). */
export interface RejectedMatch {
  text: string;
  id: string;
  start: number;
  end: number;
  reason: RejectReason;
}

/** An abbreviation definition found on the page and what it was resolved to. */
export interface DefinitionUse extends AbbreviationDefinition {
  /** Concept id the long form names, or undefined for another meaning ("Environmental Protection Agency"). */
  conceptId?: string;
}

export interface PageAnalysisDetail extends PageAnalysis {
  doses: LocatedDose[];
  relevance: RelevanceDetail;
  rejected: RejectedMatch[];
  definitions: DefinitionUse[];
  words: number;
}

export interface PageScanner {
  /** Scans one block of text whose first character is at `offset` in the page text. */
  feed(text: string, offset: number): void;
  /** Resolves page-wide rules; call once, after the last feed. */
  finish(meta?: PageMeta): PageAnalysisDetail;
}

interface Block {
  text: string;
  offset: number;
}

interface Item {
  c: Candidate;
  block: number;
  verdict: LocalVerdict;
  /** Resolved entry index, or -1 while undecided / when rejected. */
  entry: number;
  reason?: RejectReason;
  /** Concept index when the page defines the abbreviation as a concept other than its entry's. */
  override?: number;
}

/** Words after a capitalised supplement name that show the supplement, not a person, is meant. */
const SUPPLEMENT_NEXT =
  /^\s+(?:may|might|supplements?|extracts?|root|tea|capsules?|tablets?|powder|oil|helps?|eases?|reduces?|lowers?|contains?|is\s+(?:a|an|one|used|known|thought|rich|safe))\b/i;

/** A condition named as a nutrient's status: a shortage, an excess, a toxicity or a poisoning. */
const NUTRIENT_STATUS =
  /deficien|insufficien|deplet|inadequa|\black\s+of\b|toxicit|overdos|poisoning|overload|intoxicat|\bexcess|too\s+much|\blow\b/i;
/** A blood or urine test reading ("low serum calcium"), which names a level, not an intake. */
const BLOOD_TEST = /\b(?:blood|serum|plasma|urinary|urine)\b/i;

export function createPageScanner(lexicon: Lexicon, kbConcepts?: readonly Concept[]): PageScanner {
  const blocks: Block[] = [];
  const items: Item[] = [];
  const defs: AbbreviationDefinition[] = [];
  const amounts: AttachedAmount[] = [];
  const stats = { words: 0 };
  let finished = false;
  const recipeCues = new Set<string>();
  const industryWords = new Set<string>();
  const researchCues = new Set<string>();
  const limits = new Map<string, { amount: number; unit: string; appliesTo?: string; of?: string }>();
  if (kbConcepts)
    for (const [id, { limit, of }] of inheritedUpperLimits(kbConcepts))
      limits.set(id, of === id ? limit : { ...limit, of });

  const conceptOf = (entry: number): LexiconConcept => lexicon.concepts[lexicon.entries[entry]!.concept]!;

  function feed(text: string, offset: number): void {
    if (finished) throw new Error('feed() after finish()');
    const b = blocks.length;
    blocks.push({ text, offset });
    collectRecipeCues(text, recipeCues);
    collectIndustryWords(text, industryWords);
    collectResearchCues(text, researchCues);
    const cands = lexicon.scan(text, offset, 0, text.length, stats);
    const targets: { start: number; end: number; key: number }[] = [];
    for (const c of cands) {
      const first = c.entries[0]!;
      const verdict = checkLocal(
        text,
        c.start - offset,
        c.end - offset,
        conceptOf(first),
        lexicon.entries[first]!,
      );
      const key = items.length;
      items.push({ c, block: b, verdict, entry: -1, ...(verdict.reason ? { reason: verdict.reason } : {}) });
      if (!verdict.reason && c.entries.some((e) => conceptOf(e).kind === 'supplement'))
        targets.push({ start: c.start, end: c.end, key });
    }
    if (text.includes('(')) for (const d of findDefinitions(text, offset)) defs.push(d);
    if (targets.length > 0) {
      const found = findAmounts(text, offset);
      if (found.length > 0) for (const a of attachAmounts(text, offset, found, targets)) amounts.push(a);
    }
  }

  function surface(it: Item): string {
    const blk = blocks[it.block]!;
    return blk.text.slice(it.c.start - blk.offset, it.c.end - blk.offset);
  }

  function reject(it: Item, reason: RejectReason): void {
    it.reason = reason;
    it.entry = -1;
  }

  function classifyDefinition(d: AbbreviationDefinition): number {
    const long = d.long.replace(/[\s.,;:]+$/, '');
    const cands = lexicon.scan(long);
    for (const c of cands) {
      if (c.end !== long.length) continue;
      // "low-dose garlic (LG)": a study arm named after the supplement, not the supplement.
      if (studyArmLongForm(long.slice(0, c.start))) return -1;
      const e = c.entries.find((x) => !lexicon.entries[x]!.abbreviation);
      if (e !== undefined) return lexicon.entries[e]!.concept;
    }
    return -1;
  }

  let formsByConcept: Map<number, string[]> | undefined;
  /** Knowledge-base forms of a concept (built once, on the first page that needs it). */
  function formsOf(concept: number): string[] {
    if (!formsByConcept) {
      formsByConcept = new Map();
      for (const e of lexicon.entries) {
        if (e.concept < 0 || e.abbreviation) continue;
        const list = formsByConcept.get(e.concept) ?? [];
        list.push(e.form);
        formsByConcept.set(e.concept, list);
      }
    }
    return formsByConcept.get(concept) ?? [];
  }

  /**
   * Supplement names strictly inside [start, end) of a block (offsets in page coordinates): the
   * longest match at each position is the outer mention itself, so the span is scanned without its
   * last and without its first character, and condition names inside it are opened in turn
   * ("iron-deficiency anemia" holds "iron-deficiency", which holds "iron").
   */
  function nestedSupplements(
    text: string,
    base: number,
    start: number,
    end: number,
  ): { start: number; end: number; entry: number }[] {
    const out: { start: number; end: number; entry: number }[] = [];
    const spans = [{ start, end }];
    for (let depth = 0; depth < 3 && spans.length > 0; depth++) {
      const next: { start: number; end: number }[] = [];
      for (const s of spans) {
        const from = s.start - base;
        const to = s.end - base;
        for (const c of [
          ...lexicon.scan(text, base, from, to - 1),
          ...lexicon.scan(text, base, from + 1, to),
        ]) {
          if (c.start < start || c.end > end || (c.start === start && c.end === end)) continue;
          if (out.some((o) => o.start === c.start && o.end === c.end)) continue;
          // Short forms too: the condition's name settles what "B12" in "B12 deficiency" means.
          const supp = c.entries.find((e) => conceptOf(e).kind === 'supplement');
          if (supp !== undefined) out.push({ start: c.start, end: c.end, entry: supp });
          else if (c.end - c.start < s.end - s.start) next.push({ start: c.start, end: c.end });
        }
      }
      spans.splice(0, spans.length, ...next);
    }
    // Longest first wins where two inner names overlap ("vitamin B12" over "B12").
    return out
      .sort((a, b) => b.end - b.start - (a.end - a.start))
      .filter((o, i, all) => !all.slice(0, i).some((k) => o.start < k.end && k.start < o.end));
  }

  function finish(meta?: PageMeta): PageAnalysisDetail {
    finished = true;
    // 1. Personal names repeated on the page: once "Dr. Ginger Alvarez" is a name, any capitalised
    //    "Ginger" is the same person ("Ginger said", "“Ginger can iron out ...”"), unless the next
    //    words read as a supplement claim ("Ginger may ease nausea", "Ginger root ...").
    const names = new Set<string>();
    for (const it of items) if (it.reason === 'name') names.add(surface(it));
    if (names.size > 0) {
      for (const it of items) {
        if (it.reason) continue;
        const s = surface(it);
        if (!names.has(s)) continue;
        const blk = blocks[it.block]!;
        const after = blk.text.slice(it.c.end - blk.offset, it.c.end - blk.offset + 30);
        if (it.verdict.capitalisedMidSentence || SPEECH.test(after) || !SUPPLEMENT_NEXT.test(after))
          reject(it, 'name');
      }
    }
    // 2. Recipe pages: food-like botanicals (ginger, garlic, cinnamon ...) are ingredients.
    //    A sentence that makes a health claim ("ginger may ease nausea") still counts.
    const culinary = (it: Item) => !it.reason && CULINARY_IDS.has(conceptOf(it.c.entries[0]!).id);
    const recipePage = (meta?.schemaTypes ?? []).some((t) => /recipe/i.test(t)) || recipeCues.size >= 4;
    if (items.some(culinary) && recipePage) {
      for (const it of items) {
        if (!culinary(it)) continue;
        const blk = blocks[it.block]!;
        if (!healthClaimSentence(blk.text, it.c.start - blk.offset, it.c.end - blk.offset))
          reject(it, 'recipe');
      }
    }
    // 3. Long forms present on the page (non-abbreviation matches that survived).
    const longForms = new Map<number, number>();
    for (const it of items) {
      if (it.reason) continue;
      for (const e of it.c.entries) {
        const entry = lexicon.entries[e]!;
        if (!entry.abbreviation) longForms.set(entry.concept, (longForms.get(entry.concept) ?? 0) + 1);
      }
    }
    // 4. Definitions.
    const defUses: DefinitionUse[] = [];
    const bySf = new Map<string, { pos: number; concept: number }[]>();
    for (const d of defs) {
      let concept = classifyDefinition(d);
      if (concept < 0) {
        // A knowledge-base abbreviation defined with a long form the knowledge base spells
        // differently ("fructo-oligosaccharides (FOS)", "insulin-dependent diabetes mellitus (IDDM)")
        // keeps its meaning.
        const own = lexicon
          .scan(d.short)
          .filter((c) => c.start === 0 && c.end === d.short.length)
          .flatMap((c) => c.entries)
          .filter((e) => lexicon.entries[e]!.abbreviation)
          .map((e) => lexicon.entries[e]!.concept);
        const like = [...new Set(own)].filter((c) => longFormResembles(d.long, formsOf(c)));
        if (like.length === 1) concept = like[0]!;
      }
      defUses.push(concept >= 0 ? { ...d, conceptId: lexicon.concepts[concept]!.id } : { ...d });
      const key = singularShortForm(d.short);
      const list = bySf.get(key) ?? [];
      list.push({ pos: d.shortStart, concept });
      bySf.set(key, list);
      if (concept >= 0) longForms.set(concept, (longForms.get(concept) ?? 0) + 1);
    }
    const definitionFor = (sf: string, pos: number): { concept: number } | undefined => {
      const list = bySf.get(singularShortForm(sf));
      if (!list || list.length === 0) return undefined;
      let best = list[0]!;
      for (const d of list) if (d.pos <= pos) best = d;
      return best;
    };
    // 5. Choose the concept of every match.
    for (const it of items) {
      if (it.reason) continue;
      const entries = it.c.entries;
      const longEntries = entries.filter((e) => !lexicon.entries[e]!.abbreviation);
      if (longEntries.length > 0) {
        const concepts = [...new Set(longEntries.map((e) => lexicon.entries[e]!.concept))];
        if (concepts.length === 1) {
          it.entry = longEntries[0]!;
          continue;
        }
        // A form shared on purpose by several concepts: the one the page otherwise talks about.
        const scored = concepts.map((c) => ({ c, n: (longForms.get(c) ?? 0) - 1 })).sort((a, b) => b.n - a.n);
        if (scored[0]!.n > 0 && scored[0]!.n > (scored[1]?.n ?? 0)) {
          it.entry = longEntries.find((e) => lexicon.entries[e]!.concept === scored[0]!.c)!;
        } else reject(it, 'ambiguous');
        continue;
      }
      // Abbreviations.
      const text = surface(it);
      const form = lexicon.entries[entries[0]!]!.form;
      const def = definitionFor(text, it.c.start) ?? definitionFor(form, it.c.start);
      if (def) {
        if (def.concept < 0) {
          reject(it, 'abbreviation-other-meaning');
          continue;
        }
        const own = entries.find((e) => lexicon.entries[e]!.concept === def.concept);
        if (own !== undefined) it.entry = own;
        else {
          // Defined on this page as another knowledge-base concept: that meaning wins.
          it.entry = entries[0]!;
          it.override = def.concept;
        }
        continue;
      }
      // The long form may name the concept's ingredient or one of its forms: "fish oil ... EPA".
      const named = (ci: number) => longForms.has(ci) || lexicon.familyOf(ci).some((k) => longForms.has(k));
      const present = entries.filter((e) => named(lexicon.entries[e]!.concept));
      const presentConcepts = new Set(present.map((e) => lexicon.entries[e]!.concept));
      if (presentConcepts.size === 1) it.entry = present[0]!;
      else reject(it, presentConcepts.size === 0 ? 'abbreviation-undefined' : 'abbreviation-ambiguous');
    }

    const mentions: (TextMention & { key: number })[] = [];
    const push = (it: Item, key: number) => {
      const concept = it.override !== undefined ? lexicon.concepts[it.override]! : conceptOf(it.entry);
      mentions.push({
        text: surface(it),
        kind: concept.kind,
        id: concept.id,
        name: concept.name,
        start: it.c.start,
        end: it.c.end,
        ...(concept.quiet ? { quiet: true as const } : {}),
        key,
      });
    };
    items.forEach((it, i) => {
      if (!it.reason && it.entry >= 0) push(it, i);
    });
    // 5b. A nutrient named inside a condition of nutrient status ("vitamin D deficiency", "low
    //     iron", "iodine-deficiency disorders", "selenium toxicity") is reported too, as a
    //     supplement mention nested in the condition mention: the page is about the nutrient as
    //     well. Blood-test readings ("low serum calcium") are not supplement mentions. Pages mark
    //     only the outer mention (mark-plan.ts skips a mention inside a marked one).
    for (const m of [...mentions]) {
      if (m.kind !== 'condition' || !NUTRIENT_STATUS.test(m.text) || BLOOD_TEST.test(m.text)) continue;
      const blk = blocks[items[m.key]!.block]!;
      for (const n of nestedSupplements(blk.text, blk.offset, m.start, m.end)) {
        const c = conceptOf(n.entry);
        mentions.push({
          text: blk.text.slice(n.start - blk.offset, n.end - blk.offset),
          kind: c.kind,
          id: c.id,
          name: c.name,
          start: n.start,
          end: n.end,
          key: -1,
        });
      }
    }

    // 6. Short forms the page defines for a concept but the knowledge base does not list.
    for (const [sf, list] of bySf) {
      const concept = list.find((d) => d.concept >= 0)?.concept;
      if (concept === undefined) continue;
      if (list.some((d) => d.concept !== concept)) continue;
      const covered = lexicon.scan(sf).some((c) => c.start === 0 && c.end === sf.length);
      if (covered) continue;
      const re = new RegExp(
        `(?<![\\p{L}\\p{N}\\p{M}\\p{Pc}])${sf.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}s?(?![\\p{L}\\p{N}\\p{M}\\p{Pc}])`,
        'gu',
      );
      const c = lexicon.concepts[concept]!;
      for (const blk of blocks) {
        if (!blk.text.includes(sf)) continue;
        for (const m of blk.text.matchAll(re)) {
          const start = blk.offset + m.index!;
          const end = start + m[0].length;
          if (mentions.some((x) => x.start < end && start < x.end)) continue;
          mentions.push({
            text: m[0],
            kind: c.kind,
            id: c.id,
            name: c.name,
            start,
            end,
            ...(c.quiet ? { quiet: true as const } : {}),
            key: -1,
          });
        }
      }
    }
    // Text order; a mention before the ones nested in it.
    mentions.sort((a, b) => a.start - b.start || b.end - a.end);

    // 7. Page-level context: "mania" ("merger mania") only on a page about bipolar disorder;
    //    metals on a mining page.
    const bipolar = mentions.some((m) => m.id === 'bipolar-disorder' && !/^(?:hypo)?mania$/i.test(m.text));
    const rejectedExtra: RejectedMatch[] = [];
    let kept = mentions.filter((m) => {
      if (/^(?:hypo)?manias?$/i.test(m.text) && !bipolar) {
        rejectedExtra.push({ text: m.text, id: m.id, start: m.start, end: m.end, reason: 'context-page' });
        return false;
      }
      return true;
    });
    // Menu items and bare labels ("Depression" alone in a navigation list) weigh less.
    // (The content script may feed blocks out of document order, e.g. visible ones first.)
    const ordered = [...blocks].sort((a, b) => a.offset - b.offset);
    const blockOf = (pos: number): Block | undefined => {
      let lo = 0;
      let hi = ordered.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const b = ordered[mid]!;
        if (pos < b.offset) hi = mid - 1;
        else if (pos > b.offset + b.text.length) lo = mid + 1;
        else return b;
      }
      return undefined;
    };
    const labelBlocks = new Map<Block, boolean>();
    const isLabel = (b: Block): boolean => {
      let v = labelBlocks.get(b);
      if (v === undefined) {
        v = b.text.length < 80 && (b.text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) <= 4;
        labelBlocks.set(b, v);
      }
      return v;
    };
    const weighted = () =>
      kept.map((m) => {
        const b = blockOf(m.start);
        if (!b) return m;
        return isLabel(b) ? { ...m, weight: 0.25, block: b.offset } : { ...m, block: b.offset };
      });
    let relevance = scoreRelevance({
      mentions: weighted(),
      words: stats.words,
      meta,
      researchCues: researchCues.size,
      blocks: blocks.length,
    });
    if (!relevance.isHealth) {
      const bareMetal = (m: TextMention) =>
        m.kind === 'supplement' && lexicon.conceptById(m.id)?.category === 'mineral' && !/[\s-]/.test(m.text);
      if (kept.some(bareMetal) && industryWords.size >= 3) {
        kept = kept.filter((m) => {
          if (!bareMetal(m)) return true;
          rejectedExtra.push({ text: m.text, id: m.id, start: m.start, end: m.end, reason: 'industry' });
          return false;
        });
        relevance = scoreRelevance({
          mentions: weighted(),
          words: stats.words,
          meta,
          researchCues: researchCues.size,
          blocks: blocks.length,
        });
      }
    }

    // 8. Doses of the supplements that survived.
    const byKey = new Map<number, TextMention>();
    for (const m of kept) if (m.key >= 0) byKey.set(m.key, m);
    const doses: LocatedDose[] = [];
    for (const a of amounts) {
      const m = byKey.get(a.key);
      if (m?.kind !== 'supplement') continue;
      const limit = limits.get(m.id) ?? lexicon.conceptById(m.id)?.upperLimit;
      const blk = blocks[items[a.key]!.block]!;
      const fromSupplement = fromSupplementContext(
        blk.text,
        Math.min(a.start, m.start) - blk.offset,
        Math.max(a.end, m.end) - blk.offset,
      );
      doses.push({ ...toDose(m.id, a, limit, fromSupplement), start: a.start, end: a.end });
    }

    const rejected: RejectedMatch[] = [];
    for (const it of items) {
      if (!it.reason) continue;
      const c = conceptOf(it.c.entries[0]!);
      rejected.push({ text: surface(it), id: c.id, start: it.c.start, end: it.c.end, reason: it.reason });
    }
    rejected.push(...rejectedExtra);
    rejected.sort((a, b) => a.start - b.start);

    return {
      mentions: kept.map(({ key: _key, ...m }) => m),
      health: { score: relevance.score, isHealth: relevance.isHealth },
      doses,
      relevance,
      rejected,
      definitions: defUses,
      words: stats.words,
    };
  }

  return { feed, finish };
}

/**
 * One-shot analysis of a page's visible text. Each line ("\n"-separated) is one block, as
 * produced by extractVisibleText (lib/text/html.ts).
 */
export function analyzeText(
  text: string,
  lexicon: Lexicon,
  meta?: PageMeta,
  kbConcepts?: readonly Concept[],
): PageAnalysisDetail {
  const scanner = createPageScanner(lexicon, kbConcepts);
  let offset = 0;
  while (offset <= text.length) {
    let nl = text.indexOf('\n', offset);
    if (nl < 0) nl = text.length;
    if (nl > offset) scanner.feed(text.slice(offset, nl), offset);
    offset = nl + 1;
  }
  return scanner.finish(meta);
}

/** Text that exercises every rule once (names, idioms, definitions, doses, recipes, metals). */
const WARM_UP_TEXT = [
  'Dr. Ginger Alvarez said zinc (50 mg) and 4,000 IU of vitamin D a day may help rheumatoid arthritis (RA).',
  'Iron Man, iron ore, cast iron, a stroke of luck, 1 tbsp grated ginger, calcium carbonate from limestone.',
  'The Environmental Protection Agency (EPA) and the Selenium tests; omega-3s, St. John’s wort, warfarin.',
].join('\n');

/**
 * Runs a short sample through a throw-away scanner so the regular expressions and code paths are
 * compiled before the first real page: call it at idle time (the first feed() otherwise pays
 * 10-25 ms of one-off compilation).
 */
export function warmUpScanner(lexicon: Lexicon): void {
  analyzeText(WARM_UP_TEXT, lexicon);
}
