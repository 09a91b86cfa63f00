// Scanning off the page's thread: the content script's remote scanner streams text blocks to the
// background's scan sessions and gets the analysis back compact. The same page must give the same
// mentions as scanning in place, and every way a session can go wrong must end in a clear error.
import { describe, expect, it } from 'vitest';
import { createPageScanner } from '../../../lib/annotate/analyze';
import { compactAnalysis, expandMentions } from '../../../lib/annotate/compact';
import { createLocalScanner, createRemoteScanner, ScanError } from '../../../lib/annotate/remote-scanner';
import { ScanSessions } from '../../../lib/annotate/scan-sessions';
import { SuppLensDB } from '../../../platform/db/database';
import { testHandler } from '../background-fixtures';
import { testLexicon } from '../matching/test-kb';

const BLOCKS = [
  'Lab study suggests zinc may worsen rheumatoid arthritis (RA).',
  'People with RA who take fish oil or vitamin D3 should talk to a clinician.',
  'Dr. Ginger Alvarez said the team will iron out the details.',
  'St. John’s wort interacts with many medicines, including midazolam.',
  'Zinc gluconate lozenges, 50 mg a day, were used in the cold trial.',
];

/** Offsets as the content script lays blocks out: one virtual separator between blocks. */
function laidOut(blocks: string[]): [string, number][] {
  let offset = 0;
  return blocks.map((b) => {
    const at = offset;
    offset += b.length + 1;
    return [b, at];
  });
}

const sink = () => createPageScanner(testLexicon());
const META = { title: 'Zinc and rheumatoid arthritis', url: 'https://news.example/zinc' };

function wire(sessions: ScanSessions, tab = 1) {
  return (req: { type: string; scan: string; [k: string]: unknown }) => {
    const key = `${tab}:${req.scan}`;
    if (req.type === 'scan-feed')
      return Promise.resolve(
        sessions.feed(key, req.seq as number, req.offsets as number[], req.texts as string[]),
      );
    if (req.type === 'scan-finish') return Promise.resolve(sessions.finish(key, req.meta as object));
    sessions.drop(key);
    return Promise.resolve({ ok: true });
  };
}

