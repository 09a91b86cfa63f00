// The compiled lexicon: every surface form of every knowledge-base concept in one trie over folded
// characters, built at build time (scripts/kb-build.ts writes lib/kb/generated/lexicon.json) and
// loaded in a few milliseconds.
//
// Matching walks the original text code point by code point from each word start, folding on the
// fly (see fold.ts), so offsets are always offsets into the original text. Between the words of a
// multi-word form the text may use any run of spaces, hyphens, dashes or a slash ("omega-3",
// "omega 3", "HIV/AIDS"), a trailing apostrophe ("Graves' disease") or the period of "St.". The
// compiler adds spelling variants: joined hyphen and letter-digit forms ("omega3", "vitamin B-12"),
// "'s"/"s" ("St Johns wort"), "St"/"Saint", Greek letters, plurals, and plural abbreviations
// ("SSRIs"). A match must start and end on a word boundary (letters, digits and combining marks of
// any script are word characters), so "ZIP8" is not zinc and "ironically" is not iron. At each
// position the longest valid form wins, and overlapping matches are resolved longest first.
//
// Speed: most words of a page begin no form. scan() hashes each ASCII word as it reads it and
// walks the trie only for words in a small filter of the first words forms begin with (or words
// followed by something other than ASCII punctuation or space), so most words cost one read of
// their characters. The filter is exact in the direction that matters: it never drops a word a
// form begins with (tests/unit/matching/property.test.ts compares it with the general path).
import { buildHierarchy, type Hierarchy, inheritedUpperLimits } from '../kb/hierarchy';
import type { Concept, ConceptKind } from '../kb/types';
import { CONTEXT_FORMS, NOT_MENTION_FORMS } from './context-forms';
import {
  APOSTROPHE,
  charClass,
  foldCodePoint,
  IGNORABLE,
  isUpperCodePoint,
  JOINER,
  OTHER,
  SPACE,
  WORD,
  wordCharsExact,
} from './fold';
import { quietConceptIds } from './highlight-policy';
import type { TextMention } from './types';

export const LEXICON_FORMAT = 'supplens-lexicon-2';
/** Bumped whenever compileLexicon changes what it produces: a stored lexicon from another compiler is rebuilt. */
export const LEXICON_COMPILER = '2026-12-06.5';

/** Any case. */
export const CASE_ANY = 0;
/** Exact letters and digits, case kept (abbreviations, all-capital synonyms); a plural "s" is allowed. */
export const CASE_EXACT = 1;
/** First letter must be a capital (brand names and capitalised single-word synonyms: "Tums", "Versed"). */
export const CASE_CAPITAL = 2;
export type CaseMode = 0 | 1 | 2;

export interface LexiconConcept {
  id: string;
  kind: ConceptKind;
  name: string;
  category?: string;
  /** `of`: the ancestor whose limit this is, when the concept has none of its own. */
  upperLimit?: { amount: number; unit: string; appliesTo?: string; of?: string };
  /** Is-a parents (ids), when the concept has any. */
  parents?: string[];
  /** Detected but not highlighted by default (a population: highlight-policy.ts). */
  quiet?: true;
}

export interface LexiconEntry {
  /** Index into concepts; -1 for a not-a-mention phrase (context-forms.ts), never reported. */
  concept: number;
  /** The surface form as written in the knowledge base. */
  form: string;
  /** True for a short form listed under `abbreviations`. */
  abbreviation: boolean;
  caseMode: CaseMode;
  /** For CASE_EXACT: the form's letters and digits (NFKC, case kept). */
  exact: string;
}

/** JSON-serialisable compiled lexicon (lib/kb/generated/lexicon.json). */
export interface LexiconData {
  format: typeof LEXICON_FORMAT;
  /** LEXICON_COMPILER of the compiler that produced it. */
  compiler: string;
  kbVersion?: string;
  concepts: LexiconConcept[];
  /** [concept index or -1, form, flags]; flags: bit 0 abbreviation, bits 1-2 case mode. */
  entries: [number, string, number][];
  /**
   * Number of edges leaving each node, one UTF-16 code unit per node (COUNT_BASE + the count),
   * nodes in breadth-first order (node 0 is the root). A string parses far faster than an array of
   * numbers, and the offset keeps small counts out of JSON's six-byte control-character escapes.
   */
  edgeCounts: string;
  /**
   * One UTF-16 code unit per edge, edges of a node sorted by code unit. Edges are numbered in the
   * same breadth-first order as nodes, so edge e leads to node e + 1: no target table is stored.
   */
  edgeChars: string;
  /** Terminal outputs, flattened: node, count, entry indices..., node, count, ... */
  outputs: number[];
  /** Counts, for reports. */
  stats: { forms: number; keys: number; nodes: number };
}

/** Offset of the edge counts in LexiconData.edgeCounts ("0" is a leaf). */
const COUNT_BASE = 48;

export interface ScanStats {
  /** Words seen (incremented). */
  words: number;
}

/** A span of text that matched one or more entries (more than one only for shared forms). */
export interface Candidate {
  start: number;
  end: number;
  /** Entry indices, all with the same span; never empty. */
  entries: number[];
  /**
   * The next-longest form from the same start ("zinc" under "zinc deficiency"), kept for when a
   * longer overlapping form from a later start takes this span: resolveOverlaps then falls back
   * to it, so "zinc" in "zinc deficiency of the third component of complement" is still found.
   */
  shorter?: { end: number; entries: number[] };
}

// ---------------------------------------------------------------------------------------------
// Compiling

interface Sep {
  kind: 'gap' | 'lit';
  hyphen: boolean;
  text: string;
}

interface FormShape {
  tokens: string[];
  seps: Sep[];
  trailing: string;
}

