// Is this page a health article? A score in [0, 1] from three signals:
//   concepts  how many distinct knowledge-base concepts the text mentions (life stages such as
//             "children" or "older adults" count a quarter: they are everyday words), scaled down
//             on very long pages where a few scattered mentions mean little;
//   density   mentions per 1,000 words;
//   meta      schema.org medical types (MedicalWebPage, Drug, DietarySupplement ...) and health
//             words in the title, description, keywords, section or URL.
// score = 0.45 concepts + 0.35 density + 0.2 meta; a page is a health article when the score is
// at least 0.5 AND its running text names at least two distinct supplements, conditions or
// medications, or when it declares a medical schema.org type and names at least one. A mention that is a whole short block (a menu
// item such as "Depression" in a site's navigation) counts a quarter. One mention of cancer in a film review is not a health page; a
// news story about zinc and rheumatoid arthritis is, with or without metadata.
// Research text (a PubMed-style abstract: "BACKGROUND", "randomized", "placebo", "participants" ...)
// about one supplement or one disease is a health page too: at least RESEARCH_MIN distinct research
// words and one concept named in running text, or a scholarly schema.org type.
import type { HealthVerdict, PageMeta, TextMention } from './types';

export const HEALTH_THRESHOLD = 0.5;
/** Distinct research words that make a text read as a study report or abstract. */
export const RESEARCH_MIN = 4;

const RESEARCH_WORDS =
  /\b(?:background|objectives?|methods|results|conclusions?|design|setting|randomi[sz]ed|randomly|placebo|double-blind|participants|subjects|patients|cohort|cross-sectional|case-control|meta-analysis|systematic|trial|trials|prevalence|incidence|odds|hazard|confidence|interval|significantly|baseline|follow-up|mutations?|genotypes?|phenotypes?|pathogenesis|aetiology|etiology|supplementation|intake|deficiency|clinical|in\s+vitro|in\s+vivo|mice|rats|genes?|genetic|alleles?|polymorphisms?|locus|loci|chromosomes?|chromosomal|susceptibility|heterozygous|homozygous|heterozygotes|homozygotes|pathogenic|mrna|assays?|biopsy|biopsies|serum|plasma|diagnosed|efficacy|adverse|outcomes|therapy|therapies|associated|association|review|literature|studies|evidence|bioavailability|nutritional|nutrition|micronutrients?|nutrients?|dietary|health|benefits|mechanisms|physiological)\b/gi;

/** Adds one block's research words (lower case) to a page-wide set; stops early once enough are seen. */
export function collectResearchCues(text: string, seen: Set<string>): void {
  if (seen.size >= RESEARCH_MIN) return;
  for (const m of text.matchAll(RESEARCH_WORDS)) seen.add(m[0].toLowerCase().replace(/\s+/g, ' '));
}

const SCHOLARLY_SCHEMA = /^(?:ScholarlyArticle|MedicalScholarlyArticle|Dataset)$/;
const MEDICAL_SCHEMA =
  /^(?:MedicalWebPage|MedicalScholarlyArticle|MedicalCondition|MedicalEntity|MedicalStudy|MedicalTrial|MedicalGuideline|MedicalTherapy|MedicalClinic|Drug|DrugClass|DietarySupplement|HealthTopicContent|HealthAndBeautyBusiness|Physician|Hospital|Pharmacy|MedicalOrganization|Diet|NutritionInformation)$/;
const HEALTH_WORDS =
  /\b(?:health|healthy|medical|medicine|medicines|nutrition|nutrient|nutrients|diet|dietary|supplements?|vitamins?|wellness|wellbeing|disease|diseases|clinical|doctor|doctors|patients?|pharmacy|pharmacist|drugs?|symptoms?|treatment)\b/i;
/** Health agencies, in capitals only: "the vet who runs" is not the WHO. */
const HEALTH_AGENCIES = /\b(?:NHS|FDA|NIH|CDC|WHO|NCCIH|EMA)\b/;

/**
 * A mention with a weight (1 in running text, less for a bare menu or list label) and the block of
 * text it is in (any number that identifies the block).
 */
export type WeightedMention = TextMention & { weight?: number; block?: number };

/** A page of at least this many blocks whose health words all sit in one block is about something else. */
export const ASIDE_MIN_BLOCKS = 4;

