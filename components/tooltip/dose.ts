// Plain-language lines about doses for the tooltip (pure).
import type { Concept } from '../../lib/kb/types';
import type { Dose } from '../../lib/messaging/protocol';

function amount(n: number): string {
  return Number.isInteger(n)
    ? n.toLocaleString('en-US')
    : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** "Upper limit for adults: 40 mg a day (food and supplements together)", or undefined. */
export function upperLimitLine(concept: Concept): string | undefined {
  const ul = concept.upperLimit;
  if (!ul) return undefined;
  const scope =
    ul.appliesTo === 'supplements-only' ? 'from supplements' : 'from food and supplements together';
  return `Upper limit for adults: ${amount(ul.amount)} ${ul.unit} a day ${scope}.`;
}

/** One warning per dose stated on the page for this concept that is above the upper limit. */
export function doseWarnings(concept: Concept, doses: readonly Dose[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const d of doses) {
    if (d.conceptId !== concept.id || !d.aboveLimit || seen.has(d.text)) continue;
    seen.add(d.text);
    const limit =
      d.limit !== undefined
        ? `${amount(d.limit)} ${d.limitUnit ?? d.unit}`
        : concept.upperLimit
          ? `${amount(concept.upperLimit.amount)} ${concept.upperLimit.unit}`
          : 'the upper limit';
    const what = d.text.toLowerCase().includes(concept.name.toLowerCase())
      ? `“${d.text}”`
      : `“${d.text}” of ${concept.name.toLowerCase()}`;
    const scope = d.limitAppliesTo === 'supplements-only' ? ' from supplements' : '';
    out.push(`This page mentions ${what}, above the adult upper limit of ${limit} a day${scope}.`);
  }
  return out;
}

export const KIND_LABELS: Record<string, string> = {
  supplement: 'Supplement',
  condition: 'Condition',
  medication: 'Medicine',
  'life-stage': 'Life stage',
};
