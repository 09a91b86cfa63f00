// Doses near a supplement mention ("50 mg of zinc a day", "4,000 IU of vitamin D", "1 g of fish
// oil", "zinc (50 mg)", "vitamin D at 10,000 IU"), converted to the unit of the concept's adult upper
// intake level where a conversion is defined, and compared with it.
//
// Conversions: g, mg and mcg (µg) scale into each other; IU converts to mcg only for vitamin D
// (40 IU = 1 mcg). Qualified units ("mcg RAE", "mg alpha-tocopherol", "mcg DFE") compare only with
// the same qualifier: vitamin A in IU, vitamin E in IU or plain mg, folate in mcg DFE against a
// folic-acid limit are not safely convertible, so they are reported without a comparison.
// Concentrations ("70 µg/dL", "5 mg/kg") are not doses and are ignored.
//
// A supplements-only limit (magnesium, niacin, folic acid, vitamin E) says nothing about food, so
// it is compared only with amounts the sentence presents as coming from a supplement or medicine:
// "men need 420 mg of magnesium a day" is a dietary need, "a 600 mg magnesium supplement" is not.
import type { Dose } from './types';

export interface Amount {
  /** Offsets of the amount phrase ("4,000 IU") in the caller's coordinates. */
  start: number;
  end: number;
  text: string;
  /** The upper bound for a range ("1,000-2,000 IU" → 2000). */
  amount: number;
  /** Normalised unit: "mg", "mcg", "g", "IU", optionally with a qualifier ("mcg RAE"). */
  unit: string;
}

/** A dose with its place in the text, as produced by the scanner. */
export interface LocatedDose extends Dose {
  start: number;
  end: number;
}