/** Words whose period is part of the word, not punctuation: "St.", "subsp.", a genus initial ("B. lactis"). */
const DOTTED_WORD = /^(?:st|subsp|ssp|spp|var|lb|[a-z])$/;

/** Splits a surface form into folded word tokens and the separators between them. */
export function shapeOf(form: string): FormShape {
  const tokens: string[] = [];
  const seps: Sep[] = [];
  let tok = '';
  let lit = '';
  let hyphen = false;
  let trailing = '';
  const cps = Array.from(form.normalize('NFC'), (ch) => ch.codePointAt(0)!);
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i]!;
    const k = charClass(cp);
    const next = cps[i + 1];
    if (k === WORD || k === IGNORABLE) {
      if (!tok && tokens.length > 0) {
        seps.push(lit ? { kind: 'lit', hyphen: false, text: lit } : { kind: 'gap', hyphen, text: ' ' });
        lit = '';
        hyphen = false;
      }
      tok += foldCodePoint(cp);
      continue;
    }
    if (k === APOSTROPHE && tok && next !== undefined && charClass(next) === WORD) {
      tok += "'";
      continue;
    }
    // A separator character: ends the current token.
    if (tok) {
      tokens.push(tok);
      tok = '';
      lit = '';
      hyphen = false;
    }
    if (tokens.length === 0) continue; // leading punctuation is ignored
    const last = tokens[tokens.length - 1]!;
    // "St." and a genus initial ("B. lactis") read as their word plus a space.
    if (k === SPACE || k === APOSTROPHE || (cp === 0x2e && DOTTED_WORD.test(last) && !lit)) continue;
    if (k === JOINER) {
      if (cp !== 0x2f) hyphen = true;
      continue;
    }
    lit += foldCodePoint(cp);
  }
  if (tok) tokens.push(tok);
  else trailing = lit;
  return { tokens, seps, trailing };
}

const GREEK: Record<string, string> = { alpha: 'α', beta: 'β', gamma: 'γ', omega: 'ω' };
const GREEK_BACK: Record<string, string> = { α: 'alpha', β: 'beta', γ: 'gamma', ω: 'omega' };
const LETTERS_THEN_DIGITS = /^(\p{L}+)(\p{N}+)$/u;
const DIGITS_THEN_LETTERS = /^(\p{N}+)(\p{L}+)$/u;
const IS_LETTERS = /^\p{L}+$/u;
const IS_DIGITS = /^\p{N}+$/u;
const MAX_VARIANTS = 64;

