// Pure helpers of the content script: decisions, offsets, slicing, keyboard, page metadata.
import { describe, expect, it } from 'vitest';
import { behaviourChanged, planFor, shouldHighlight } from '../../../entrypoints/content/decide';
import { targetIndex } from '../../../entrypoints/content/keyboard';
import { samePage } from '../../../entrypoints/content/observer';
import { type BlockLayout, cutPoints, findBlock, locateSegments } from '../../../entrypoints/content/offsets';
import { lastSegment, schemaTypesFromJsonLd } from '../../../entrypoints/content/page-meta';
import { Cancelled, newStats, runSliced } from '../../../entrypoints/content/slicer';
import { highlightCss } from '../../../entrypoints/content/styles';
import { frameSize, inCorridor } from '../../../entrypoints/content/tooltip-host';
import type { PublicSiteSettings } from '../../../lib/settings';

const site = (over: Partial<PublicSiteSettings> = {}): PublicSiteSettings => ({
  mode: 'health',
  highlightStyle: 'underline',
  reviewerMode: false,
  ...over,
});

describe('planFor / shouldHighlight', () => {
  it('health mode scans and highlights only health pages', () => {
    const plan = planFor(site(), false);
    expect(plan).toEqual({ kind: 'scan', force: false });
    if (plan.kind !== 'scan') throw new Error();
    expect(shouldHighlight(plan, true)).toBe(true);
    expect(shouldHighlight(plan, false)).toBe(false);
  });
  it('all mode and an always-on site highlight any page', () => {
    expect(planFor(site({ mode: 'all' }), false)).toEqual({ kind: 'scan', force: true });
    expect(planFor(site({ mode: 'on-request', siteRule: 'always' }), false)).toEqual({
      kind: 'scan',
      force: true,
    });
  });
  it('a paused site and on-request mode wait; an explicit request wins', () => {
    expect(planFor(site({ siteRule: 'paused' }), false)).toEqual({ kind: 'idle', state: 'paused' });
    expect(planFor(site({ mode: 'on-request' }), false)).toEqual({ kind: 'idle', state: 'on-request' });
    expect(planFor(site({ siteRule: 'paused' }), true)).toEqual({ kind: 'scan', force: true });
  });
  it('only mode and site rule changes alter behaviour', () => {
    expect(behaviourChanged(site(), site({ highlightStyle: 'background' }))).toBe(false);
    expect(behaviourChanged(site(), site({ siteRule: 'paused' }))).toBe(true);
    expect(behaviourChanged(site(), site({ mode: 'all' }))).toBe(true);
  });
});

describe('offsets', () => {
  // Three blocks: "zinc and RA" (2 nodes), "vitamin D" (1 node), "fish oil" (2 nodes: "fish ", "oil").
  const blocks: BlockLayout[] = [
    { offset: 0, starts: [0, 5], length: 11 },
    { offset: 12, starts: [0], length: 9 },
    { offset: 22, starts: [0, 5], length: 8 },
  ];
  it('finds the block of an offset, or -1 in a gap', () => {
    expect(findBlock(blocks, 0)).toBe(0);
    expect(findBlock(blocks, 10)).toBe(0);
    expect(findBlock(blocks, 11)).toBe(-1);
    expect(findBlock(blocks, 12)).toBe(1);
    expect(findBlock(blocks, 29)).toBe(2);
    expect(findBlock(blocks, 30)).toBe(-1);
  });
  it('splits a mention into per-node segments', () => {
    expect(locateSegments(blocks, 0, 4)).toEqual([{ block: 0, node: 0, start: 0, end: 4 }]);
    expect(locateSegments(blocks, 9, 11)).toEqual([{ block: 0, node: 1, start: 4, end: 6 }]);
    expect(locateSegments(blocks, 22, 30)).toEqual([
      { block: 2, node: 0, start: 0, end: 5 },
      { block: 2, node: 1, start: 0, end: 3 },
    ]);
  });
  it('refuses ranges that leave their block or are empty', () => {
    expect(locateSegments(blocks, 8, 14)).toEqual([]);
    expect(locateSegments(blocks, 5, 5)).toEqual([]);
    expect(locateSegments(blocks, 40, 44)).toEqual([]);
  });
  it('cuts long text at sentence ends, then spaces, never inside a word', () => {
    const sentence = 'Zinc lozenges shorten colds a little. ';
    const text = sentence.repeat(40);
    const cuts = cutPoints(text, 200);
    expect(cuts[cuts.length - 1]).toBe(text.length);
    let from = 0;
    for (const c of cuts) {
      expect(c - from).toBeLessThanOrEqual(200);
      if (c < text.length) expect(text.slice(c - 2, c)).toBe('. ');
      from = c;
    }
    const words = 'magnesium '.repeat(100);
    for (const c of cutPoints(words, 95)) if (c < words.length) expect(words[c - 1]).toBe(' ');
    expect(cutPoints('x'.repeat(250), 100)).toEqual([100, 200, 250]);
    expect(cutPoints('short', 100)).toEqual([5]);
  });
});

