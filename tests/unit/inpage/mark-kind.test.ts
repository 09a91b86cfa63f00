import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_KINDS, markKind } from '../../../entrypoints/content/detector';

describe('mark kinds', () => {
  it('highlights life stages, written into the page as conditions', () => {
    expect(HIGHLIGHT_KINDS.has('life-stage')).toBe(true);
    expect(markKind('life-stage')).toBe('condition');
    expect(markKind('supplement')).toBe('supplement');
    expect(markKind('medication')).toBe('medication');
  });
});