export interface RelevanceInput {
  mentions: readonly WeightedMention[];
  /** Words in the scanned text. */
  words: number;
  meta?: PageMeta | undefined;
  /** Distinct research words in the text (collectResearchCues). */
  researchCues?: number;
  /** Blocks of text on the page (paragraphs, headings, list items ...). */
  blocks?: number;
}

export interface RelevanceDetail extends HealthVerdict {
  strongConcepts: number;
  lifeStages: number;
  per1000Words: number;
  metaSignal: number;
  /** The text reads as a study report or abstract. */
  research: boolean;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : Math.min(x, 1);
}

export function metaSignal(meta: PageMeta | undefined): {
  signal: number;
  medicalSchema: boolean;
  scholarly: boolean;
} {
  if (!meta) return { signal: 0, medicalSchema: false, scholarly: false };
  const types = (meta.schemaTypes ?? []).map((t) => t.replace(/^.*[/#:]/, ''));
  const medicalSchema = types.some((t) => MEDICAL_SCHEMA.test(t));
  const scholarly =
    types.some((t) => SCHOLARLY_SCHEMA.test(t)) ||
    /(?:^|\.)(?:pubmed\.ncbi\.nlm\.nih\.gov|europepmc\.org)$/i.test(hostOf(meta.url));
  let url = '';
  try {
    url = meta.url
      ? decodeURIComponent(new URL(meta.url).pathname + new URL(meta.url).hostname).replace(/[-_/.]+/g, ' ')
      : '';
  } catch {
    url = '';
  }
  const metaWords = `${meta.title ?? ''} ${meta.metaText ?? ''} ${url}`;
  const words = HEALTH_WORDS.test(metaWords) || HEALTH_AGENCIES.test(metaWords);
  return { signal: clamp01((medicalSchema ? 0.7 : 0) + (words ? 0.5 : 0)), medicalSchema, scholarly };
}

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).hostname : '';
  } catch {
    return '';
  }
}

export function scoreRelevance(input: RelevanceInput): RelevanceDetail {
  const strong = new Map<string, number>();
  const weak = new Map<string, number>();
  let strongMentions = 0;
  let weakMentions = 0;
  for (const m of input.mentions) {
    const w = m.weight ?? 1;
    if (m.kind === 'life-stage') {
      weak.set(m.id, Math.max(weak.get(m.id) ?? 0, w));
      weakMentions += w;
    } else {
      strong.set(m.id, Math.max(strong.get(m.id) ?? 0, w));
      strongMentions += w;
    }
  }
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const strongCount = [...strong.values()].filter((w) => w >= 1).length;
  // A profile of a vet that mentions her ginger tea for motion sickness in one paragraph is not a
  // health article: on a page of several blocks, the concepts must not all sit in one of them.
  const strongBlocks = new Set<number>();
  for (const m of input.mentions)
    if (m.kind !== 'life-stage' && (m.weight ?? 1) >= 1 && m.block !== undefined) strongBlocks.add(m.block);
  const aside = (input.blocks ?? 0) >= ASIDE_MIN_BLOCKS && strongBlocks.size === 1;
  const words = Math.max(input.words, 200);
  const distinct = sum(strong) + 0.25 * sum(weak);
  const distinctPer1000 = (distinct * 1000) / words;
  const concepts = clamp01(distinct / 4) * clamp01(distinctPer1000 / 1.5);
  const per1000 = ((strongMentions + 0.25 * weakMentions) * 1000) / words;
  const density = clamp01(per1000 / 8);
  const meta = metaSignal(input.meta);
  const score = Math.round((0.45 * concepts + 0.35 * density + 0.2 * meta.signal) * 1000) / 1000;
  const research = (input.researchCues ?? 0) >= RESEARCH_MIN || meta.scholarly;
  return {
    score,
    isHealth:
      (score >= HEALTH_THRESHOLD && strongCount >= 2 && !(aside && meta.signal === 0)) ||
      ((meta.medicalSchema || research) && strongCount >= 1),
    research,
    strongConcepts: strongCount,
    lifeStages: weak.size,
    per1000Words: Math.round(per1000 * 100) / 100,
    metaSignal: meta.signal,
  };
}