const NUM = String.raw`(?:\d{1,3}(?:[,\u00a0\u202f\u2009](?=\d{3}(?!\d))\d{3})+|\d+(?:\.\d+)?|\.\d+)`;
const UNIT = String.raw`(mg|milligrams?|mcg|µg|μg|ug|micrograms?|g|grams?|gm|IU|I\.U\.|international\s+units?)`;
const QUALIFIER = String.raw`(?:\s+(RAE|DFE|alpha-tocopherol|α-tocopherol|AT))?`;
const AMOUNT_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,])(${NUM})(?:\s*(?:-|–|—|to)\s*(${NUM}))?[\s\u00a0-]*${UNIT}${QUALIFIER}(?![\p{L}\p{N}])`,
  'giu',
);
/** A concentration or a per-body-weight amount, not a dose. */
const CONCENTRATION_AFTER =
  /^\s*(?:\/\s*(?:kg|g|dl|l|ml|m2|m²|liter|litre|mmol|min|h|hr|hour|100)\b|per\s+(?:kilogram|kg|liter|litre|deciliter|decilitre|millilitre|milliliter|dl|ml|l|100)\b)/i;

function parseNumber(s: string): number {
  return Number(s.replace(/[,\u00a0\u202f\u2009]/g, ''));
}

function normalizeUnit(unit: string, qualifier: string | undefined): string | undefined {
  const u = unit.replace(/\s+/g, ' ');
  let base: string;
  if (/^(?:mg|milligrams?)$/i.test(u)) base = 'mg';
  else if (/^(?:mcg|µg|μg|ug|micrograms?)$/i.test(u)) base = 'mcg';
  else if (/^(?:g|grams?|gm)$/.test(u) || /^grams?$/i.test(u)) base = 'g';
  else if (/^(?:IU|I\.U\.|international units?)$/i.test(u)) base = 'IU';
  else return undefined;
  if (!qualifier) return base;
  const q = /^(?:alpha|α)-tocopherol|AT$/i.test(qualifier) ? 'alpha-tocopherol' : qualifier.toUpperCase();
  return `${base} ${q}`;
}

/** All dose-like amounts in a block of text; offsets are `base` + offsets into `text`. */
export function findAmounts(text: string, base = 0): Amount[] {
  const out: Amount[] = [];
  if (!/\d/.test(text)) return out;
  AMOUNT_RE.lastIndex = 0;
  for (let m = AMOUNT_RE.exec(text); m; m = AMOUNT_RE.exec(text)) {
    const end = m.index + m[0].length;
    if (CONCENTRATION_AFTER.test(text.slice(end, end + 20))) continue;
    const unit = normalizeUnit(m[3]!, m[4]);
    if (!unit) continue;
    const a = parseNumber(m[1]!);
    const b = m[2] ? parseNumber(m[2]) : undefined;
    const amount = b !== undefined && b > a ? b : a;
    if (!Number.isFinite(amount) || amount <= 0) continue;
    out.push({ start: base + m.index, end: base + end, text: m[0], amount, unit });
  }
  return out;
}

/** What may stand between an amount and the supplement it measures, amount first. */
const AMOUNT_THEN_NAME =
  /^\s*(?:(?:a|per)\s+day\s+|daily\s+)?(?:of\s+)?(?:(?:elemental|supplemental|extra|added|daily|oral|synthetic|natural|pure|the|a|an|liquid|chewable|high-dose|low-dose)\s+)*$/i;
/** What may stand between a supplement and its amount, name first. */
const NAME_THEN_AMOUNT =
  /^\s*(?:[(,:—–-]\s*)?(?:(?:at|in|of|with|taking|containing|providing|doses?|dosages?|daily|a|an|up|to|as|much|high|higher|low|lower|about|around|roughly|approximately|nearly|over|more|than|least|between|supplements?|tablets?|capsules?|pills?|softgels?|lozenges?|was|were|is|are|given|taken|per|day|each|every|total|only|just|typically|usually|the|dose|amount|amounts|intake|intakes|of)\s+)*$/i;

/** A supplement mention as seen by the dose finder. */
export interface DoseTarget {
  start: number;
  end: number;
  /** Opaque key handed back with the dose (the scanner's candidate index). */
  key: number;
}

export interface AttachedAmount extends Amount {
  key: number;
}

/**
 * Attaches each amount to the supplement it measures: "50 mg of zinc" (amount first) wins over
 * "zinc (50 mg)" (name first). `targets` are sorted by start; `text` starts at offset `base`.
 */
export function attachAmounts(
  text: string,
  base: number,
  amounts: Amount[],
  targets: DoseTarget[],
): AttachedAmount[] {
  const out: AttachedAmount[] = [];
  for (const a of amounts) {
    let found: DoseTarget | undefined;
    for (const t of targets) {
      if (t.start >= a.end && t.start - a.end <= 40) {
        if (AMOUNT_THEN_NAME.test(text.slice(a.end - base, t.start - base))) {
          found = t;
          break;
        }
      }
      if (t.start >= a.end) break;
    }
    if (!found) {
      for (let i = targets.length - 1; i >= 0; i--) {
        const t = targets[i]!;
        if (t.end > a.start) continue;
        if (a.start - t.end > 48) break;
        if (NAME_THEN_AMOUNT.test(text.slice(t.end - base, a.start - base))) found = t;
        break;
      }
    }
    if (found) out.push({ ...a, key: found.key });
  }
  return out;
}

/** International units per microgram, where a conversion is defined. */
const IU_PER_MCG: Record<string, number> = { 'vitamin-d': 40 };
const MASS: Record<string, number> = { g: 1e6, mg: 1e3, mcg: 1 };

interface ParsedUnit {
  base: 'mass' | 'IU';
  /** Micrograms per unit for mass units. */
  factor: number;
  qualifier: string;
}

function parseUnit(unit: string): ParsedUnit | undefined {
  const m = /^(g|mg|mcg|µg|μg|ug|IU)(?:\s+(.+))?$/i.exec(unit.trim());
  if (!m) return undefined;
  const u = m[1]!.toLowerCase();
  const qualifier = (m[2] ?? '').toLowerCase();
  if (u === 'iu') return { base: 'IU', factor: 1, qualifier };
  const key = u === 'µg' || u === 'μg' || u === 'ug' ? 'mcg' : u;
  const factor = MASS[key];
  return factor === undefined ? undefined : { base: 'mass', factor, qualifier };
}

/** `amount` of `unit` in `target` units for concept `conceptId`, or undefined when not convertible. */
export function convert(amount: number, unit: string, target: string, conceptId: string): number | undefined {
  const from = parseUnit(unit);
  const to = parseUnit(target);
  if (!from || !to) return undefined;
  if (from.qualifier !== to.qualifier) return undefined;
  if (from.base === 'mass' && to.base === 'mass') return (amount * from.factor) / to.factor;
  if (from.base === 'IU' && to.base === 'IU') return amount;
  const perMcg = IU_PER_MCG[conceptId];
  if (perMcg === undefined || from.qualifier || to.qualifier) return undefined;
  if (from.base === 'IU') return amount / perMcg / to.factor;
  return amount * from.factor * perMcg;
}

/** Words that present an amount as a product taken rather than food eaten. */
const PRODUCT_CUE =
  /\b(?:supplements?|supplemental|supplementation|supplementing|tablets?|capsules?|caps|pills?|softgels?|gel\s?caps?|gummies|gummy|lozenges?|chewables?|multivitamins?|multi-vitamins?|laxatives?|antacids?|pharmacy|over[- ]the[- ]counter|megadoses?|injections?|infusions?|sachets?|drops|powders?|citrate|oxide|glycinate|bisglycinate|gluconate|sulfate|sulphate|chloride|malate|threonate|aspartate|lactate|hydroxide|carbonate|picolinate|nicotinic\s+acid|folic\s+acid)\b/i;

/**
 * Whether the sentence around `start`-`end` of `text` presents the amount as coming from a
 * supplement or medicine. Sentences end at . ! ? followed by a space, so "2.5 mg" stays whole.
 */
export function fromSupplementContext(text: string, start: number, end: number): boolean {
  let from = 0;
  const before = /[.!?]\s+(?=\S)/g;
  for (let m = before.exec(text); m && m.index < start; m = before.exec(text)) from = m.index + m[0].length;
  const after = /[.!?](?:\s|$)/g;
  after.lastIndex = end;
  const stop = after.exec(text);
  const sentence = text.slice(from, stop ? stop.index : text.length);
  return PRODUCT_CUE.test(sentence);
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * The Dose for an amount of a concept, compared with its upper limit when the units allow and,
 * for a supplements-only limit, only when `fromSupplement` says the amount is a product's.
 */
export function toDose(
  conceptId: string,
  a: { text: string; amount: number; unit: string },
  upperLimit: { amount: number; unit: string; appliesTo?: string; of?: string } | undefined,
  fromSupplement = true,
): Dose {
  const dose: Dose = {
    conceptId,
    text: a.text.slice(0, 200),
    amount: a.amount,
    unit: a.unit,
    aboveLimit: false,
  };
  if (!upperLimit) return dose;
  const supplementsOnly = upperLimit.appliesTo === 'supplements-only';
  if (supplementsOnly && !fromSupplement) return dose;
  const n = convert(a.amount, a.unit, upperLimit.unit, upperLimit.of ?? conceptId);
  if (n === undefined) return dose;
  dose.normalizedAmount = round(n);
  dose.limit = upperLimit.amount;
  dose.limitUnit = upperLimit.unit;
  dose.aboveLimit = n > upperLimit.amount;
  if (supplementsOnly) dose.limitAppliesTo = 'supplements-only';
  return dose;
}
