import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';
import {
  exportSettings,
  formatProblems,
  importSettings,
  MAX_SETTINGS_FILE_BYTES,
  normalizeHostname,
} from '../../../lib/settings-io';

const known = new Set(['rheumatoid-arthritis', 'pregnancy', 'warfarin']);
const current: Settings = {
  ...DEFAULT_SETTINGS,
  flags: ['pregnancy'],
  sites: { 'paused.example': 'paused' },
  sync: true,
};
const good = {
  format: 'supplens-settings',
  version: 1,
  exportedAt: '2026-01-01T00:00:00.000Z',
  flags: ['rheumatoid-arthritis', 'warfarin'],
  mode: 'all',
  sites: { 'news.example': 'always' },
  highlightStyle: 'background',
  reviewerMode: true,
};
const run = (text: string, byteLength?: number) =>
  importSettings(text, { knownFlagIds: known, current, ...(byteLength !== undefined ? { byteLength } : {}) });
const problems = (text: string, byteLength?: number) => {
  const r = run(text, byteLength);
  if (r.ok) throw new Error('expected a bad file');
  return formatProblems(r.problems).join('\n');
};

describe('exportSettings / importSettings', () => {
  it('round-trips everything except sync, which stays as chosen on this browser', () => {
    const s: Settings = {
      version: 1,
      flags: ['warfarin'],
      mode: 'on-request',
      sites: { 'a.example': 'paused' },
      highlightStyle: 'background',
      reviewerMode: true,
      reviewQuerySites: ['news.example'],
      sync: false,
    };
    const text = exportSettings(s, new Date('2026-02-03T04:05:06Z'));
    expect(JSON.parse(text)).not.toHaveProperty('sync');
    const r = run(text);
    expect(r.ok && r.settings).toEqual({ ...s, sync: current.sync });
  });

  it('accepts a good file, normalising site names and noting defaults and ignored fields', () => {
    const r = run(
      JSON.stringify({
        ...good,
        sites: { 'News.Example.': 'always' },
        mode: undefined,
        extra: 1,
        sync: false,
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings.sites).toEqual({ 'news.example': 'always' });
    expect(r.settings.mode).toBe(DEFAULT_SETTINGS.mode);
    expect(r.settings.sync).toBe(true);
    expect(r.notes.join(' ')).toMatch(/default: mode.*Ignored unknown fields: extra.*Sync is not taken/);
  });
});

describe('malformed settings files name the bad part', () => {
  it('1. not JSON', () => {
    expect(problems('{"format": "supplens-settings", ')).toMatch(/^file: the file is not valid JSON/);
    expect(problems('   ')).toBe('file: the file is empty');
  });
  it('2. wrong top-level type', () => {
    expect(problems('[1,2,3]')).toMatch(/^top level: expected an object .* found a list/);
    expect(problems('"settings"')).toMatch(/found the text "settings"/);
    expect(problems('null')).toMatch(/found null/);
  });
  it('3. wrong format or version', () => {
    expect(problems(JSON.stringify({ ...good, format: undefined }))).toMatch(
      /^format: missing: this does not look like a SuppLens settings file/,
    );
    expect(problems(JSON.stringify({ ...good, version: 2 }))).toMatch(
      /^version: version 2 comes from a newer SuppLens/,
    );
    expect(problems(JSON.stringify({ ...good, version: '1' }))).toMatch(
      /^version: expected the number 1, found the text "1"/,
    );
    expect(problems(JSON.stringify({ ...good, version: undefined }))).toMatch(/^version: missing/);
  });
  it('4. bad field types, each named', () => {
    const text = problems(
      JSON.stringify({
        ...good,
        mode: 'sometimes',
        flags: 'rheumatoid-arthritis',
        sites: ['a.example'],
        reviewerMode: 'yes',
        highlightStyle: 3,
      }),
    );
    expect(text).toMatch(/^flags: expected a list of concept ids, found the text "rheumatoid-arthritis"$/m);
    expect(text).toMatch(
      /^mode: expected one of "health", "all", "on-request", found the text "sometimes"$/m,
    );
    expect(text).toMatch(/^sites: expected an object .* found a list$/m);
    expect(text).toMatch(/^highlightStyle: expected "underline" or "background", found the number 3$/m);
    expect(text).toMatch(/^reviewerMode: expected true or false, found the text "yes"$/m);
    expect(problems(JSON.stringify({ ...good, flags: ['ok-id', 42, 'Bad Id'] }))).toMatch(
      /flags\[1\]: .*found the number 42\nflags\[2\]: .*found the text "Bad Id"/,
    );
    expect(
      problems(JSON.stringify({ ...good, sites: { 'not a host': 'paused', 'b.example': 'off' } })),
    ).toMatch(
      /sites\."not a host": is not a website address[\s\S]*sites\.b\.example: expected "paused" or "always", found the text "off"/,
    );
  });
  it('5. unknown flag ids', () => {
    expect(
      problems(JSON.stringify({ ...good, flags: ['rheumatoid-arthritis', 'made-up-condition', 'zinc'] })),
    ).toBe(
      'flags: unknown flag ids "made-up-condition", "zinc": not a condition, life stage or medication SuppLens knows',
    );
  });
  it('6. oversized file, checked before parsing', () => {
    expect(problems('{}', MAX_SETTINGS_FILE_BYTES + 1)).toMatch(
      /^file: the file is 256 KB; a SuppLens settings file is at most 256 KB/,
    );
    const huge = JSON.stringify({ ...good, padding: 'x'.repeat(MAX_SETTINGS_FILE_BYTES) });
    expect(problems(huge)).toMatch(/^file: the file is .*at most 256 KB/);
    expect(
      problems(JSON.stringify({ ...good, flags: Array.from({ length: 501 }, () => 'pregnancy') })),
    ).toMatch(/^flags: 501 flags; at most 500/);
  });
});

describe('normalizeHostname', () => {
  it('takes what a reader types', () => {
    expect(normalizeHostname('Example.COM')).toBe('example.com');
    expect(normalizeHostname('https://www.example.com/some/page?x=1')).toBe('www.example.com');
    expect(normalizeHostname(' news.example. ')).toBe('news.example');
    expect(normalizeHostname('127.0.0.1:8080')).toBe('127.0.0.1');
    expect(normalizeHostname('bücher.example')).toBe('xn--bcher-kva.example');
  });
  it('rejects what is not a site', () => {
    for (const bad of ['', 'not a host', 'a..b', '-a.example', 'http://', 'x'.repeat(301)])
      expect(normalizeHostname(bad)).toBeUndefined();
  });
});
