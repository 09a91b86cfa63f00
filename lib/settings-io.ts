// Settings export and import as a JSON file. Pure: the options page reads the file and stores the
// result. A file is accepted whole or not at all, and every problem is named by the part of the
// file it is in, so a bad file never changes what is stored.
import * as v from 'valibot';
import {
  type AnnotationMode,
  DEFAULT_SETTINGS,
  type Settings,
  SettingsSchema,
  type SiteRule,
} from './settings';

export const SETTINGS_FILE_FORMAT = 'supplens-settings';
export const SETTINGS_FILE_VERSION = 1;
/** A real settings file is a few KB; anything this large is not one. */
export const MAX_SETTINGS_FILE_BYTES = 256 * 1024;
export const MAX_FLAGS = 500;
export const MAX_SITES = 5000;

const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MODES: readonly AnnotationMode[] = ['health', 'all', 'on-request'];
const RULES: readonly SiteRule[] = ['paused', 'always'];
const STYLES: readonly Settings['highlightStyle'][] = ['underline', 'background'];

/** What an exported file holds. `sync` is left out: syncing is chosen on each browser, never imported. */
export interface SettingsFile {
  format: typeof SETTINGS_FILE_FORMAT;
  version: typeof SETTINGS_FILE_VERSION;
  exportedAt: string;
  flags: string[];
  mode: AnnotationMode;
  sites: Record<string, SiteRule>;
  highlightStyle: Settings['highlightStyle'];
  reviewerMode: boolean;
  reviewQuerySites: string[];
}

