import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../lib/annotate/analyze';
import {
  bestLongForm,
  findDefinitions,
  initialsLongForm,
  looksLikeShortForm,
} from '../../../lib/matching/abbreviations';
import { compileLexicon, loadLexicon } from '../../../lib/matching/lexicon';
import { concept } from '../kb-fixtures';
import { testLexicon } from './test-kb';

const lex = testLexicon();
const ids = (text: string) => analyzeText(text, lex).mentions.map((m) => `${m.text}=${m.id}`);
const defs = (text: string) => findDefinitions(text).map((d) => `${d.short}=${d.long}`);

describe('Schwartz-Hearst definitions', () => {
  it('finds "long form (SF)"', () => {
    expect(defs('Patients with rheumatoid arthritis (RA) were enrolled.')).toEqual([
      'RA=rheumatoid arthritis',
    ]);
    expect(defs('the Environmental Protection Agency (EPA) said')).toEqual([
      'EPA=Environmental Protection Agency',
    ]);
    expect(defs('people with type 2 diabetes (T2D) and chronic kidney disease (CKD)')).toEqual([
      'T2D=type 2 diabetes',
      'CKD=chronic kidney disease',
    ]);
  });

  it('finds "SF (long form)"', () => {
    expect(defs('RA (rheumatoid arthritis) affects the joints.')).toEqual(['RA=rheumatoid arthritis']);
    expect(defs('The EPA (Environmental Protection Agency) regulates mercury.')).toEqual([
      'EPA=Environmental Protection Agency',
    ]);
  });

  it('handles plural short forms and words that Schwartz-Hearst alone would cut', () => {
    expect(defs('people on proton pump inhibitors (PPIs) such as omeprazole')).toEqual([
      'PPIs=proton pump inhibitors',
    ]);
    expect(initialsLongForm('PPI', 'people on proton pump inhibitors')).toBe('proton pump inhibitors');
    expect(bestLongForm('RA', 'patients with rheumatoid arthritis')).toBe('rheumatoid arthritis');
  });

  it('takes the first part of a parenthesis with extra content', () => {
    expect(defs('rheumatoid arthritis (RA; n = 40)')).toEqual([]); // statistics: not a definition
    expect(defs('rheumatoid arthritis (RA, a chronic disease)')).toEqual(['RA=rheumatoid arthritis']);
  });

  it('ignores citations, years and statistics', () => {
    expect(defs('Zinc worsened arthritis in mice (Smith et al., 2020).')).toEqual([]);
    expect(defs('A trial in Korea (2019) found no effect (p < 0.05).')).toEqual([]);
    expect(defs('as shown before (Kim and Lee)')).toEqual([]);
    expect(defs('the dose (50 mg) was high')).toEqual([]);
  });

  it('recognises plausible short forms only', () => {
    expect(looksLikeShortForm('RA')).toBe(true);
    expect(looksLikeShortForm('T2D')).toBe(true);
    expect(looksLikeShortForm('Smith')).toBe(false);
    expect(looksLikeShortForm('aged')).toBe(false);
    expect(looksLikeShortForm('a very long phrase')).toBe(false);
  });
});