describe('remote scanning', () => {
  it('finds exactly what a scan in place finds, whatever the chunk size', async () => {
    const local = createLocalScanner(sink());
    for (const [text, offset] of laidOut(BLOCKS)) local.feed(text, offset);
    const expected = (await local.finish(META)).read();
    expect(expected.mentions.map((m) => m.id)).toContain('zinc');
    expect(expected.mentions.map((m) => m.id)).toContain('rheumatoid-arthritis');

    for (const chunkChars of [10, 70, 1 << 20]) {
      const sessions = new ScanSessions(sink);
      const sent: string[] = [];
      const send = wire(sessions);
      const remote = createRemoteScanner(
        (req) => {
          sent.push(req.type);
          return send(req);
        },
        { chunkChars, chunkBlocks: 2 },
      );
      for (const [text, offset] of laidOut(BLOCKS)) remote.feed(text, offset);
      const got = (await remote.finish(META)).read();
      expect(got).toEqual(expected);
      expect(sent.at(-1)).toBe('scan-finish');
      expect(sent.filter((t) => t === 'scan-feed').length).toBeGreaterThanOrEqual(chunkChars === 10 ? 5 : 1);
      expect(sessions.size).toBe(0);
    }
  });

  it('fails clearly when the background lost the session (worker restarted mid-scan)', async () => {
    let sessions = new ScanSessions(sink);
    const remote = createRemoteScanner((req) => wire(sessions)(req), { chunkChars: 10, chunkBlocks: 1 });
    const blocks = laidOut(BLOCKS);
    remote.feed(...blocks[0]!);
    remote.feed(...blocks[1]!);
    await Promise.resolve();
    sessions = new ScanSessions(sink);
    for (const b of blocks.slice(2)) remote.feed(...b);
    await expect(remote.finish(META)).rejects.toThrow(ScanError);
    await expect(
      createRemoteScanner(async () => ({ ok: true }), { chunkChars: 10, chunkBlocks: 1 })
        .finish(META)
        .then((answer) => answer.read()),
    ).rejects.toThrow(/did not answer/);
  });

  it('refuses chunks out of order, offsets going back, and pages over the size limit', () => {
    const sessions = new ScanSessions(sink, Date.now, { maxSessions: 4, maxChars: 100, ttlMs: 60_000 });
    expect(sessions.feed('1:a', 1, [0], ['zinc'])).toEqual({ error: expect.stringMatching(/lost/) });
    expect(sessions.feed('1:a', 0, [0], ['zinc'])).toEqual({ ok: true });
    expect(sessions.feed('1:a', 0, [5], ['zinc'])).toEqual({
      error: expect.stringMatching(/already started/),
    });
    expect(sessions.feed('1:a', 2, [5], ['zinc'])).toEqual({
      error: expect.stringMatching(/chunk 2 arrived, 1/),
    });
    expect(sessions.finish('1:a', {})).toEqual({ error: expect.stringMatching(/chunk 2/) });

    expect(sessions.feed('1:b', 0, [10, 3], ['zinc', 'iron'])).toEqual({
      error: 'block offsets must increase',
    });
    expect(sessions.feed('1:c', 0, [0], ['x'.repeat(101)])).toEqual({
      error: expect.stringMatching(/over 100 characters/),
    });
    expect(sessions.feed('1:d', 0, [0, 1], ['x'])).toEqual({ error: expect.stringMatching(/differ/) });
  });

  it('expires idle sessions, keeps at most maxSessions, and drops a closed tab’s sessions', () => {
    let now = 0;
    const sessions = new ScanSessions(sink, () => now, { maxSessions: 2, maxChars: 1000, ttlMs: 100 });
    sessions.feed('1:a', 0, [0], ['zinc']);
    sessions.feed('1:b', 0, [0], ['zinc']);
    sessions.feed('2:c', 0, [0], ['zinc']);
    expect(sessions.size).toBe(2);
    expect(sessions.finish('1:a', {})).toEqual({ error: expect.stringMatching(/lost/) });
    sessions.drop('2:');
    expect(sessions.size).toBe(1);
    now = 500;
    expect(sessions.finish('1:b', {})).toEqual({ error: expect.stringMatching(/lost/) });
  });

  it('never trusts a reply: malformed spans are dropped, a malformed analysis is an error', async () => {
    const analysis = {
      mentions: [{ text: 'zinc', kind: 'supplement' as const, id: 'zinc', name: 'Zinc', start: 0, end: 4 }],
      health: { score: 3, isHealth: true },
      doses: [],
    };
    const c = compactAnalysis(analysis);
    expect(c).toEqual({
      concepts: [['zinc', 'supplement', 'Zinc']],
      spans: [0, 4, 0],
      health: analysis.health,
      doses: [],
    });
    expect(expandMentions({ ...c, spans: [0, 4, 0, 5, 5, 0, 6, 9, 7, -1, 2, 0] })).toEqual([
      { id: 'zinc', kind: 'supplement', name: 'Zinc', start: 0, end: 4 },
    ]);
    for (const bad of [null, { error: 'boom' }, { ...c, spans: ['0', 4, 0] }, { ...c, health: undefined }]) {
      const remote = createRemoteScanner(async (req) => (req.type === 'scan-finish' ? bad : { ok: true }));
      remote.feed('zinc', 0);
      const answer = await remote.finish(META);
      expect(() => answer.read()).toThrow(ScanError);
    }
  });
});

describe('scan messages in the background', () => {
  function setup() {
    const db = new SuppLensDB(`scan-${Math.random().toString(36).slice(2)}`);
    const handle = testHandler(db, {
      bundle: () => ({ version: 't', builtAt: '2026-11-25', concepts: [], notes: [] }),
      scans: new ScanSessions(sink),
    });
    return { handle, db };
  }

  it('scans for the tab that opened the session only, and validates every field', async () => {
    const { handle, db } = setup();
    const content = (tabId?: number) => ({
      fromExtensionPage: false,
      ...(tabId === undefined ? {} : { tabId }),
    });
    const feed = { type: 'scan-feed', scan: 'abc123-1', seq: 0, offsets: [0], texts: ['Zinc and RA.'] };
    expect(await handle(feed, content(1))).toEqual({ ok: true });
    expect(await handle({ type: 'scan-finish', scan: 'abc123-1', meta: {} }, content(2))).toEqual({
      error: expect.stringMatching(/lost/),
    });
    const done = (await handle({ type: 'scan-finish', scan: 'abc123-1', meta: META }, content(1))) as {
      concepts: string[][];
    };
    expect(done.concepts.map((c) => c[0])).toContain('zinc');
    expect(await handle(feed, content())).toEqual({ error: 'scan-feed needs a tab' });
    for (const bad of [
      { ...feed, scan: 'BAD ID' },
      { ...feed, seq: -1 },
      { ...feed, offsets: [0.5] },
      { ...feed, texts: [42] },
      { ...feed, texts: ['x'.repeat((1 << 20) + 1)] },
      { type: 'scan-finish', scan: 'abc123-1', meta: { title: 'x'.repeat(3000) } },
    ])
      expect(await handle(bad, content(1))).toEqual({ error: expect.stringMatching(/^invalid message/) });
    db.close();
  });
});
