// The contract between detection (lib/matching, lib/text) and its users: content script, CLI, tests.
import type { ConceptKind } from '../kb/types';

export interface TextMention {
  /** Surface string exactly as it appears in the visible text (text.slice(start, end)). */
  text: string;
  kind: ConceptKind;
  id: string;
  name: string;
  start: number;
  end: number;
  /** Detected (page relevance, note ranking) but not highlighted by default: a population. */
  quiet?: true;
}

export interface PageMeta {
  title?: string;
  /** schema.org types found in JSON-LD or microdata, e.g. MedicalWebPage, NewsArticle. */
  schemaTypes?: string[];
  /** <meta name=keywords|description>, og:type, article:section ... joined. */
  metaText?: string;
  url?: string;
}

export interface HealthVerdict {
  score: number;
  isHealth: boolean;
}

export interface PageAnalysis {
  mentions: TextMention[];
  health: HealthVerdict;
  doses: Dose[];
}

/** An amount of a supplement the page states, compared with its upper limit when the units allow. */
export interface Dose {
  conceptId: string;
  text: string;
  amount: number;
  unit: string;
  /** Amount in the unit of the upper limit, when a conversion exists. */
  normalizedAmount?: number;
  limit?: number;
  limitUnit?: string;
  /** Set when the limit covers supplements only (the amount was then read as a supplement's). */
  limitAppliesTo?: 'supplements-only';
  aboveLimit: boolean;
}
