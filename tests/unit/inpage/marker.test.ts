// @vitest-environment happy-dom
// The lazy marker on a fake clock and a fake layout (happy-dom lays nothing out: each paragraph
// says where it is): marks near the viewport at once, the rest in idle periods nearest first,
// what the reader scrolls to as it comes near, a far mention on demand; reset forgets.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Highlighter } from '../../../entrypoints/content/highlighter';
import { MARKED, PENDING } from '../../../entrypoints/content/mark-plan';
import { LazyMarker } from '../../../entrypoints/content/marker';
import { newInPageStats } from '../../../entrypoints/content/model';
import { Scheduler } from '../../../entrypoints/content/scheduler';
import { collectBlocks, type TextBlock } from '../../../entrypoints/content/walker';
import type { CompactMention } from '../../../lib/annotate/compact';

const PARAS = 60;
/** Each paragraph is 100 px below the previous one; the viewport is 800 px high. */
const STEP = 100;
const SCREEN = 800;

function setup() {
  document.body.innerHTML = Array.from(
    { length: PARAS },
    (_, i) => `<p id="p${i}">Zinc in paragraph ${i}.</p>`,
  ).join('');
  const paras = [...document.querySelectorAll('p')];
  let scrollY = 0;
  // A clock that moves 1 ms at every reading: slices and idle periods end by their budgets.
  const clock = { t: 0 };
  const now = () => ++clock.t;
  for (const [i, p] of paras.entries())
    p.getBoundingClientRect = () => {
      const top = i * STEP - scrollY;
      return { top, bottom: top + 50, left: 0, right: 600, width: 600, height: 50 } as DOMRect;
    };
  Object.defineProperty(document.documentElement, 'scrollHeight', {
    configurable: true,
    get: () => PARAS * STEP,
  });
  const events = new EventTarget();
  const win = {
    performance: { now },
    get scrollY() {
      return scrollY;
    },
    innerHeight: SCREEN,
    location: window.location,
    setTimeout: (fn: () => void, ms?: number) => setTimeout(fn, ms) as unknown as number,
    clearTimeout: (h: number) => clearTimeout(h),
    requestAnimationFrame: (fn: () => void) => setTimeout(fn, 16) as unknown as number,
    addEventListener: events.addEventListener.bind(events),
    removeEventListener: events.removeEventListener.bind(events),
  } as unknown as Window;
  const stats = newInPageStats();
  const scheduler = new Scheduler({
    now,
    yieldToMain: async () => {},
    budgetMs: 4,
    maxUnits: 128,
    stats,
    onError: (e) => {
      throw e;
    },
  });
  const abort = new AbortController();
  const token = { cancelled: false };
  const highlighter = new Highlighter(document);
  const marker = new LazyMarker({
    doc: document,
    win,
    stats,
    scheduler,
    highlighter,
    live: { quiet: (fn) => fn() },
    token: () => token,
    signal: abort.signal,
  });
  scheduler.setJobs(marker.jobs);
  const gen = collectBlocks(document.body, () => false);
  let step = gen.next();
  while (!step.done) step = gen.next();
  const blocks: TextBlock[] = step.value.blocks;
  const found: CompactMention[] = blocks.map((b) => ({
    id: 'zinc',
    kind: 'supplement',
    name: 'Zinc',
    start: b.offset,
    end: b.offset + 4,
  }));
  const marked = () =>
    paras.filter((p) => p.querySelector('[data-supplens-id]')).map((p) => Number(p.id.slice(1)));
  const scrollTo = (y: number) => {
    scrollY = y;
    events.dispatchEvent(new Event('scroll'));
  };
  return { marker, scheduler, stats, blocks, found, token, abort, marked, scrollTo, win };
}

/** Lets the fake timers and the promises they resolve run. */
async function flush(ms = 200) {
  for (let i = 0; i < ms / 10; i++) await vi.advanceTimersByTimeAsync(10);
}

describe('LazyMarker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('marks the blocks near the viewport when placed, and the rest later, nearest first', async () => {
    const s = setup();
    const placed = s.marker.place(s.blocks, s.found, s.token);
    await flush(30);
    await placed;
    // Near: one and a half screens around the viewport (tops up to 800 + 1200 px), before any
    // idle period.
    const near = s.marked();
    expect(s.stats.idleMarked).toBe(0);
    expect(near.length === 20 || near.length === 21, `near: ${near.join(' ')}`).toBe(true);
    expect(near).toEqual(Array.from({ length: near.length }, (_, i) => i));
    expect(s.stats.mentionsFound).toBe(PARAS);
    expect(s.stats.mentionsMarked).toBe(near.length);
    // Idle periods (a timer stands in for requestIdleCallback) mark the rest, nearest first.
    await vi.advanceTimersByTimeAsync(60);
    const afterOne = s.marked();
    expect(afterOne.length).toBeGreaterThan(near.length);
    expect(afterOne.length).toBeLessThan(PARAS);
    expect(afterOne).toEqual(Array.from({ length: afterOne.length }, (_, i) => i));
    await flush(3000);
    expect(s.marked()).toHaveLength(PARAS);
    expect(s.stats.idleMarked).toBe(PARAS - near.length);
  });

  it('marks what the reader scrolls near, after a frame, without waiting for idle periods', async () => {
    const s = setup();
    s.marker.listen();
    const placed = s.marker.place(s.blocks, s.found, s.token);
    await flush(50);
    await placed;
    s.scrollTo(4000);
    await vi.advanceTimersByTimeAsync(20);
    await s.scheduler.idle();
    const marked = new Set(s.marked());
    // Around 4000 px: paragraphs from (4000 - 1200) / 100 = 28 to the end are near now.
    for (let i = 28; i < PARAS; i++) expect(marked.has(i), `paragraph ${i}`).toBe(true);
  });

  it('marks one far mention on demand, lists live mentions in order, and forgets on reset', async () => {
    const s = setup();
    const placed = s.marker.place(s.blocks, s.found, s.token);
    await flush(50);
    await placed;
    const live = s.marker.liveMentions();
    expect(live).toHaveLength(PARAS);
    const far = live[PARAS - 1]!;
    expect(far.state).toBe(PENDING);
    s.marker.ensureMarked(far);
    expect(far.state).toBe(MARKED);
    expect(s.marked()).toContain(PARAS - 1);
    s.marker.reset();
    expect(s.marker.liveMentions()).toEqual([]);
    expect(s.stats.idleMarked).toBe(0);
  });

  it('stops placing when the pass is cancelled', async () => {
    const s = setup();
    s.token.cancelled = true;
    const placed = s.marker.place(s.blocks, s.found, s.token);
    const done = expect(placed).rejects.toThrow('cancelled');
    await flush(50);
    await done;
    expect(s.marked()).toEqual([]);
  });
});
