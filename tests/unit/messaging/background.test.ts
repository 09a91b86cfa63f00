import { describe, expect, it } from 'vitest';
import type { LookupResult, TooltipView } from '../../../lib/messaging/protocol';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';
import type { TooltipState } from '../../../platform/background/handlers';
import { freshDatabases, testHandler } from '../background-fixtures';
import { bundle, concept, note } from '../kb-fixtures';

const TOKEN = '0123456789abcdef0123456789abcdef';

const BUNDLE = bundle(
  'test-1',
  [
    concept('zinc', 'supplement', 'Zinc'),
    concept('rheumatoid-arthritis', 'condition', 'Rheumatoid arthritis'),
    concept('quinolone-antibiotics', 'medication', 'Quinolone antibiotics'),
  ],
  [
    note('zinc-ra'),
    note('zinc-quinolones', {
      target: 'quinolone-antibiotics',
      direction: 'harm',
      evidence: 'guideline',
      severity: 'moderate',
    }),
  ],
);

const freshDb = freshDatabases('bg');

/** A content script's `tooltip-open` for the first zinc mention. */
function tooltipOpen(extra: Record<string, unknown> = {}) {
  return {
    type: 'tooltip-open',
    token: TOKEN,
    conceptId: 'zinc',
    mentionText: 'zinc',
    pageConcepts: [] as string[],
    doses: [],
    ...extra,
  };
}

/** `tooltip-get` as sent for tab `tabId`, by default from the tooltip frame with the right token. */
async function tooltipGet(
  handle: ReturnType<typeof testHandler>,
  tabId: number,
  token = TOKEN,
  fromExtensionPage = true,
) {
  return (await handle({ type: 'tooltip-get', token }, { tabId, fromExtensionPage })) as TooltipView & {
    error: string;
  };
}

function setup(settings: Partial<Settings> = {}) {
  const db = freshDb();
  const tooltips = new Map<number, TooltipState>();
  const sent: { tabId: number; message: unknown }[] = [];
  const handle = testHandler(db, {
    bundle: () => BUNDLE,
    getSettings: async () => ({ ...DEFAULT_SETTINGS, ...settings }),
    tooltips,
    sendToTab: async (tabId, message) => {
      sent.push({ tabId, message });
    },
  });
  return { handle, tooltips, sent, db };
}