describe('runSliced', () => {
  function* units(n: number, cost: number, clock: { t: number }) {
    for (let i = 0; i < n; i++) {
      clock.t += cost;
      yield;
    }
    return 'done';
  }
  it('keeps every slice within budget plus one unit, yielding between slices', async () => {
    const clock = { t: 0 };
    let yields = 0;
    const stats = newStats();
    const before: number[] = [];
    const res = await runSliced(
      units(100, 1, clock),
      {
        now: () => clock.t,
        yieldToMain: async () => {
          yields++;
        },
        budgetMs: 6,
        beforeSlice: () => before.push(clock.t),
      },
      stats,
    );
    expect(res).toBe('done');
    // Each unit takes 1 ms of the fake clock, so a 6 ms budget is at most 6 units a slice.
    expect(stats.maxSliceUnits).toBeLessThanOrEqual(6);
    expect(stats.slices).toBe(yields + 1);
    expect(before.length).toBe(stats.slices);
    expect(stats.totalMs).toBe(100);
  });
  it('ends a slice after maxUnits units even when the clock stands still', async () => {
    const clock = { t: 0 };
    const stats = newStats();
    const res = await runSliced(
      units(100, 0, clock),
      { now: () => clock.t, yieldToMain: async () => {}, budgetMs: 4, maxUnits: 8 },
      stats,
    );
    expect(res).toBe('done');
    // 100 units plus the final step that returns: 101 steps, 8 per slice.
    expect(stats.units).toBe(101);
    expect(stats.maxSliceUnits).toBe(8);
    expect(stats.slices).toBe(Math.ceil(101 / 8));
  });
  it('stops between slices when cancelled and closes the job', async () => {
    const clock = { t: 0 };
    const token = { cancelled: false };
    let finalised = false;
    function* job() {
      try {
        for (;;) {
          clock.t += 1;
          yield;
        }
      } finally {
        finalised = true;
      }
    }
    const run = runSliced(
      job(),
      {
        now: () => clock.t,
        yieldToMain: async () => {
          token.cancelled = true;
        },
        budgetMs: 3,
      },
      newStats(),
      token,
    );
    await expect(run).rejects.toBeInstanceOf(Cancelled);
    expect(finalised).toBe(true);
  });
  it('runs afterSlice even when a unit throws', async () => {
    let after = 0;
    function* bad() {
      yield;
      throw new Error('boom');
    }
    await expect(
      runSliced(
        bad(),
        { now: () => 0, yieldToMain: async () => {}, budgetMs: 5, afterSlice: () => after++ },
        newStats(),
      ),
    ).rejects.toThrow('boom');
    expect(after).toBe(1);
  });
});

describe('keyboard targetIndex', () => {
  it('steps from the focused mention and wraps around', () => {
    expect(targetIndex(5, 2, 1, 0)).toBe(3);
    expect(targetIndex(5, 4, 1, 0)).toBe(0);
    expect(targetIndex(5, 0, -1, 0)).toBe(4);
  });
  it('starts from what is on screen when no mention has focus', () => {
    expect(targetIndex(5, -1, 1, 2)).toBe(2);
    expect(targetIndex(5, -1, -1, 2)).toBe(1);
    expect(targetIndex(5, -1, 1, 5)).toBe(0);
    expect(targetIndex(5, -1, -1, 0)).toBe(4);
    expect(targetIndex(0, -1, 1, 0)).toBe(-1);
  });
});

describe('page metadata', () => {
  it('collects schema.org types from JSON-LD, nested and in @graph', () => {
    const json = JSON.stringify({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': ['MedicalWebPage', 'WebPage'] },
        { '@type': 'NewsArticle', about: { '@type': 'MedicalCondition' } },
      ],
    });
    expect(schemaTypesFromJsonLd(json).sort()).toEqual([
      'MedicalCondition',
      'MedicalWebPage',
      'NewsArticle',
      'WebPage',
    ]);
    expect(schemaTypesFromJsonLd('{not json')).toEqual([]);
    expect(lastSegment('https://schema.org/Drug')).toBe('Drug');
    expect(lastSegment('schema:Recipe')).toBe('Recipe');
  });
  it('treats URLs differing only by fragment as the same page', () => {
    expect(samePage('https://a.test/x?y=1#top', 'https://a.test/x?y=1#end')).toBe(true);
    expect(samePage('https://a.test/x?y=1', 'https://a.test/x?y=2')).toBe(false);
  });
});

describe('highlight stylesheet', () => {
  it('styles marks at zero specificity, the same for everyone, with no layout properties in the look', () => {
    for (const style of ['underline', 'background'] as const) {
      const css = highlightCss(style);
      const look = css.split('\n')[0]!;
      expect(look.startsWith(':where(span[data-supplens-id])')).toBe(true);
      expect(look).not.toMatch(/padding|margin|font|width|height|display|border:/);
      expect(css).toMatch(/currentColor/);
      // Only our two data attributes and the flash marker are used as selectors.
      expect(
        css
          .match(/data-supplens-[a-z]+/g)
          ?.every((a) => ['data-supplens-id', 'data-supplens-flash'].includes(a)),
      ).toBe(true);
    }
    expect(highlightCss('underline')).toMatch(/text-decoration-line:underline/);
    expect(highlightCss('background')).toMatch(/background-color:color-mix/);
  });
});

describe('tooltip geometry', () => {
  it('has a fixed size, clamped only by the viewport', () => {
    expect(frameSize(1280, 900)).toEqual({ width: 380, height: 340 });
    expect(frameSize(320, 300)).toEqual({ width: 304, height: 284 });
  });
  it('knows the corridor between a mention and its tooltip', () => {
    const mention = { left: 100, top: 100, right: 140, bottom: 120 };
    const tip = { left: 100, top: 126, right: 480, bottom: 466 };
    expect(inCorridor(120, 123, mention, tip)).toBe(true); // the gap
    expect(inCorridor(300, 200, mention, tip)).toBe(true); // on the tooltip
    expect(inCorridor(600, 200, mention, tip)).toBe(false);
    expect(inCorridor(120, 60, mention, tip)).toBe(false);
  });
});
