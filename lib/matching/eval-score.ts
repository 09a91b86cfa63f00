// Scoring of predicted mentions against gold labels (pure; used by scripts/eval.ts and its test).
import { KIND_FAMILIES, type KindFamily, kindFamily } from '../kb/kinds';

/** The kinds reported: life stages count as conditions. */
export type EvalKind = KindFamily;
export const EVAL_KINDS: readonly EvalKind[] = KIND_FAMILIES;
export const evalKind = kindFamily;

export interface Span {
  id: string;
  start: number;
  end: number;
  text: string;
  kind: EvalKind;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Scores extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

export function scores(c: Counts): Scores {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...c, precision, recall, f1 };
}

export interface PageComparison {
  tp: { gold: Span; predicted: Span }[];
  fp: Span[];
  fn: Span[];
}

/**
 * One-to-one matching of predictions to gold. Strict: same id and exact offsets. Lenient: same id
 * and overlapping offsets (boundary differences such as "zinc" vs "zinc lozenge" still count).
 */
export function compare(
  gold: readonly Span[],
  predicted: readonly Span[],
  mode: 'strict' | 'lenient',
): PageComparison {
  const used = new Set<number>();
  const tp: PageComparison['tp'] = [];
  const fn: Span[] = [];
  for (const g of gold) {
    let hit = -1;
    predicted.forEach((p, i) => {
      if (hit >= 0 || used.has(i) || p.id !== g.id) return;
      if (mode === 'strict' ? p.start === g.start && p.end === g.end : p.start < g.end && g.start < p.end)
        hit = i;
    });
    if (hit >= 0) {
      used.add(hit);
      tp.push({ gold: g, predicted: predicted[hit]! });
    } else fn.push(g);
  }
  const fp = predicted.filter((_, i) => !used.has(i));
  return { tp, fp, fn };
}

export function addCounts(into: Record<EvalKind, Counts>, cmp: PageComparison): void {
  for (const { gold } of cmp.tp) into[gold.kind].tp++;
  for (const p of cmp.fp) into[p.kind].fp++;
  for (const g of cmp.fn) into[g.kind].fn++;
}

export function emptyCounts(): Record<EvalKind, Counts> {
  return {
    supplement: { tp: 0, fp: 0, fn: 0 },
    condition: { tp: 0, fp: 0, fn: 0 },
    medication: { tp: 0, fp: 0, fn: 0 },
  };
}

export function total(counts: Record<EvalKind, Counts>): Counts {
  const t = { tp: 0, fp: 0, fn: 0 };
  for (const k of EVAL_KINDS) {
    t.tp += counts[k].tp;
    t.fp += counts[k].fp;
    t.fn += counts[k].fn;
  }
  return t;
}