describe('background message handler', () => {
  it('answers malformed messages with an error', async () => {
    const { handle } = setup();
    for (const bad of [null, 42, 'hi', {}, { type: 'nope' }, { type: 'kb-lookup', conceptIds: 'zinc' }]) {
      const res = (await handle(bad, { fromExtensionPage: true })) as { error?: string };
      expect(res.error).toMatch(/^invalid message/);
    }
  });

  it('imports the knowledge base lazily before the first lookup', async () => {
    const { handle, db } = setup();
    expect(await db.notes.count()).toBe(0);
    const res = (await handle(
      { type: 'kb-lookup', conceptIds: ['zinc'], pageConcepts: ['zinc', 'rheumatoid-arthritis'] },
      { fromExtensionPage: true },
    )) as LookupResult;
    expect(res.kbVersion).toBe('test-1');
    expect(res.notes.zinc?.[0]?.id).toBe('zinc-ra');
    expect(res.names['quinolone-antibiotics']).toBe('Quinolone antibiotics');
  });

  it('applies flags for extension pages and never hands them to a content script', async () => {
    const { handle } = setup({ flags: ['quinolone-antibiotics'] });
    const msg = { type: 'kb-lookup', conceptIds: ['zinc'], pageConcepts: ['rheumatoid-arthritis'] };
    const page = (await handle(msg, { fromExtensionPage: true })) as LookupResult;
    expect(page.flags).toEqual(['quinolone-antibiotics']);
    expect(page.notes.zinc?.[0]).toMatchObject({ id: 'zinc-quinolones', flagMatch: true });
    const content = (await handle(msg, { tabId: 3, fromExtensionPage: false })) as LookupResult;
    expect(content.flags).toEqual([]);
    expect(content.notes.zinc?.every((n) => !n.flagMatch)).toBe(true);
  });

  it('serves the tooltip view only to our own frame, for the tab that opened it', async () => {
    const { handle, sent } = setup({ flags: ['rheumatoid-arthritis'] });
    await handle(tooltipOpen({ pageConcepts: ['zinc'] }), { tabId: 7, fromExtensionPage: false });
    const denied = await tooltipGet(handle, 7, TOKEN, false);
    expect(denied.error).toContain('only for the SuppLens tooltip frame');
    const view = await tooltipGet(handle, 7);
    expect(view.concept.id).toBe('zinc');
    expect(view.notes[0]).toMatchObject({ id: 'zinc-ra', flagMatch: true });
    const other = await tooltipGet(handle, 8);
    expect(other.error).toContain('no tooltip');
    // A copy of tooltip.html the page framed itself has no token, or a wrong one: no notes.
    const framed = await tooltipGet(handle, 7, 'fedcba9876543210fedcba9876543210');
    expect(framed.error).toContain('did not come from SuppLens');
    const bare = (await handle({ type: 'tooltip-get' }, { tabId: 7, fromExtensionPage: true })) as {
      error: string;
    };
    expect(bare.error).toMatch(/^invalid message/);
    await handle({ type: 'tooltip-close' }, { tabId: 7, fromExtensionPage: true });
    expect(sent).toEqual([{ tabId: 7, message: { type: 'tooltip-close', returnFocus: true } }]);
  });

  it('carries the mention anchor to the tooltip only for the sender page and in reviewer mode', async () => {
    const anchor = {
      pageUrl: 'https://news.example/a?x=1#section',
      pageTitle: 'A',
      quote: { type: 'TextQuoteSelector' as const, exact: 'zinc', prefix: 'Take ', suffix: ' daily' },
      position: { type: 'TextPositionSelector' as const, start: 5, end: 9 },
    };
    const open = tooltipOpen();
    const on = setup({ reviewerMode: true });
    await on.handle(
      { ...open, anchor },
      { tabId: 7, fromExtensionPage: false, url: 'https://news.example/a?x=1' },
    );
    const view = await tooltipGet(on.handle, 7);
    // Stored without the fragment, and without the query unless the reviewer keeps it for the site.
    expect(view.anchor).toEqual({ ...anchor, pageUrl: 'https://news.example/a' });
    const keeping = setup({ reviewerMode: true, reviewQuerySites: ['news.example'] });
    await keeping.handle(
      { ...open, anchor },
      { tabId: 7, fromExtensionPage: false, url: 'https://news.example/a?x=1' },
    );
    const kept = await tooltipGet(keeping.handle, 7);
    expect(kept.anchor?.pageUrl).toBe('https://news.example/a?x=1');
    // Another page's anchor (or no sender URL) is dropped.
    await on.handle(
      { ...open, anchor },
      { tabId: 8, fromExtensionPage: false, url: 'https://evil.example/' },
    );
    await on.handle({ ...open, anchor }, { tabId: 9, fromExtensionPage: false });
    for (const tabId of [8, 9]) {
      const other = await tooltipGet(on.handle, tabId);
      expect(other.anchor).toBeUndefined();
    }
    // Reviewer mode off: the view has no anchor even if one was sent.
    const off = setup({ reviewerMode: false });
    await off.handle({ ...open, anchor }, { tabId: 7, fromExtensionPage: false, url: anchor.pageUrl });
    const plain = await tooltipGet(off.handle, 7);
    expect(plain.anchor).toBeUndefined();
    expect(plain.reviewerMode).toBe(false);
  });

  it("records the notes shown in a review without the reviewer's flags, as a sorted set", async () => {
    const many = bundle(
      'test-2',
      [
        concept('zinc', 'supplement', 'Zinc'),
        concept('rheumatoid-arthritis', 'condition', 'Rheumatoid arthritis'),
        concept('common-cold', 'condition', 'Common cold'),
      ],
      [
        note('zinc-ra', { evidence: 'lab' }),
        note('zinc-cold-a', { target: 'common-cold', evidence: 'systematic-review' }),
        note('zinc-cold-b', { target: 'common-cold', evidence: 'rct' }),
        note('zinc-cold-c', { target: 'common-cold', evidence: 'rct', direction: 'harm' }),
      ],
    );
    const anchor = {
      pageUrl: 'https://news.example/colds',
      pageTitle: 'Colds',
      quote: { type: 'TextQuoteSelector' as const, exact: 'zinc', prefix: '', suffix: ' lozenges' },
      position: { type: 'TextPositionSelector' as const, start: 0, end: 4 },
    };
    const view = async (flags: string[]) => {
      const db = freshDb();
      const handle = testHandler(db, {
        bundle: () => many,
        getSettings: async () => ({ ...DEFAULT_SETTINGS, reviewerMode: true, flags }),
        tooltips: new Map(),
        sendToTab: async () => undefined,
      });
      await handle(tooltipOpen({ pageConcepts: ['common-cold'], anchor }), {
        tabId: 3,
        fromExtensionPage: false,
        url: anchor.pageUrl,
      });
      return await tooltipGet(handle, 3);
    };
    const unset = await view([]);
    const set = await view(['rheumatoid-arthritis']);
    // The reviewer sees the flagged note first ...
    expect(set.notes[0]?.id).toBe('zinc-ra');
    expect(unset.notes.slice(0, 3).map((n) => n.id)).not.toContain('zinc-ra');
    // ... and the review records the same thing either way.
    expect(set.reviewNoteIds).toEqual(unset.reviewNoteIds);
    expect(unset.reviewNoteIds).toEqual(['zinc-cold-a', 'zinc-cold-b', 'zinc-cold-c']);
  });

  it('trusts no review id from a content script, and limits the tooltip frame to its own mention', async () => {
    const { handle, db } = setup({ reviewerMode: true });
    const page = 'https://news.example/colds';
    const quote = { type: 'TextQuoteSelector' as const, exact: 'zinc', prefix: '', suffix: ' lozenges' };
    const position = { type: 'TextPositionSelector' as const, start: 0, end: 4 };
    const draft = (pageUrl: string) => ({
      pageUrl,
      pageTitle: 'T',
      conceptId: 'zinc',
      quote,
      position,
      verdict: 'accurate',
      shownNoteIds: [],
      kbVersion: 'k',
    });
    const ext = { fromExtensionPage: true };
    const mine = (await handle({ type: 'review-save', review: draft(page) }, ext)) as {
      review: { id: string };
    };
    const other = (await handle({ type: 'review-save', review: draft('https://else.example/x') }, ext)) as {
      review: { id: string };
    };
    const open = (reviewId: string) =>
      handle(tooltipOpen({ anchor: { pageUrl: page, pageTitle: 'T', quote, position, reviewId } }), {
        tabId: 4,
        fromExtensionPage: false,
        url: page,
      });
    const frame = {
      tabId: 4,
      fromExtensionPage: true,
      url: 'chrome-extension://abcdefghijklmnop/tooltip.html#x',
    };
    const view = async () => (await handle({ type: 'tooltip-get', token: TOKEN }, frame)) as TooltipView;
    await open(other.review.id);
    expect((await view()).anchor?.reviewId).toBeUndefined();
    await open(mine.review.id);
    expect((await view()).anchor?.reviewId).toBe(mine.review.id);
    // The frame reads and saves the review of its mention, and nothing else.
    expect(await handle({ type: 'review-get', id: mine.review.id }, frame)).toMatchObject({
      review: { id: mine.review.id },
    });
    for (const m of [
      { type: 'review-get', id: other.review.id },
      { type: 'review-save', review: { ...draft(page), id: other.review.id } },
      { type: 'review-save', review: draft('https://else.example/x') },
      { type: 'review-list' },
      { type: 'review-export', format: 'json' },
      { type: 'review-delete', ids: [mine.review.id] },
      { type: 'kb-lookup', conceptIds: ['zinc'], pageConcepts: [] },
    ])
      expect(await handle(m, frame), JSON.stringify(m)).toMatchObject({ error: expect.any(String) });
    expect(
      await handle({ type: 'review-save', review: { ...draft(page), id: mine.review.id } }, frame),
    ).toMatchObject({
      review: { id: mine.review.id },
    });
    expect(await db.reviews.count()).toBe(2);
    // A mention with no review yet: the first save, then updates of that review.
    await open(mine.review.id);
    await handle({ type: 'review-delete', ids: [mine.review.id] }, ext);
    await open(mine.review.id);
    const first = (await handle({ type: 'review-save', review: draft(page) }, frame)) as {
      review: { id: string };
    };
    expect(
      await handle({ type: 'review-save', review: { ...draft(page), id: first.review.id } }, frame),
    ).toMatchObject({
      review: { id: first.review.id },
    });
    // A content script cannot open our pages.
    expect(
      await handle({ type: 'open-popup-details' }, { tabId: 4, fromExtensionPage: false, url: page }),
    ).toMatchObject({ error: expect.any(String) });
  });

  it('gives content scripts only non-personal site settings', async () => {
    const { handle } = setup({ flags: ['rheumatoid-arthritis'], sites: { 'news.example': 'paused' } });
    const res = await handle(
      { type: 'site-settings', hostname: 'news.example' },
      { tabId: 1, fromExtensionPage: false },
    );
    expect(res).toEqual({
      mode: 'health',
      siteRule: 'paused',
      highlightStyle: 'underline',
      reviewerMode: false,
    });
    expect(JSON.stringify(res)).not.toContain('rheumatoid');
  });
});
