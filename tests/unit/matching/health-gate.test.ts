// The health-page gate accepts research pages (issue 12, item 6): a PubMed-style abstract about one
// supplement or one disease, and a news story about elderberry, colds and flu. Controls stay out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../lib/annotate/analyze';
import { parseDsNer, parsePubTator } from '../../../lib/matching/corpus-eval';
import { compileLexicon, loadLexicon } from '../../../lib/matching/lexicon';
import { collectResearchCues, metaSignal, RESEARCH_MIN } from '../../../lib/matching/relevance';
import { sharedDir } from '../../support/eval';
import { concept } from '../kb-fixtures';
import { TEST_CONCEPTS } from './test-kb';

const lex = loadLexicon(
  compileLexicon([
    ...TEST_CONCEPTS,
    concept('elderberry', 'supplement', 'Elderberry', ['elderberry syrup', 'Sambucus nigra'], [], {
      category: 'botanical',
    }),
    concept('common-cold', 'condition', 'Common cold', [], []),
    concept('influenza', 'condition', 'Influenza', [], []),
  ]),
);

const SUPPLEMENT_ABSTRACT = [
  'Effect of zinc supplementation on growth in preschool children: a randomized trial',
  'BACKGROUND: Deficiency is common in low-income settings. OBJECTIVE: We tested whether zinc given daily for six months changes linear growth. METHODS: In a double-blind, placebo-controlled trial, 412 participants were randomly assigned to zinc or placebo. RESULTS: Height gain did not differ between groups at follow-up. CONCLUSIONS: Daily zinc did not improve growth in this cohort.',
].join('\n');

const DISEASE_ABSTRACT = [
  'Clinical course of multiple sclerosis in a population-based cohort',
  'We followed 310 patients from diagnosis. Relapse incidence fell over time, and baseline disability predicted progression (hazard ratio 1.8, 95% confidence interval 1.2-2.6). Multiple sclerosis onset after 40 was associated with faster progression.',
].join(' ');

const ELDERBERRY_NEWS = [
  'Does elderberry syrup help with colds and flu?',
  'Every winter, shoppers reach for elderberry as cold and flu season begins. Small studies suggest it might shorten the flu by a day or two, but the evidence is thin, and nobody knows whether it prevents colds.',
  'Pharmacists say the syrup is generally safe for adults for a few days.',
].join('\n');

const SPORTS = [
  'Late goal settles the derby',
  'The visitors dominated the first half and the results table now looks different. The coach praised a clinical finish in the 89th minute, and the club confirmed the striker will miss the next match with a hamstring strain; he had a cold last week too.',
].join('\n');

describe('the health-page gate', () => {
  it('accepts a PubMed-style abstract about one supplement', () => {
    const r = analyzeText(SUPPLEMENT_ABSTRACT, lex);
    expect(new Set(r.mentions.filter((m) => m.kind !== 'life-stage').map((m) => m.id))).toEqual(
      new Set(['zinc']),
    );
    expect(r.relevance.research).toBe(true);
    expect(r.health.isHealth).toBe(true);
  });

  it('accepts an abstract about one disease', () => {
    const r = analyzeText(DISEASE_ABSTRACT, lex);
    expect(new Set(r.mentions.map((m) => m.id))).toEqual(new Set(['multiple-sclerosis']));
    expect(r.health.isHealth).toBe(true);
  });

  it('accepts a news story about elderberry, colds and flu', () => {
    const r = analyzeText(ELDERBERRY_NEWS, lex);
    expect(new Set(r.mentions.map((m) => m.id))).toEqual(new Set(['elderberry', 'common-cold', 'influenza']));
    expect(r.health.isHealth).toBe(true);
  });

  it('accepts a PubMed page by its address', () => {
    const text = 'Zinc and growth\nZinc was given to toddlers for a year.';
    expect(analyzeText(text, lex).health.isHealth).toBe(false);
    expect(analyzeText(text, lex, { url: 'https://pubmed.ncbi.nlm.nih.gov/12345678/' }).health.isHealth).toBe(
      true,
    );
  });

  it('still rejects a sports report with a few research-like words and one illness', () => {
    const r = analyzeText(SPORTS, lex);
    expect(r.mentions.map((m) => m.id)).toEqual(['common-cold']);
    expect(r.health.isHealth).toBe(false);
  });

  it('rejects a profile whose only health sentence sits in one paragraph of many', () => {
    const profile = [
      'Meet the vet who runs the shelter',
      'She has spent fifteen years at the shelter and knows every animal by name.',
      'She trained abroad, then came home to open a small clinic with her partner.',
      'The pair launched a weekend adoption fair at a café that donates a share of its takings.',
      'Her ritual: zinc lozenges every winter, which she swears keep colds away.',
    ].join('\n');
    const r = analyzeText(profile, lex, { title: 'Meet the vet who runs the shelter' });
    expect(new Set(r.mentions.map((m) => m.id))).toEqual(new Set(['zinc', 'common-cold']));
    expect(r.relevance.metaSignal).toBe(0);
    expect(r.health.isHealth).toBe(false);
    // The same two concepts in two paragraphs make it a health story.
    expect(analyzeText(`${profile}\nZinc lozenges for colds are popular.`, lex).health.isHealth).toBe(true);
  });

  it('reads the WHO in capitals only', () => {
    expect(metaSignal({ title: 'WHO guidance' }).signal).toBeGreaterThan(0);
    expect(metaSignal({ title: 'The vet who runs the shelter' }).signal).toBe(0);
  });

  it('counts distinct research words only', () => {
    const seen = new Set<string>();
    collectResearchCues('Results results RESULTS placebo', seen);
    expect([...seen].sort()).toEqual(['placebo', 'results']);
    expect(RESEARCH_MIN).toBeGreaterThan(2);
  });
});

const shared = sharedDir();
describe.skipIf(!shared)('the gate on real abstracts in ../shared', () => {
  const kbLex = lex;
  it('accepts nearly every abstract in which a concept is found', () => {
    const dir = join(shared ?? '', 'corpus', 'labelled');
    const docs = [
      ...parseDsNer(readFileSync(join(dir, 'ds-ner', 'dsner-dev.json'), 'utf8')),
      ...parsePubTator(readFileSync(join(dir, 'ncbi-disease', 'NCBIdevelopset_corpus.txt'), 'utf8')),
    ];
    let withConcept = 0;
    let health = 0;
    for (const d of docs) {
      const r = analyzeText(d.text, kbLex);
      if (!r.mentions.some((m) => m.kind !== 'life-stage')) continue;
      withConcept++;
      if (r.health.isHealth) health++;
    }
    expect(withConcept).toBeGreaterThan(100);
    expect(health / withConcept).toBeGreaterThanOrEqual(0.9);
  });
});
