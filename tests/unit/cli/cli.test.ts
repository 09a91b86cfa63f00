import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../../lib/export';
import { loadKb, PACKAGE_ROOT } from '../../../platform/node/cli/kb';
import { type Io, kbStats, main } from '../../../platform/node/cli/main';
import { parseCsv } from '../export/rfc4180';

const kb = loadKb();
const FIXTURE = join(PACKAGE_ROOT, 'tests', 'fixtures', 'eval', 'zinc-rheumatoid-arthritis.html');

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await main(argv, io, () => kb);
  return { code, out, err };
}

describe('supplens annotate', () => {
  it('prints one JSON object per file with health, mentions and doses', async () => {
    const r = await run(['annotate', FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    const obj = JSON.parse(r.out[0]!);
    expect(obj.file).toBe(FIXTURE);
    expect(obj.health).toBe(true);
    const ids = new Set(obj.mentions.map((m: { id: string }) => m.id));
    expect(ids.has('zinc')).toBe(true);
    expect(ids.has('rheumatoid-arthritis')).toBe(true);
    for (const m of obj.mentions)
      expect(Object.keys(m)).toEqual(['text', 'kind', 'id', 'name', 'start', 'end']);
    expect(obj.doses).toContainEqual(
      expect.objectContaining({ conceptId: 'zinc', text: '50 mg', aboveLimit: true }),
    );
  });

  it('writes CSV in the review-export columns, one row per mention', async () => {
    const r = await run(['annotate', '--format', 'csv', FIXTURE]);
    expect(r.code).toBe(0);
    const rows = parseCsv(`${r.out.join('\n')}\n`);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const col = (name: string) => CSV_COLUMNS.indexOf(name as (typeof CSV_COLUMNS)[number]);
    expect(
      rows.slice(1).some((row) => row[col('concept_id')] === 'zinc' && row[col('concept_name')] === 'Zinc'),
    ).toBe(true);
  });

  it('reports an unreadable file on stderr, continues, and exits 1', async () => {
    const r = await run(['annotate', '/nonexistent/page.html', FIXTURE]);
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/nonexistent\/page\.html: no such file/);
    expect(r.out).toHaveLength(1);
    expect(r.err.join('\n')).toMatch(/1 page\(s\) annotated, 1 failed; 1 judged health articles/);
  });

  it('annotates every HTML file in a directory and summarises', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'supplens-'));
    writeFileSync(join(dir, 'a.html'), '<p>Iron Man is a film about a man in a suit.</p>');
    writeFileSync(join(dir, 'b.htm'), '<p>Zinc lozenges may shorten a common cold in older adults.</p>');
    writeFileSync(join(dir, 'notes.txt'), 'zinc');
    const r = await run(['annotate', dir, '--summary']);
    expect(r.code).toBe(0);
    expect(r.out.map((l) => JSON.parse(l).file)).toEqual([join(dir, 'a.html'), join(dir, 'b.htm')]);
    expect(JSON.parse(r.out[0]!).mentions).toEqual([]);
    expect(r.err.join('\n')).toMatch(/2 page\(s\) annotated/);
  });

  it('fetches an http URL the user passes', async () => {
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<html><body><p>Fish oil and warfarin: talk to your doctor.</p></body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const r = await run(['annotate', `http://127.0.0.1:${port}/page`]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out[0]!).mentions.map((m: { id: string }) => m.id)).toEqual([
        'fish-oil',
        'warfarin',
      ]);
    } finally {
      server.close();
    }
  });

  it('explains rejected matches with --explain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'supplens-'));
    const file = join(dir, 'p.html');
    writeFileSync(file, '<p>Dr. Ginger Alvarez said the EPA (Environmental Protection Agency) was slow.</p>');
    const r = await run(['annotate', '--explain', file]);
    const obj = JSON.parse(r.out[0]!);
    expect(obj.rejected.map((x: { reason: string }) => x.reason)).toEqual([
      'name',
      'abbreviation-other-meaning',
    ]);
    expect(obj.definitions[0]).toMatchObject({ short: 'EPA', long: 'Environmental Protection Agency' });
  });

  it('rejects unknown formats, --explain outside JSON and bad usage with exit code 2', async () => {
    const bad = await run(['annotate', '--format', 'xml', FIXTURE]);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toMatch(/unknown --format xml: use json, csv, w3c or md/);
    expect((await run(['annotate', '--format', 'w3c', '--explain', FIXTURE])).code).toBe(2);
    expect((await run(['annotate'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['annotate', '--nope', FIXTURE])).code).toBe(2);
  });
});

describe('supplens kb stats', () => {
  it('prints the counts as JSON', async () => {
    const r = await run(['kb', 'stats', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out[0]!);
    expect(Object.keys(s)).toEqual(
      expect.arrayContaining([
        'supplements',
        'surfaceForms',
        'conditions',
        'medications',
        'notes',
        'interactionNotes',
        'sources',
        'notesByEvidence',
        'supplementsWithoutSafetyNote',
        'notesByCheckedYear',
      ]),
    );
    // Every supplement has a safety note of its own or through an ancestor.
    expect(s.supplementsWithoutSafetyNote).toBe(0);
    expect(s.notes).toBeGreaterThanOrEqual(300);
    expect(Object.values(s.notesByCheckedYear as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      s.notes,
    );
    expect(s).toEqual(kbStats(kb.bundle));
    expect(s.supplements).toBe(kb.bundle.concepts.filter((c) => c.kind === 'supplement').length);
    expect(s.conditions).toBe(
      kb.bundle.concepts.filter((c) => c.kind === 'condition' || c.kind === 'life-stage').length,
    );
    expect(Object.values(s.notesByEvidence as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      s.notes,
    );
  });
});

describe('loadKb', () => {
  it('compiles kb/ again when the generated bundle predates the concept hierarchy', () => {
    const root = mkdtempSync(join(tmpdir(), 'supplens-kb-'));
    mkdirSync(join(root, 'kb', 'supplements'), { recursive: true });
    mkdirSync(join(root, 'lib', 'kb', 'generated'), { recursive: true });
    const zinc = { id: 'zinc', name: 'Zinc', category: 'mineral', description: 'A mineral.' };
    const form = { ...zinc, id: 'zinc-gluconate', name: 'Zinc gluconate', parents: ['zinc'] };
    for (const c of [zinc, form])
      writeFileSync(join(root, 'kb', 'supplements', `${c.id}.json`), JSON.stringify(c));
    const old = {
      version: 'old',
      builtAt: '',
      concepts: [{ ...zinc, kind: 'supplement', synonyms: [] }],
      notes: [],
    };
    writeFileSync(join(root, 'lib', 'kb', 'generated', 'bundle.json'), JSON.stringify(old));
    const warnings: string[] = [];
    const loaded = loadKb(root, (w) => warnings.push(w));
    expect(loaded.source).toBe('sources');
    expect(loaded.bundle.concepts.find((c) => c.id === 'zinc-gluconate')?.parents).toEqual(['zinc']);
    expect(warnings.join()).toMatch(/predates the concept hierarchy/);
  });
});

describe('bin/supplens.mjs', () => {
  it('runs the CLI through tsx from any working directory', () => {
    const r = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'supplens.mjs'), 'annotate', FIXTURE], {
      cwd: tmpdir(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const obj = JSON.parse(r.stdout.trim().split('\n')[0]!);
    expect(obj.mentions.length).toBeGreaterThan(5);
  });
});
