// Re-anchoring limits that reviewers rely on (README "Re-anchoring saved reviews"), checked on our
// own texts: the stored position needs its context, the best candidate wins by quote and context
// together, white space and Unicode normalisation go through an offset map, and the edit cap.
import { expect, it, describe as suite } from 'vitest';
import { anchor, describe, MAX_EDITS, normalizeText } from '../../../lib/anchoring';

const ROWS = ['Zinc: take 1 tablet daily. ', 'Iron: take 1 tablet daily. ', 'Kelp: take 1 tablet daily. '];

suite('re-anchoring', () => {
  it('a row inserted above a list of equal rows moves the review with its row', () => {
    const before = `Doses. ${ROWS.join('')}`;
    const start = before.indexOf('take', before.indexOf('Iron'));
    const sel = describe(before, start, start + 'take 1 tablet daily'.length);
    const after = `Doses. Kava: take 1 tablet daily. ${ROWS.join('')}`;
    const r = anchor(after, sel)!;
    expect(after.slice(r.start - 6, r.start)).toBe('Iron: ');
    expect(r.method).toBe('quote');
  });

  it('keeps the stored position when the page is unchanged, even with equal rows', () => {
    const text = `Doses. ${ROWS.join('')}`;
    const start = text.indexOf('take', text.indexOf('Kelp'));
    const r = anchor(text, describe(text, start, start + 19));
    expect(r).toEqual({ start, end: start + 19, method: 'position' });
  });

  it('prefers the edited target over an intact copy of the quote with other context', () => {
    const text =
      'It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness.';
    const start = text.indexOf('it was the age of', text.indexOf('wisdom'));
    const sel = describe(text, start, start + 'it was the age of'.length);
    const changed = text.replace('it was the age of foolishness', 'it was the era of foolishness');
    const r = anchor(changed, sel)!;
    expect(changed.slice(r.start, r.end)).toBe('it was the era of');
    expect(r.method).toBe('fuzzy');
  });

  it('finds a quote again after the page was re-indented and re-served in NFD', () => {
    const text = 'Many years later, as he faced the firing squad, Colonel Aureliano Buendía was to remember.';
    const start = text.indexOf('squad, Colonel');
    const sel = describe(text, start, start + 'squad, Colonel Aureliano Buendía'.length);
    const changed = text.replace('squad, Colonel', 'squad,\n      Colonel').normalize('NFD');
    const r = anchor(changed, sel)!;
    expect(changed.slice(r.start, r.end)).toBe('squad,\n      Colonel Aureliano Buendi\u0301a');
    // Nothing before the quote changed once normalised: it is where it was.
    expect(r.method).toBe('position');
  });

  it('orphans a quote whose only occurrence has unrelated context', () => {
    const text = 'Vitamin D levels were low in the study group. Readers asked about magnesium.';
    const sel = {
      quote: {
        type: 'TextQuoteSelector' as const,
        exact: 'magnesium',
        prefix: 'Doctors recommend ',
        suffix: ' for cramps',
      },
    };
    expect(anchor(text, sel)).toBeNull();
  });

  it('the edit cap bounds approximate matching whatever the quote length', () => {
    expect(MAX_EDITS).toBe(128);
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const text = `Intro. ${words} Outro.`;
    const sel = describe(text, 7, 7 + words.length);
    // Two edits in each of the 120 words: 240, within half the quote's length but past the cap.
    const edited = words.replace(/word/g, 'wxyd');
    expect(anchor(`Intro. ${edited} Outro.`, sel)).toBeNull();
    // One edit in each word (120) is within the cap, and found.
    const once = words.replace(/word/g, 'wxrd');
    expect(anchor(`Intro. ${once} Outro.`, sel)?.method).toBe('fuzzy');
  });
});

suite('normalizeText', () => {
  it('maps every compared character back to the page text', () => {
    const raw = 'a \n\t b  Buendi\u0301a\u00a0end';
    const n = normalizeText(raw);
    expect(n.text).toBe('a b Buendía end');
    const i = n.text.indexOf('í');
    expect(raw.slice(n.starts[i]!, n.ends[i]!)).toBe('i\u0301');
    const space = n.text.indexOf(' ');
    expect(raw.slice(n.starts[space]!, n.ends[space]!)).toBe(' \n\t ');
  });
});