function tokenVariants(t: string): string[] {
  const out = new Set([t]);
  if (t.includes("'")) out.add(t.replace(/'/g, ''));
  if (t === 'st') out.add('saint');
  if (t === 'saint') out.add('st');
  if (GREEK[t]) out.add(GREEK[t]!);
  if (GREEK_BACK[t]) out.add(GREEK_BACK[t]!);
  const ld = LETTERS_THEN_DIGITS.exec(t) ?? DIGITS_THEN_LETTERS.exec(t);
  if (ld) out.add(`${ld[1]} ${ld[2]}`);
  return [...out];
}

function sepVariants(sep: Sep, left: string, right: string): string[] {
  if (sep.kind === 'lit') return [sep.text];
  const mixed =
    (IS_LETTERS.test(left) && IS_DIGITS.test(right)) || (IS_DIGITS.test(left) && IS_LETTERS.test(right));
  return sep.hyphen || mixed ? [' ', ''] : [' '];
}

/** Every folded key a form is matched under (not counting plurals). */
export function formKeys(form: string): string[] {
  const { tokens, seps, trailing } = shapeOf(form);
  if (tokens.length === 0) return [];
  let acc: string[] = [''];
  for (let i = 0; i < tokens.length; i++) {
    const next: string[] = [];
    const tv = tokenVariants(tokens[i]!);
    const sv = i === 0 ? [''] : sepVariants(seps[i - 1]!, tokens[i - 1]!, tokens[i]!);
    for (const a of acc)
      for (const s of sv)
        for (const t of tv) {
          if (next.length < MAX_VARIANTS) next.push(a + s + t);
        }
    acc = next;
  }
  return [...new Set(acc.map((k) => k + trailing))];
}

/** English plural of a folded key's last word, or undefined when it should not be pluralised. */
export function pluralKey(key: string): string | undefined {
  const m = /(\p{L}+)$/u.exec(key);
  if (!m || m[1]!.length < 3) return undefined;
  const w = m[1]!;
  const stem = key.slice(0, key.length - w.length);
  if (/s$/.test(w)) return undefined;
  if (/(x|z|ch|sh)$/.test(w)) return `${stem}${w}es`;
  if (/[^aeiou]y$/.test(w)) return `${stem}${w.slice(0, -1)}ies`;
  return `${stem}${w}s`;
}

/** Singular of a multi-word key ending in a regular plural ("blood thinners" → "blood thinner"). */
export function singularKey(key: string): string | undefined {
  if (!key.includes(' ')) return undefined;
  const m = /(\p{L}+)$/u.exec(key);
  if (!m || m[1]!.length < 4) return undefined;
  const w = m[1]!;
  const stem = key.slice(0, key.length - w.length);
  if (/(?:ss|us|is|ics)$/.test(w) || !/s$/.test(w)) return undefined;
  if (/[^aeiou]ies$/.test(w)) return `${stem}${w.slice(0, -3)}y`;
  if (/(?:ches|shes|xes|zes)$/.test(w)) return `${stem}${w.slice(0, -2)}`;
  return `${stem}${w.slice(0, -1)}`;
}

function caseModeOf(form: string, role: 'name' | 'synonym' | 'abbreviation'): CaseMode {
  if (role === 'abbreviation') return CASE_EXACT;
  if (role === 'name') return CASE_ANY;
  const words = form.split(/[\s\-‐-―/]+/).filter(Boolean);
  if (words.length !== 1) return CASE_ANY;
  const letters = form.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase())
    return CASE_EXACT;
  const first = form.codePointAt(0)!;
  return isUpperCodePoint(first) ? CASE_CAPITAL : CASE_ANY;
}

interface TrieNode {
  edges: Map<number, TrieNode>;
  out?: number[];
  id: number;
}

/** Compiles concepts into the serialisable lexicon (run at build time). */
export function compileLexicon(concepts: Concept[], options: { kbVersion?: string } = {}): LexiconData {
  const lexConcepts: LexiconConcept[] = [];
  const entries: [number, string, number][] = [];
  // key -> list of [entry, generated]
  const keys = new Map<string, { entry: number; plural: boolean }[]>();
  const add = (key: string, entry: number, plural: boolean) => {
    if (!key) return;
    const list = keys.get(key) ?? [];
    if (!list.some((x) => x.entry === entry)) list.push({ entry, plural });
    keys.set(key, list);
  };

  // Product spans, one rule: a mention is the longest form the knowledge base lists and carries
  // that form's concept ("aged garlic extract" → garlic, "valerian root" → valerian, "calcium
  // supplements" → calcium), except a coordination of two listed forms ("lutein and zeaxanthin",
  // "lutein/zeaxanthin"), which is two mentions: such a form is not compiled.
  const plainKeys = new Set<string>();
  for (const c of concepts)
    for (const f of [c.name, ...c.synonyms, ...(CONTEXT_FORMS[c.id] ?? [])]) {
      const k = formKeys(f)[0];
      if (k) plainKeys.add(k);
    }
  const isCoordination = (form: string): boolean => {
    const parts = form.split(/\s+(?:and|or|&)\s+|\s*\/\s*/i);
    return parts.length === 2 && parts.every((p) => plainKeys.has(formKeys(p)[0] ?? ''));
  };

  const quiet = quietConceptIds(concepts);
  const limits = inheritedUpperLimits(concepts);
  concepts.forEach((c, ci) => {
    const lc: LexiconConcept = { id: c.id, kind: c.kind, name: c.name };
    if (c.category) lc.category = c.category;
    if (c.parents?.length) lc.parents = [...c.parents];
    if (quiet.has(c.id)) lc.quiet = true;
    const inherited = limits.get(c.id);
    if (inherited)
      lc.upperLimit = {
        amount: inherited.limit.amount,
        unit: inherited.limit.unit,
        appliesTo: inherited.limit.appliesTo,
        ...(inherited.of === c.id ? {} : { of: inherited.of }),
      };
    lexConcepts.push(lc);
    const seen = new Set<string>();
    const forms: [string, 'name' | 'synonym' | 'abbreviation'][] = [
      [c.name, 'name'],
      ...c.synonyms.map((s) => [s, 'synonym'] as [string, 'synonym']),
      ...(CONTEXT_FORMS[c.id] ?? []).map((s) => [s, 'synonym'] as [string, 'synonym']),
      ...c.abbreviations.map((s) => [s, 'abbreviation'] as [string, 'abbreviation']),
    ];
    for (const [form, role] of forms) {
      const dedupe = `${role === 'abbreviation' ? 'A' : 'L'}:${form}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      if (role !== 'abbreviation' && isCoordination(form)) continue;
      const caseMode = caseModeOf(form, role);
      const abbreviation = role === 'abbreviation';
      const entry = entries.length;
      entries.push([ci, form, (abbreviation ? 1 : 0) | (caseMode << 1)]);
      const fks = formKeys(form);
      const singleWord = shapeOf(form).tokens.length === 1;
      const pluralise = !abbreviation && caseMode !== CASE_EXACT && !(c.category === 'mineral' && singleWord);
      for (const k of fks) {
        add(k, entry, false);
        if (abbreviation) {
          // "SSRIs", "PPIs": a plural s after a short form ending in a capital letter.
          if (/\p{Lu}$/u.test(form)) add(`${k}s`, entry, true);
        } else if (pluralise) {
          const p = pluralKey(k);
          if (p) add(p, entry, true);
          const sg = singularKey(k);
          if (sg) add(sg, entry, true);
        }
      }
    }
  });

  // Not-a-mention phrases: keys of their own, dropped after overlap resolution (see scan()).
  for (const form of NOT_MENTION_FORMS) {
    const entry = entries.length;
    entries.push([-1, form, CASE_ANY << 1]);
    for (const k of formKeys(form)) {
      add(k, entry, false);
      const p = pluralKey(k);
      if (p) add(p, entry, true);
    }
  }

  // A generated plural never takes a key another concept lists as a real form.
  // A concept's own form always beats a not-a-mention phrase of the same key.
  for (const [key, list] of keys) {
    const realConcepts = new Set(list.filter((x) => !x.plural).map((x) => entries[x.entry]![0]));
    let kept =
      realConcepts.size === 0
        ? list
        : list.filter((x) => !x.plural || realConcepts.has(entries[x.entry]![0]));
    if (kept.some((x) => entries[x.entry]![0] >= 0)) kept = kept.filter((x) => entries[x.entry]![0] >= 0);
    if (kept.length !== list.length) keys.set(key, kept);
  }

  // Build the trie over UTF-16 code units of the keys.
  let nextId = 0;
  const root: TrieNode = { edges: new Map(), id: nextId++ };
  for (const [key, list] of keys) {
    let node = root;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      let child = node.edges.get(c);
      if (!child) {
        child = { edges: new Map(), id: -1 };
        node.edges.set(c, child);
      }
      node = child;
    }
    node.out = [...new Set([...(node.out ?? []), ...list.map((x) => x.entry)])].sort((a, b) => a - b);
  }

  // Breadth-first numbering and flattening.
  const order: TrieNode[] = [root];
  for (let i = 0; i < order.length; i++) {
    const node = order[i]!;
    node.id = i;
    const sorted = [...node.edges.entries()].sort((a, b) => a[0] - b[0]);
    node.edges = new Map(sorted);
    for (const [, child] of sorted) order.push(child);
  }
  const edgeCounts: string[] = [];
  const edgeChars: string[] = [];
  const outputs: number[] = [];
  let edge = 0;
  for (const node of order) {
    edgeCounts.push(String.fromCharCode(COUNT_BASE + node.edges.size));
    for (const [c, child] of node.edges) {
      edgeChars.push(String.fromCharCode(c));
      edge++;
      // Breadth-first numbering: the target of edge e is node e + 1 (see LexiconData.edgeChars).
      if (child.id !== edge) throw new Error('lexicon trie is not in breadth-first order');
    }
    if (node.out) outputs.push(node.id, node.out.length, ...node.out);
  }
  return {
    format: LEXICON_FORMAT,
    compiler: LEXICON_COMPILER,
    ...(options.kbVersion ? { kbVersion: options.kbVersion } : {}),
    concepts: lexConcepts,
    entries,
    edgeCounts: edgeCounts.join(''),
    edgeChars: edgeChars.join(''),
    outputs,
    stats: { forms: entries.length, keys: keys.size, nodes: order.length },
  };
}

// ---------------------------------------------------------------------------------------------
// Loading and matching

const SPACE_UNIT = 0x20;
const APOS_UNIT = 0x27;
/**
 * Output field of a node record that is no form and whose edges are all ASCII letters, digits or
 * underscore: nothing but more of the same word can follow (see Lexicon.deadEnd). Other nodes
 * without a form hold -1.
 */
const WORDS_ONLY = -2;
/** Nodes with at least this many edges get a dense ASCII table. */
const DENSE_MIN_EDGES = 5;
/** Nodes up to this depth are laid out breadth-first, ahead of the deeper ones (see Lexicon.trie). */
const SHALLOW_DEPTH = 3;
/** Longest gap between the words of one form (characters). */
const MAX_GAP = 40;
/** ASCII letters, digits and underscore folded (lower case); 0 for every other ASCII code unit. */
const ASCII_FOLD = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95) ASCII_FOLD[c] = c;
  else if (c >= 65 && c <= 90) ASCII_FOLD[c] = c + 32;
}

/** True for a key's code unit that is an ASCII letter, digit or underscore (keys are folded). */
function isKeyWordUnit(c: number): boolean {
  return c < 128 && ASCII_FOLD[c] === c;
}

/**
 * The hash the first-word filter and scan() agree on: h = h * 33 ^ folded code unit from this seed
 * (a short dependency chain per character), then mixHash() once per word.
 */
const WORD_HASH_SEED = 5381;

/** Spreads a word hash's bits over all 32 (the filter reads both ends). */
function mixHash(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
/** log2 of the first-word filter's size in bits: 16 KB, to stay in the fastest cache. */
const FIRST_WORD_BITS = 17;

/** Builds Lexicon.firstWords from the laid-out trie (records as described at Lexicon.trie). */
function firstWordFilter(trie: Int32Array, nodeCount: number): Int32Array {
  const filter = new Int32Array(1 << (FIRST_WORD_BITS - 5));
  const set = (bit: number) => {
    filter[bit >>> 5]! |= 1 << (bit & 31);
  };
  // Depth-first; every node is pushed at most once, so nodeCount bounds the stack.
  const nodes = new Int32Array(nodeCount);
  const hashes = new Int32Array(nodeCount);
  let sp = 1;
  nodes[0] = 0;
  hashes[0] = WORD_HASH_SEED;
  while (sp > 0) {
    sp--;
    const node = nodes[sp]!;
    const hash = hashes[sp]!;
    let boundary = node !== 0 && trie[node]! >= 0;
    const end = node + 3 + 2 * trie[node + 1]!;
    for (let e = node + 3; e < end; e += 2) {
      const c = trie[e]!;
      if (isKeyWordUnit(c)) {
        nodes[sp] = trie[e + 1]!;
        hashes[sp] = ((hash << 5) + hash) ^ c;
        sp++;
      } else if (node !== 0) boundary = true;
    }
    if (boundary) {
      const mixed = mixHash(hash);
      set(mixed >>> (32 - FIRST_WORD_BITS));
      set(mixed & ((1 << FIRST_WORD_BITS) - 1));
    }
  }
  return filter;
}

export class Lexicon {
  readonly concepts: readonly LexiconConcept[];
  readonly entries: readonly LexiconEntry[];
  readonly kbVersion: string | undefined;
  /**
   * The trie, re-laid out at load time for the matcher's memory access pattern: one record per
   * node, nodes in depth-first order (a node's first child, and so the rest of a chain of
   * single-child nodes, follows it in memory), each record
   * [output offset in outList (or -1, or WORDS_ONLY, when no form ends here), edge count, dense table
   * offset or -1, (code unit, child record)...],
   * edges sorted by code unit. A node is identified by its record offset; the root is at 0.
   */
  private readonly trie: Int32Array;
  /** Record offset of the root's child along each ASCII code unit, or -1. */
  private readonly rootAscii: Int32Array;
  /** 128-slot ASCII tables (child record offsets) of the nodes with many edges. */
  private readonly dense: Int32Array;
  /**
   * Node reached by two folded ASCII word characters from the root (first * 128 + second), or -1:
   * most words are decided, or at least started, by one read of this small table.
   */
  private readonly pairs: Int32Array;
  /**
   * Bloom filter (two probes) of the hashes of every ASCII first word a form can begin with: the
   * letters and digits from the root to a node that ends a form or goes on with anything but a
   * letter or digit. A word whose hash misses it ends every walk it could start without a
   * candidate; most words of a page are skipped so, without touching the trie.
   */
  private readonly firstWords: Int32Array;
  private readonly outList: Int32Array;
  /**
   * For an output (by its offset in outList) whose entries take any case: those entries, one
   * shared array, so accepting the commonest terminals allocates nothing (candidates never mutate
   * their entries); null for an output with case rules. Filled in as outputs are first met, which
   * keeps loading fast.
   */
  private readonly anyCase: (number[] | null | undefined)[];
  /** 1 for the entries of not-a-mention phrases (concept -1). */
  private readonly notMention: Uint8Array;
  private readonly conceptIndex = new Map<string, number>();

  constructor(data: LexiconData) {
    if (data.format !== LEXICON_FORMAT) throw new Error(`unknown lexicon format: ${String(data.format)}`);
    this.kbVersion = data.kbVersion;
    this.concepts = data.concepts;
    this.entries = data.entries.map(([concept, form, flags]) => {
      const caseMode = ((flags >> 1) & 3) as CaseMode;
      return {
        concept,
        form,
        abbreviation: (flags & 1) === 1,
        caseMode,
        exact: caseMode === CASE_EXACT ? wordCharsExact(form) : '',
      };
    });
    data.concepts.forEach((c, i) => {
      this.conceptIndex.set(c.id, i);
    });
    this.notMention = Uint8Array.from(this.entries, (e) => (e.concept < 0 ? 1 : 0));
    const n = data.edgeCounts.length;
    const counts = data.edgeCounts;
    const chars = data.edgeChars;
    // Breadth-first data: node v's edges are edgeStart[v] .. edgeStart[v + 1] - 1, edge e leads to node e + 1.
    const edgeStart = new Int32Array(n + 1);
    let busy = 1; // the root always gets a table
    for (let i = 0; i < n; i++) {
      const k = counts.charCodeAt(i) - COUNT_BASE;
      edgeStart[i + 1] = edgeStart[i]! + k;
      if (k >= DENSE_MIN_EDGES && i > 0) busy++;
    }
    // Record offsets: the shallow nodes that nearly every word visits first, breadth-first (they
    // stay in cache together), then each deeper subtree depth-first. Levels are contiguous in
    // breadth-first order: the level after nodes [a, b) is [b, edgeStart[b] + 1).
    let shallowEnd = Math.min(n, 1);
    for (let d = 0; d < SHALLOW_DEPTH && shallowEnd < n; d++) shallowEnd = edgeStart[shallowEnd]! + 1;
    const deepEnd = shallowEnd < n ? edgeStart[shallowEnd]! + 1 : n;
    const recordOf = new Int32Array(n);
    // A record is 3 + 2 * edges long, so breadth-first node v starts at 3 * v + 2 * edgeStart[v].
    for (let v = 0; v < shallowEnd; v++) recordOf[v] = 3 * v + 2 * edgeStart[v]!;
    let size = 3 * shallowEnd + 2 * edgeStart[shallowEnd]!;
    const stack = new Int32Array(n);
    let sp = 0;
    for (let v = deepEnd - 1; v >= shallowEnd; v--) stack[sp++] = v;
    while (sp > 0) {
      const v = stack[--sp]!;
      recordOf[v] = size;
      const first = edgeStart[v]!;
      const end = edgeStart[v + 1]!;
      size += 3 + 2 * (end - first);
      for (let e = end - 1; e >= first; e--) stack[sp++] = e + 1;
    }
    const trie = new Int32Array(size);
    const dense = new Int32Array(busy * 128).fill(-1);
    let slot = 0;
    for (let v = 0; v < n; v++) {
      const r = recordOf[v]!;
      const first = edgeStart[v]!;
      const count = edgeStart[v + 1]! - first;
      let wordsOnly = true;
      for (let j = 0; j < count && wordsOnly; j++) {
        const c = chars.charCodeAt(first + j);
        wordsOnly = isKeyWordUnit(c);
      }
      trie[r] = wordsOnly ? WORDS_ONLY : -1;
      trie[r + 1] = count;
      trie[r + 2] = -1;
      const isDense = count >= DENSE_MIN_EDGES || v === 0;
      if (isDense) trie[r + 2] = slot;
      for (let j = 0; j < count; j++) {
        const c = chars.charCodeAt(first + j);
        const target = recordOf[first + j + 1]!;
        trie[r + 3 + 2 * j] = c;
        trie[r + 4 + 2 * j] = target;
        if (isDense && c < 128) dense[slot + c] = target;
      }
      if (isDense) slot += 128;
    }
    this.rootAscii = dense.slice(0, 128);
    this.dense = dense;
    const outs = data.outputs;
    const outList = new Int32Array(outs.length);
    let w = 0;
    for (let r = 0; r < outs.length; ) {
      const node = outs[r]!;
      const count = outs[r + 1]!;
      trie[recordOf[node]!] = w;
      outList[w++] = count;
      for (let j = 0; j < count; j++) outList[w++] = outs[r + 2 + j]!;
      r += 2 + count;
    }
    this.trie = trie;
    this.outList = outList;
    this.anyCase = new Array(outList.length);
    const pairs = new Int32Array(128 * 128).fill(-1);
    for (let e = 3; e < 3 + 2 * trie[1]!; e += 2) {
      const a = trie[e]!;
      if (!isKeyWordUnit(a)) continue;
      const r = trie[e + 1]!;
      for (let f = r + 3; f < r + 3 + 2 * trie[r + 1]!; f += 2) {
        const b = trie[f]!;
        if (isKeyWordUnit(b)) pairs[a * 128 + b] = trie[f + 1]!;
      }
    }
    this.pairs = pairs;
    this.firstWords = firstWordFilter(trie, n);
  }

  /** True when the folded ASCII word with this mixed hash (see WORD_HASH_SEED) may begin a form. */
  private mayStartForm(hash: number): boolean {
    const f = this.firstWords;
    const a = hash >>> (32 - FIRST_WORD_BITS);
    const b = hash & ((1 << FIRST_WORD_BITS) - 1);
    return (f[a >>> 5]! & (1 << (a & 31))) !== 0 && (f[b >>> 5]! & (1 << (b & 31))) !== 0;
  }

  conceptById(id: string): LexiconConcept | undefined {
    const i = this.conceptIndex.get(id);
    return i === undefined ? undefined : this.concepts[i];
  }

  indexOfConcept(id: string): number {
    return this.conceptIndex.get(id) ?? -1;
  }

  private hierarchy?: Hierarchy;

  /** Indices of a concept's ancestors and descendants: naming one names the family ("krill oil" and DHA). */
  familyOf(ci: number): number[] {
    const id = this.concepts[ci]?.id;
    if (id === undefined) return [];
    this.hierarchy ??= buildHierarchy(this.concepts.map((c) => ({ id: c.id, parents: c.parents ?? [] })));
    return [...this.hierarchy.ancestorsOf(id), ...this.hierarchy.descendantsOf(id)]
      .map((k) => this.indexOfConcept(k))
      .filter((k) => k >= 0);
  }

  /** Child of `node` along code unit `c`, or -1. */
  private child(node: number, c: number): number {
    const t = this.trie;
    if (c < 128) {
      const d = t[node + 2]!;
      if (d >= 0) return this.dense[d + c]!;
    }
    // Most nodes have one edge (the inside of a long word).
    if (t[node + 1] === 1) return t[node + 3] === c ? t[node + 4]! : -1;
    const end = node + 3 + 2 * t[node + 1]!;
    for (let e = node + 3; e < end; e += 2) {
      const x = t[e]!;
      if (x === c) return t[e + 1]!;
      if (x > c) return -1;
    }
    return -1;
  }

  private childFolded(node: number, folded: string): number {
    let cur = node;
    for (let i = 0; i < folded.length && cur >= 0; i++) cur = this.child(cur, folded.charCodeAt(i));
    return cur;
  }

  /** Entries of a terminal node that accept this exact surface (case rules), or undefined. */
  private accept(node: number, text: string, start: number, end: number): number[] | undefined {
    const o = this.trie[node]!;
    if (o < 0) return undefined;
    let shared = this.anyCase[o];
    if (shared === undefined) {
      const list = Array.from(this.outList.subarray(o + 1, o + 1 + this.outList[o]!));
      shared = list.every((ei) => this.entries[ei]!.caseMode === CASE_ANY) ? list : null;
      this.anyCase[o] = shared;
    }
    if (shared) return shared;
    const count = this.outList[o]!;
    let out: number[] | undefined;
    let exact: string | undefined;
    for (let j = 1; j <= count; j++) {
      const ei = this.outList[o + j]!;
      const entry = this.entries[ei]!;
      if (entry.caseMode === CASE_CAPITAL) {
        if (!isUpperCodePoint(text.codePointAt(start)!)) continue;
      } else if (entry.caseMode === CASE_EXACT) {
        exact ??= wordCharsExact(text.slice(start, end));
        if (exact !== entry.exact && exact !== `${entry.exact}s`) continue;
      }
      if (!out) out = [];
      out.push(ei);
    }
    return out;
  }

  /**
   * True when a walk at the word end `j`, in `node`, can report nothing: the word is no form, and
   * the text goes on with a space and a word no multi-word form continues with, or with ASCII
   * punctuation no form continues with. That is the fate of most words inside the trie ("the
   * study", "people who", "the"); calling walk() for them costs more than this check.
   */
  private deadEnd(text: string, node: number, j: number, to: number): boolean {
    const trie = this.trie;
    const o = trie[node]!;
    if (o >= 0 || j >= to) return false;
    const u = text.charCodeAt(j);
    // Punctuation after a word: only a form with punctuation or an apostrophe in it goes on.
    if (u !== SPACE_UNIT) return o === WORDS_ONLY && u < 128;
    if (j + 1 >= to) return false;
    if (trie[node + 1] === 0) return true;
    const first = trie[node + 3]!;
    // Edges are sorted: a first edge past the space means no multi-word form goes on from here.
    if (first !== SPACE_UNIT) return first > SPACE_UNIT;
    const v = text.charCodeAt(j + 1);
    const h = v < 128 ? ASCII_FOLD[v]! : 0;
    return h !== 0 && this.child(trie[node + 4]!, h) < 0;
  }

  /**
   * Longest form starting at word start `p`, the walk having reached `startNode` at `startAt`
   * (scan() walks a first word's ASCII letters itself); pushes a candidate and returns its end, or
   * returns -1.
   */
  private walk(
    text: string,
    p: number,
    limit: number,
    base: number,
    sink: Candidate[],
    startNode = 0,
    startAt = p,
  ): number {
    const trie = this.trie;
    let node = startNode;
    let i = startAt;
    let tokStart = p;
    let bestEnd = -1;
    let bestEntries: number[] | undefined;
    let prevEnd = -1;
    let prevEntries: number[] | undefined;
    for (;;) {
      // Consume one word.
      while (i < limit) {
        const u = text.charCodeAt(i);
        const c = u < 128 ? ASCII_FOLD[u]! : 0;
        if (c !== 0) {
          node = this.child(node, c);
          if (node < 0) return this.finish(text, bestEnd, bestEntries, p, base, sink, prevEnd, prevEntries);
          i += 1;
          continue;
        }
        // Any other ASCII character but an apostrophe ends the word.
        if (u < 128 && u !== 0x27 && u !== 0x60) break;
        const cp = text.codePointAt(i)!;
        const k = charClass(cp);
        if (k === WORD || k === IGNORABLE) {
          if (cp < 128) {
            node = this.child(node, cp >= 65 && cp <= 90 ? cp + 32 : cp);
          } else {
            node = this.childFolded(node, foldCodePoint(cp));
          }
          if (node < 0) return this.finish(text, bestEnd, bestEntries, p, base, sink, prevEnd, prevEntries);
          i += cp > 0xffff ? 2 : 1;
          continue;
        }
        if (k === APOSTROPHE && i + 1 < limit && charClass(text.codePointAt(i + 1)!) === WORD) {
          // "zinc's": a boundary before the apostrophe, then the word may go on ("john's").
          const acc = trie[node]! >= 0 ? this.accept(node, text, p, i) : undefined;
          if (acc) {
            if (bestEntries) {
              prevEnd = bestEnd;
              prevEntries = bestEntries;
            }
            bestEnd = i;
            bestEntries = acc;
          }
          node = this.child(node, APOS_UNIT);
          if (node < 0) return this.finish(text, bestEnd, bestEntries, p, base, sink, prevEnd, prevEntries);
          i += 1;
          continue;
        }
        break;
      }
      const acc = trie[node]! >= 0 ? this.accept(node, text, p, i) : undefined;
      if (acc) {
        if (bestEntries) {
          prevEnd = bestEnd;
          prevEntries = bestEntries;
        }
        bestEnd = i;
        bestEntries = acc;
      }
      if (i >= limit) break;
      // Next word of a multi-word form, across a gap of spaces, hyphens or a slash. Edges are sorted
      // and keys hold hardly anything below a space, so the first edge nearly always decides.
      const firstEdge = trie[node + 1]! > 0 ? trie[node + 3]! : 0x7fffffff;
      const sep =
        firstEdge === SPACE_UNIT
          ? trie[node + 4]!
          : firstEdge > SPACE_UNIT
            ? -1
            : this.child(node, SPACE_UNIT);
      if (sep >= 0) {
        const j = this.gapEnd(text, i, tokStart, limit);
        if (j > 0) {
          node = sep;
          i = j;
          tokStart = j;
          continue;
        }
      }
      // Literal punctuation inside a form ("25(OH)D", "chromium(III)").
      const c = text.charCodeAt(i);
      if (charClass(c) === OTHER && c < 0xd800) {
        // ASCII punctuation folds to itself.
        const nxt = c < 128 ? this.child(node, c) : this.childFolded(node, foldCodePoint(c));
        if (nxt >= 0) {
          node = nxt;
          i += 1;
          if (i < limit && charClass(text.codePointAt(i)!) === WORD) tokStart = i;
          continue;
        }
      }
      break;
    }
    return this.finish(text, bestEnd, bestEntries, p, base, sink, prevEnd, prevEntries);
  }

  private finish(
    text: string,
    end: number,
    entries: number[] | undefined,
    p: number,
    base: number,
    sink: Candidate[],
    shorterEnd = -1,
    shorterEntries?: number[],
  ): number {
    if (end < 0 || !entries) return -1;
    // No invisible soft hyphen or zero-width character at the end of a mention.
    while (end > p && charClass(text.charCodeAt(end - 1)) === IGNORABLE) end--;
    while (shorterEnd > p && charClass(text.charCodeAt(shorterEnd - 1)) === IGNORABLE) shorterEnd--;
    // One object shape for every candidate (`shorter` always present) keeps the code that reads
    // them monomorphic.
    sink.push({
      start: base + p,
      end: base + end,
      entries,
      shorter:
        shorterEntries && shorterEnd > p && shorterEnd < end
          ? { end: base + shorterEnd, entries: shorterEntries }
          : undefined,
    });
    return end;
  }

  /** End of a valid inter-word gap starting at `i` (index of the next word's first character), or -1. */
  private gapEnd(text: string, i: number, tokStart: number, limit: number): number {
    // One space, then an ASCII word character: the usual gap.
    if (text.charCodeAt(i) === SPACE_UNIT && i + 1 < limit) {
      const v = text.charCodeAt(i + 1);
      if (v < 128 && ASCII_FOLD[v] !== 0) return i + 1;
    }
    let j = i;
    let marks = 0;
    let genus = false;
    while (j < limit && j - i <= MAX_GAP) {
      const c = text.charCodeAt(j);
      const k = charClass(c);
      if (k === SPACE) {
        j++;
        continue;
      }
      if (k === JOINER) {
        marks++;
        j++;
        continue;
      }
      if (j === i && k === APOSTROPHE) {
        marks++;
        j++;
        continue;
      }
      if (
        j === i &&
        c === 0x2e &&
        i - tokStart <= 5 &&
        /^(?:st|subsp|ssp|spp|var|lb)$/i.test(text.slice(tokStart, i))
      ) {
        j++;
        continue;
      }
      // A genus shortened to its capital ("B. lactis", "L. plantarum"), species in lower case next.
      if (j === i && c === 0x2e && i - tokStart === 1 && /[A-Z]/.test(text[tokStart]!)) {
        genus = true;
        j++;
        continue;
      }
      break;
    }
    if (j === i || j >= limit || marks > 2) return -1;
    const next = text.codePointAt(j)!;
    if (genus && !/[a-z]/.test(text[j]!)) return -1;
    return charClass(next) === WORD ? j : -1;
  }

  /**
   * The walk from an ASCII word start `i`, its letters and digits ending at `j`: steps through the
   * word in the trie, then hands over to walk() unless that would find nothing.
   */
  private walkWord(text: string, i: number, j: number, to: number, base: number, raw: Candidate[]): void {
    const f = ASCII_FOLD[text.charCodeAt(i)]!;
    let node = this.rootAscii[f]!;
    if (node < 0) return;
    let k = i + 1;
    if (k < j) {
      // The pair table gives the node after two characters, or says no form starts so.
      node = this.pairs[f * 128 + ASCII_FOLD[text.charCodeAt(k)]!]!;
      k++;
    }
    while (node >= 0 && k < j) node = this.child(node, ASCII_FOLD[text.charCodeAt(k++)]!);
    // The word ended (or went on beyond ASCII) inside the trie: walk() takes it from there,
    // unless it would find nothing.
    if (node >= 0 && !this.deadEnd(text, node, j, to)) this.walk(text, i, to, base, raw, node, j);
  }

  /**
   * All candidate matches in `text[from, to)` (one block of text), longest first on overlaps, in
   * text order. Offsets are `base` + offsets into `text`.
   */
  scan(text: string, base = 0, from = 0, to = text.length, stats?: ScanStats): Candidate[] {
    const raw: Candidate[] = [];
    let words = 0;
    let i = from;
    let prevWord = false;
    if (from > 0) {
      const before = text.codePointAt(from - 1)!;
      const k = charClass(before);
      prevWord = k === WORD || k === IGNORABLE;
    }
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        // ASCII fast path.
        const f = ASCII_FOLD[c]!;
        if (f === 0) {
          // An apostrophe inside a word ("John's") does not start a new word.
          if (
            !(
              prevWord &&
              (c === 0x27 || c === 0x60) &&
              i + 1 < to &&
              charClass(text.codePointAt(i + 1)!) === WORD
            )
          )
            prevWord = false;
          i++;
          continue;
        }
        if (prevWord) {
          i++;
          continue;
        }
        words++;
        // Read the word's ASCII letters and digits, hashing them folded.
        let hash = WORD_HASH_SEED;
        let j = i;
        let w = f;
        for (;;) {
          hash = ((hash << 5) + hash) ^ w;
          if (++j >= to) break;
          const v = text.charCodeAt(j);
          if (v >= 128) break;
          w = ASCII_FOLD[v]!;
          if (w === 0) break;
        }
        const after = j < to ? text.charCodeAt(j) : SPACE_UNIT;
        // A word that ends in plain ASCII punctuation or space can only match, or start a match,
        // if it is in the filter of first words. Any other word takes the trie walk.
        if (after >= 128 || after === 0x27 || after === 0x60 || this.mayStartForm(mixHash(hash)))
          this.walkWord(text, i, j, to, base, raw);
        prevWord = true;
        i = j;
        continue;
      }
      const cp = text.codePointAt(i)!;
      const k = charClass(cp);
      if (k === WORD || k === IGNORABLE) {
        if (!prevWord && k === WORD) {
          words++;
          this.walk(text, i, to, base, raw);
        }
        prevWord = true;
      } else if (k === APOSTROPHE && prevWord && i + 1 < to && charClass(text.codePointAt(i + 1)!) === WORD) {
        // An apostrophe inside a word ("John's") does not start a new word.
        prevWord = true;
      } else {
        prevWord = false;
      }
      i += cp > 0xffff ? 2 : 1;
    }
    if (stats) stats.words += words;
    const kept = resolveOverlaps(raw);
    // A not-a-mention phrase has taken its span (longest first): it hides the shorter forms inside
    // it and reports nothing itself.
    const notMention = this.notMention;
    for (let k = 0; k < kept.length; k++) {
      if (notMention[kept[k]!.entries[0]!] === 0) continue;
      return kept.filter((x) => notMention[x.entries[0]!] === 0);
    }
    return kept;
  }

  /** Plain dictionary matches as mentions (first entry of each candidate; no page-level rules). */
  match(text: string): TextMention[] {
    return this.scan(text).map((c) => this.mentionOf(text, c, c.entries[0]!, 0));
  }

  mentionOf(text: string, c: Candidate, entryIndex: number, textBase: number): TextMention {
    const concept = this.concepts[this.entries[entryIndex]!.concept]!;
    return {
      text: text.slice(c.start - textBase, c.end - textBase),
      kind: concept.kind,
      id: concept.id,
      name: concept.name,
      start: c.start,
      end: c.end,
      ...(concept.quiet ? { quiet: true as const } : {}),
    };
  }
}

/** Longest first, then leftmost; returns the kept candidates in text order. */
export function resolveOverlaps(raw: Candidate[]): Candidate[] {
  if (raw.length < 2) return raw;
  let overlaps = false;
  for (let i = 1; i < raw.length; i++) if (raw[i]!.start < raw[i - 1]!.end) overlaps = true;
  if (!overlaps) return raw;
  const byLength = [...raw].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of byLength) {
    if (isFree(kept, c.start, c.end)) kept.push(c);
    else if (c.shorter && isFree(kept, c.start, c.shorter.end))
      kept.push({ start: c.start, end: c.shorter.end, entries: c.shorter.entries, shorter: undefined });
  }
  return kept.sort((a, b) => a.start - b.start);
}

function isFree(kept: Candidate[], start: number, end: number): boolean {
  for (let j = 0; j < kept.length; j++) {
    const k = kept[j]!;
    if (start < k.end && k.start < end) return false;
  }
  return true;
}

/** Turns compiled data into a matcher (cheap: typed arrays over the stored trie). */
export function loadLexicon(data: LexiconData): Lexicon {
  return new Lexicon(data);
}
