import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../lib/annotate/analyze';
import { metaSignal, scoreRelevance } from '../../../lib/matching/relevance';
import type { TextMention } from '../../../lib/matching/types';
import { testLexicon } from './test-kb';

const lex = testLexicon();

const ARTICLE = [
  'Could zinc make rheumatoid arthritis worse?',
  'A laboratory study suggests that zinc inside immune cells may fuel the inflammation that drives rheumatoid arthritis. The work was done in mice, so it says nothing yet about zinc supplements in daily life.',
  'People with rheumatoid arthritis who take 50 mg of zinc a day should tell their doctor, especially if they also take warfarin or are pregnant.',
].join('\n');

const FILM = [
  'Iron Man at 18: still the best origin story?',
  'When the film opened in 2008, the studio was a gamble. Eighteen years and dozens of films later, it is easy to forget how loose and funny it feels. The hero builds his suit in a cave while shrapnel creeps toward his heart, and one scene was written for the children in the audience.',
].join('\n');

describe('page relevance', () => {
  it('judges a supplement news story a health article without any metadata', () => {
    const r = analyzeText(ARTICLE, lex);
    expect(r.health.isHealth).toBe(true);
    expect(r.health.score).toBeGreaterThanOrEqual(0.5);
  });

  it('judges a film review with one life-stage word not a health article', () => {
    const r = analyzeText(FILM, lex);
    expect(r.mentions.map((m) => m.id)).toEqual(['children']);
    expect(r.health.isHealth).toBe(false);
    expect(r.health.score).toBeLessThan(0.2);
  });

  it('uses schema.org types and health words in the metadata', () => {
    expect(metaSignal({ schemaTypes: ['MedicalWebPage'] }).medicalSchema).toBe(true);
    expect(metaSignal({ title: 'Vitamin D and your health' }).signal).toBeGreaterThan(0);
    expect(metaSignal({ url: 'https://example.com/health/zinc-study' }).signal).toBeGreaterThan(0);
    expect(metaSignal({ title: 'Iron Man review', schemaTypes: ['Review'] }).signal).toBe(0);
    const one = 'Zinc lozenges are popular every winter, and pharmacies stock several brands of them.';
    expect(analyzeText(one, lex).health.isHealth).toBe(false);
    expect(
      analyzeText(one, lex, { schemaTypes: ['MedicalWebPage'], title: 'Zinc for colds' }).health.isHealth,
    ).toBe(true);
  });

  it('counts a bare menu label less than running text', () => {
    const menu = ['Home', 'Depression', 'Diabetes', 'Stroke', 'Sport', 'Weather'].join('\n');
    const story =
      'The council met on Tuesday to discuss bus routes, parking fees and the new library opening hours for the coming year.';
    expect(analyzeText(`${menu}\n${story}`, lex).health.isHealth).toBe(false);
  });

  it('needs two distinct concepts, not one repeated word', () => {
    const mention = (id: string, kind: TextMention['kind'] = 'condition'): TextMention => ({
      text: id,
      kind,
      id,
      name: id,
      start: 0,
      end: 1,
    });
    expect(
      scoreRelevance({ mentions: Array.from({ length: 20 }, () => mention('stroke')), words: 300 }).isHealth,
    ).toBe(false);
    expect(
      scoreRelevance({
        mentions: [mention('stroke'), mention('zinc', 'supplement'), mention('stroke')],
        words: 300,
      }).isHealth,
    ).toBe(true);
    expect(
      scoreRelevance({ mentions: [mention('stroke'), mention('zinc', 'supplement')], words: 20000 }).isHealth,
    ).toBe(false);
  });
});