describe('abbreviation mentions on a page', () => {
  it('counts a short form defined on the page as that concept (both orders)', () => {
    expect(ids('Rheumatoid arthritis (RA) is common. RA hurts.')).toEqual([
      'Rheumatoid arthritis=rheumatoid-arthritis',
      'RA=rheumatoid-arthritis',
      'RA=rheumatoid-arthritis',
    ]);
    expect(ids('RA (rheumatoid arthritis) is common. RA hurts.')).toEqual([
      'RA=rheumatoid-arthritis',
      'rheumatoid arthritis=rheumatoid-arthritis',
      'RA=rheumatoid-arthritis',
    ]);
  });

  it('gives no fish-oil hit for EPA defined as the Environmental Protection Agency', () => {
    expect(
      ids('The Environmental Protection Agency (EPA) sets limits. The EPA said fish oil is fine.'),
    ).toEqual(['fish oil=fish-oil']);
    expect(ids('EPA (Environmental Protection Agency) rules, and omega-3s.')).toEqual(['omega-3s=fish-oil']);
  });

  it("counts a form's abbreviation when the page names its ingredient, not a sibling form or nothing", () => {
    const lexForms = loadLexicon(
      JSON.parse(
        JSON.stringify(
          compileLexicon(
            [
              concept('fish-oil', 'supplement', 'Fish oil', ['omega-3 fatty acids'], [], {
                category: 'fatty-acid',
              }),
              concept('epa', 'supplement', 'Eicosapentaenoic acid', [], ['EPA'], {
                category: 'fatty-acid',
                parents: ['fish-oil'],
              }),
              concept('krill-oil', 'supplement', 'Krill oil', [], [], {
                category: 'fatty-acid',
                parents: ['fish-oil'],
              }),
            ],
            { kbVersion: 'test' },
          ),
        ),
      ),
    );
    const formIds = (text: string) => analyzeText(text, lexForms).mentions.map((m) => `${m.text}=${m.id}`);
    expect(formIds('Fish oil supplements contain EPA.')).toEqual(['Fish oil=fish-oil', 'EPA=epa']);
    expect(formIds('Krill oil is rich in EPA.')).toEqual(['Krill oil=krill-oil']);
    expect(formIds('The EPA issued new air rules.')).toEqual([]);
  });

  it('reads the same abbreviation differently on two different pages', () => {
    const fishPage = 'Fish oil contains eicosapentaenoic acid (EPA). EPA may lower triglycerides.';
    const agencyPage = 'The Environmental Protection Agency (EPA) issued a rule. EPA staff disagreed.';
    expect(ids(fishPage)).toEqual([
      'Fish oil=fish-oil',
      'eicosapentaenoic acid=fish-oil',
      'EPA=fish-oil',
      'EPA=fish-oil',
    ]);
    expect(ids(agencyPage)).toEqual([]);
    const msPage = 'Multiple sclerosis (MS) is an autoimmune disease. MS relapses vary.';
    const chemPage = 'Samples were analysed by mass spectrometry (MS). MS revealed traces of zinc.';
    expect(ids(msPage).filter((m) => m.startsWith('MS'))).toEqual([
      'MS=multiple-sclerosis',
      'MS=multiple-sclerosis',
    ]);
    expect(ids(chemPage)).toEqual(['zinc=zinc']);
  });

  it('counts an undefined short form only when the page names the concept in full', () => {
    expect(ids('RA flares are common in winter.')).toEqual([]);
    expect(ids('RA flares are common. Rheumatoid arthritis is autoimmune.')).toEqual([
      'RA=rheumatoid-arthritis',
      'Rheumatoid arthritis=rheumatoid-arthritis',
    ]);
    expect(ids('Photo: EPA/Reuters. Credit: EPA')).toEqual([]);
  });

  it('keeps abbreviations case-sensitive', () => {
    expect(ids('Rheumatoid arthritis. ra, Ra and RA.')).toEqual([
      'Rheumatoid arthritis=rheumatoid-arthritis',
      'RA=rheumatoid-arthritis',
    ]);
  });

  it('resolves a short form shared by two concepts from the page', () => {
    expect(ids('Alpha-lipoic acid (ALA) may help nerve pain. ALA is an antioxidant.')).toEqual([
      'Alpha-lipoic acid=alpha-lipoic-acid',
      'ALA=alpha-lipoic-acid',
      'ALA=alpha-lipoic-acid',
    ]);
    expect(ids('Flax contains alpha-linolenic acid. ALA is a plant omega-3.')).toEqual([
      'alpha-linolenic acid=alpha-linolenic-acid',
      'ALA=alpha-linolenic-acid',
      'omega-3=fish-oil',
    ]);
    expect(ids('ALA is sold everywhere.')).toEqual([]);
  });

  it('follows a short form the page defines for a concept the knowledge base does not abbreviate', () => {
    expect(ids('Vitamin D (VD) levels fell. Low VD was common; VDs differ.')).toEqual([
      'Vitamin D=vitamin-d',
      'VD=vitamin-d',
      'VD=vitamin-d',
      'VDs=vitamin-d',
    ]);
  });

  it('uses the nearest preceding definition when a page redefines a short form', () => {
    const text =
      'Multiple sclerosis (MS) was studied. MS patients took zinc. Later, mass spectrometry (MS) was used. MS showed peaks.';
    const ms = analyzeText(text, lex).mentions.filter((m) => m.text === 'MS');
    expect(ms.map((m) => m.id)).toEqual(['multiple-sclerosis', 'multiple-sclerosis']);
  });
});
