// Every message our contexts accept is validated: random and damaged messages get { error } from
// the background handler (and write nothing), content-script senders are refused what only our
// pages may ask, and the content script's own handler answers garbage with an error.
import Dexie from 'dexie';
import fc from 'fast-check';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentRequestSchema } from '../../../lib/messaging/protocol';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import type { TooltipState } from '../../../platform/background/handlers';
import { SuppLensDB } from '../../../platform/db/database';
import { saveReview } from '../../../platform/db/reviews';
import { testHandler } from '../background-fixtures';
import { draftFor } from '../reviews/fixtures';

const dbs: SuppLensDB[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

function setup() {
  const db = new SuppLensDB(`msg-${Math.random().toString(36).slice(2)}`);
  dbs.push(db);
  const tooltips = new Map<number, TooltipState>();
  const sent: unknown[] = [];
  const handle = testHandler(db, {
    getSettings: async () => ({ ...DEFAULT_SETTINGS, flags: ['pregnancy'] }),
    tooltips,
    sendToTab: async (_t, m) => {
      sent.push(m);
    },
  });
  return { db, handle, tooltips, sent };
}

const TYPES = [
  'site-settings',
  'kb-lookup',
  'tooltip-open',
  'tooltip-get',
  'tooltip-close',
  'open-popup-details',
  'review-save',
  'review-get',
  'review-list',
  'review-delete',
  'review-restore',
  'review-export',
  'review-export-part',
  'review-import',
  'reviews-for-page',
  'review-anchor-page',
  'review-anchor-status',
];

describe('background: malformed messages', () => {
  it('answers each known type with missing or wrong fields with { error } and writes nothing', async () => {
    const { handle, db, tooltips } = setup();
    const junk: unknown[] = [
      undefined,
      null,
      0,
      -1,
      1e308,
      '',
      'x'.repeat(5000),
      [],
      {},
      [1, 2],
      { a: 1 },
      true,
    ];
    for (const type of TYPES) {
      for (const j of junk) {
        for (const key of [
          'conceptIds',
          'conceptId',
          'review',
          'ids',
          'filter',
          'text',
          'pageUrl',
          'index',
          'hostname',
        ]) {
          const msg: Record<string, unknown> = { type, [key]: j };
          const res = (await handle(msg, { fromExtensionPage: true, tabId: 1 })) as { error?: unknown };
          // Some messages have only optional fields: then the reply is a normal answer.
          if (res && typeof res === 'object' && 'error' in res) expect(typeof res.error).toBe('string');
        }
      }
    }
    expect(await db.reviews.count()).toBe(0);
    expect(tooltips.size).toBe(0);
  });

  it('never throws on random messages, always answers an object', async () => {
    const { handle, db } = setup();
    const msgArb = fc.oneof(
      fc.jsonValue(),
      fc.record({ type: fc.constantFrom(...TYPES) }, { requiredKeys: [] }).chain((base) =>
        fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue(), { maxKeys: 4 }).map((extra) => ({
          ...extra,
          ...base,
        })),
      ),
    );
    await fc.assert(
      fc.asyncProperty(msgArb, fc.boolean(), async (msg, ext) => {
        const res = await handle(msg, { fromExtensionPage: ext, tabId: 3, url: 'https://news.example/a' });
        expect(res !== null && typeof res === 'object').toBe(true);
      }),
      { numRuns: 300 },
    );
    // Random messages can be valid ones (e.g. review-list), but none can be a valid review-save
    // (it needs a page URL, a quote and a position), so nothing was written.
    expect(await db.reviews.count()).toBe(0);
  });

  it('ignores prototype keys and extra fields', async () => {
    const { handle } = setup();
    const res = (await handle(
      JSON.parse('{"type":"site-settings","hostname":"a.example","__proto__":{"flags":["x"]},"extra":1}'),
      {
        fromExtensionPage: false,
        tabId: 1,
      },
    )) as Record<string, unknown>;
    expect(res).toEqual({ mode: 'health', highlightStyle: 'underline', reviewerMode: false });
    expect(({} as Record<string, unknown>).flags).toBeUndefined();
  });
});

describe('background: who may ask what', () => {
  it('refuses a content script everything personal or reviewer-only', async () => {
    const { handle, db, tooltips } = setup();
    await saveReview(db, { ...draftFor('Zinc'), verdict: 'accurate', comment: 'private' });
    const cs = { fromExtensionPage: false, tabId: 9, url: 'https://evil.example/page' };
    const refused = [
      { type: 'tooltip-get', token: '0123456789abcdef0123456789abcdef' },
      { type: 'review-list' },
      { type: 'review-get', id: 'x' },
      { type: 'review-export', format: 'json' },
      { type: 'review-import', text: '{}' },
      { type: 'review-delete', ids: ['x'] },
      { type: 'review-save', review: { ...draftFor('Zinc'), verdict: 'accurate' } },
      { type: 'reviews-for-page', pageUrl: 'https://news.example.com/health/zinc-study' },
      { type: 'review-anchor-status', pageUrl: 'https://news.example.com/health/zinc-study', results: [] },
      {
        type: 'review-anchor-page',
        pageUrl: 'https://news.example.com/health/zinc-study',
        text: 'Zinc lozenges',
        record: true,
      },
    ];
    for (const m of refused) {
      const res = (await handle(m, cs)) as { error?: string };
      expect(res.error, JSON.stringify(m)).toMatch(/only for|refused/);
    }
    const kb = (await handle({ type: 'kb-lookup', conceptIds: [], pageConcepts: [] }, cs)) as {
      flags: string[];
    };
    expect(kb.flags).toEqual([]);
    expect(await db.reviews.count()).toBe(1);
    expect(tooltips.size).toBe(0);
  });
});

describe('content script: message validation', () => {
  it('the content request schema rejects everything but the known messages', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (m) => {
        const r = v.safeParse(ContentRequestSchema, m);
        if (r.success)
          expect([
            'page-summary',
            'focus-mention',
            'scan-now',
            'tooltip-close',
            'settings-changed',
            'page-detections',
            'command',
          ]).toContain(r.output.type);
      }),
      { numRuns: 300 },
    );
    for (const bad of [
      { type: 'focus-mention', index: -1 },
      { type: 'focus-mention', index: 1.5 },
      { type: 'command', name: 'rm -rf' },
      { type: 'page-summary ' },
      'page-summary',
    ])
      expect(v.safeParse(ContentRequestSchema, bad).success).toBe(false);
  });
});