export function exportSettings(s: Settings, now: Date = new Date()): string {
  const file: SettingsFile = {
    format: SETTINGS_FILE_FORMAT,
    version: SETTINGS_FILE_VERSION,
    exportedAt: now.toISOString(),
    flags: [...s.flags],
    mode: s.mode,
    sites: { ...s.sites },
    highlightStyle: s.highlightStyle,
    reviewerMode: s.reviewerMode,
    reviewQuerySites: [...s.reviewQuerySites],
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function exportFileName(now: Date = new Date()): string {
  return `supplens-settings-${now.toISOString().slice(0, 10)}.json`;
}

export interface ImportProblem {
  /** Where in the file: "file", "top level", or a field path such as `flags[2]` or `sites."x y"`. */
  where: string;
  message: string;
}

export type ImportResult =
  | { ok: true; settings: Settings; notes: string[] }
  | { ok: false; problems: ImportProblem[] };

export interface ImportOptions {
  /** Ids that may be flags: the knowledge base's conditions, life stages and medications. */
  knownFlagIds: ReadonlySet<string>;
  /** What is stored now; only `sync` is carried over (it is never taken from a file). */
  current: Settings;
  /** Size of the file in bytes when known (File.size), checked before anything else. */
  byteLength?: number;
}

/** A plain description of a JSON value, for messages: `the text "abc"`, `an array`, `the number 3`. */
export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  switch (typeof x) {
    case 'string': {
      const s = x.length > 40 ? `${x.slice(0, 40)}…` : x;
      return `the text ${JSON.stringify(s)}`;
    }
    case 'number':
      return `the number ${x}`;
    case 'boolean':
      return String(x);
    case 'object':
      return 'an object';
    default:
      return typeof x;
  }
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return !!x && typeof x === 'object' && !Array.isArray(x);
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

const keyPath = (k: string) => (/^[A-Za-z0-9_.-]+$/.test(k) ? k : JSON.stringify(k));

/**
 * A hostname as site rules store it (what `location.hostname` gives), from what a reader types or
 * a file holds: "Example.com", "https://example.com/page", "example.com." → "example.com".
 */
export function normalizeHostname(input: string): string | undefined {
  const raw = input.trim();
  if (!raw || raw.length > 300 || /\s/.test(raw)) return undefined;
  let host: string;
  try {
    host = new URL(raw.includes('://') ? raw : `http://${raw}`).hostname;
  } catch {
    return undefined;
  }
  host = host.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[')) return host; // IPv6 literal
  if (host.length === 0 || host.length > 253) return undefined;
  const labels = host.split('.');
  if (!labels.every((l) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(l) || /^xn--[a-z0-9-]+$/.test(l)))
    return undefined;
  return host;
}

export function importSettings(text: string, opts: ImportOptions): ImportResult {
  const fail = (where: string, message: string): ImportResult => ({
    ok: false,
    problems: [{ where, message }],
  });

  const bytes = opts.byteLength ?? new TextEncoder().encode(text).length;
  if (bytes > MAX_SETTINGS_FILE_BYTES)
    return fail(
      'file',
      `the file is ${formatBytes(bytes)}; a SuppLens settings file is at most ${formatBytes(MAX_SETTINGS_FILE_BYTES)}`,
    );
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return fail('file', 'the file is empty');

  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return fail('file', `the file is not valid JSON (${detail})`);
  }
  if (!isPlainObject(data))
    return fail(
      'top level',
      `expected an object such as { "format": "${SETTINGS_FILE_FORMAT}", "version": 1, … }, found ${describeValue(data)}`,
    );

  if (data.format !== SETTINGS_FILE_FORMAT)
    return fail(
      'format',
      data.format === undefined
        ? `missing: this does not look like a SuppLens settings file (expected "format": "${SETTINGS_FILE_FORMAT}")`
        : `expected "${SETTINGS_FILE_FORMAT}", found ${describeValue(data.format)}`,
    );
  if (data.version !== SETTINGS_FILE_VERSION) {
    const found = data.version;
    if (typeof found === 'number' && Number.isInteger(found) && found > SETTINGS_FILE_VERSION)
      return fail(
        'version',
        `version ${found} comes from a newer SuppLens; this one reads version ${SETTINGS_FILE_VERSION} files`,
      );
    return fail(
      'version',
      found === undefined
        ? `missing (expected ${SETTINGS_FILE_VERSION})`
        : `expected the number ${SETTINGS_FILE_VERSION}, found ${describeValue(found)}`,
    );
  }

  const problems: ImportProblem[] = [];
  const notes: string[] = [];
  const out: Settings = {
    ...DEFAULT_SETTINGS,
    flags: [],
    sites: {},
    reviewQuerySites: [],
    sync: opts.current.sync,
  };
  const missing: string[] = [];

  // flags
  if (data.flags === undefined) missing.push('flags');
  else if (!Array.isArray(data.flags))
    problems.push({
      where: 'flags',
      message: `expected a list of concept ids, found ${describeValue(data.flags)}`,
    });
  else if (data.flags.length > MAX_FLAGS)
    problems.push({
      where: 'flags',
      message: `${data.flags.length} flags; at most ${MAX_FLAGS} are allowed`,
    });
  else {
    const unknown: string[] = [];
    const flags = new Set<string>();
    data.flags.forEach((f, i) => {
      if (typeof f !== 'string' || !ID_RE.test(f) || f.length > 80)
        problems.push({
          where: `flags[${i}]`,
          message: `expected a concept id such as "pregnancy", found ${describeValue(f)}`,
        });
      else if (!opts.knownFlagIds.has(f)) unknown.push(f);
      else flags.add(f);
    });
    if (unknown.length > 0) {
      const list = unknown.slice(0, 5).map((u) => `"${u}"`);
      if (unknown.length > 5) list.push(`and ${unknown.length - 5} more`);
      problems.push({
        where: 'flags',
        message: `unknown flag id${unknown.length > 1 ? 's' : ''} ${list.join(', ')}: not a condition, life stage or medication SuppLens knows`,
      });
    }
    out.flags = [...flags];
  }

  // mode
  if (data.mode === undefined) missing.push('mode');
  else if (typeof data.mode !== 'string' || !MODES.includes(data.mode as AnnotationMode))
    problems.push({
      where: 'mode',
      message: `expected one of ${MODES.map((m) => `"${m}"`).join(', ')}, found ${describeValue(data.mode)}`,
    });
  else out.mode = data.mode as AnnotationMode;

  // sites
  if (data.sites === undefined) missing.push('sites');
  else if (!isPlainObject(data.sites))
    problems.push({
      where: 'sites',
      message: `expected an object of site → "paused" or "always", found ${describeValue(data.sites)}`,
    });
  else {
    const entries = Object.entries(data.sites);
    if (entries.length > MAX_SITES)
      problems.push({ where: 'sites', message: `${entries.length} sites; at most ${MAX_SITES} are allowed` });
    else
      for (const [key, rule] of entries) {
        const host = normalizeHostname(key);
        if (!host)
          problems.push({
            where: `sites.${keyPath(key)}`,
            message: 'is not a website address such as "example.com"',
          });
        else if (typeof rule !== 'string' || !RULES.includes(rule as SiteRule))
          problems.push({
            where: `sites.${keyPath(key)}`,
            message: `expected "paused" or "always", found ${describeValue(rule)}`,
          });
        else out.sites[host] = rule as SiteRule;
      }
  }

  // highlightStyle
  if (data.highlightStyle === undefined) missing.push('highlightStyle');
  else if (
    typeof data.highlightStyle !== 'string' ||
    !STYLES.includes(data.highlightStyle as Settings['highlightStyle'])
  )
    problems.push({
      where: 'highlightStyle',
      message: `expected "underline" or "background", found ${describeValue(data.highlightStyle)}`,
    });
  else out.highlightStyle = data.highlightStyle as Settings['highlightStyle'];

  // reviewerMode
  if (data.reviewerMode === undefined) missing.push('reviewerMode');
  else if (typeof data.reviewerMode !== 'boolean')
    problems.push({
      where: 'reviewerMode',
      message: `expected true or false, found ${describeValue(data.reviewerMode)}`,
    });
  else out.reviewerMode = data.reviewerMode;

  // reviewQuerySites (optional: files from before it existed have none)
  if (data.reviewQuerySites !== undefined) {
    if (!Array.isArray(data.reviewQuerySites) || data.reviewQuerySites.length > MAX_SITES)
      problems.push({
        where: 'reviewQuerySites',
        message: `expected a list of at most ${MAX_SITES} websites, found ${describeValue(data.reviewQuerySites)}`,
      });
    else
      data.reviewQuerySites.forEach((key, i) => {
        const host = typeof key === 'string' ? normalizeHostname(key) : undefined;
        if (!host)
          problems.push({
            where: `reviewQuerySites[${i}]`,
            message: 'is not a website address such as "example.com"',
          });
        else if (!out.reviewQuerySites.includes(host)) out.reviewQuerySites.push(host);
      });
  }

  if (problems.length > 0) return { ok: false, problems };

  const known = new Set([
    'format',
    'version',
    'exportedAt',
    'flags',
    'mode',
    'sites',
    'highlightStyle',
    'reviewerMode',
    'reviewQuerySites',
    'sync',
  ]);
  const ignored = Object.keys(data).filter((k) => !known.has(k));
  if (missing.length > 0) notes.push(`Not in the file, so set to the default: ${missing.join(', ')}.`);
  if (ignored.length > 0) notes.push(`Ignored unknown fields: ${ignored.slice(0, 5).join(', ')}.`);
  if ('sync' in data) notes.push('Sync is not taken from files; it stays as chosen on this browser.');

  // Belt and braces: whatever we built must be valid stored settings.
  const checked = v.safeParse(SettingsSchema, out);
  if (!checked.success) return fail('file', 'the settings could not be checked');
  return { ok: true, settings: checked.output, notes };
}

/** One line per problem, for the page and for tests: `mode: expected one of …`. */
export function formatProblems(problems: readonly ImportProblem[]): string[] {
  return problems.map((p) => `${p.where}: ${p.message}`);
}
