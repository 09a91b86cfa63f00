// How doses and upper limits are worded, for the tooltip and the popup alike (pure).
import type { Concept } from '../kb/types';
import type { Dose } from '../matching/types';

/** 40 → "40", 10000 → "10,000", 0.125 → "0.13". */
export function formatAmount(n: number): string {
  return Number.isInteger(n)
    ? n.toLocaleString('en-US')
    : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** "Upper limit for adults: 40 mg a day from food and supplements together.", or undefined. */
export function upperLimitLine(concept: Pick<Concept, 'upperLimit'>): string | undefined {
  const ul = concept.upperLimit;
  if (!ul) return undefined;
  const scope =
    ul.appliesTo === 'supplements-only' ? 'from supplements' : 'from food and supplements together';
  return `Upper limit for adults: ${formatAmount(ul.amount)} ${ul.unit} a day ${scope}.`;
}

/**
 * "This page mentions “50 mg of zinc a day”, above the adult upper limit of 40 mg a day." The
 * concept's name is added when the page's words do not say it; `fallback` is the concept's own
 * limit, for a dose that arrived without one.
 */
export function doseSentence(dose: Dose, name: string, fallback?: Concept['upperLimit']): string {
  const limit =
    dose.limit !== undefined
      ? `${formatAmount(dose.limit)} ${dose.limitUnit ?? dose.unit}`
      : fallback
        ? `${formatAmount(fallback.amount)} ${fallback.unit}`
        : 'the upper limit';
  const what = dose.text.toLowerCase().includes(name.toLowerCase())
    ? `“${dose.text}”`
    : `“${dose.text}” of ${name.toLowerCase()}`;
  const scope = dose.limitAppliesTo === 'supplements-only' ? ' from supplements' : '';
  return `This page mentions ${what}, above the adult upper limit of ${limit} a day${scope}.`;
}
