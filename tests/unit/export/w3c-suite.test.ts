// The W3C's own Web Annotation data-model tests (w3c/web-annotation-tests: JSON Schema draft-04
// assertions marked MUST, SHOULD or MAY) run over the W3C exports of the CLI and of the review page
// (the background's 'review-export', which the review page and the popup call), combined the way the
// WPT annotation-model harness does: every definitions/*.json added to one Ajv per assertion,
// result = (valid === expectedResult). The suite is reference material beside the repository
// (../shared, or SUPPLENS_SHARED); without it these tests are skipped.
//
// SHOULDs judged not to apply are listed in NOT_APPLICABLE with the reason; every other MUST and
// SHOULD must pass. MAYs are optional features and only reported.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { parseImport } from '../../../lib/export';
import type { SuppLensDB } from '../../../platform/db/database';
import { type LoadedKb, loadKb } from '../../../platform/node/cli/kb';
import { main } from '../../../platform/node/cli/main';
import { testHandler } from '../background-fixtures';
import { bundle, concept } from '../kb-fixtures';
import { draftFor, freshDb } from '../reviews/fixtures';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const SHARED = process.env.SUPPLENS_SHARED ?? resolve(ROOT, '..', 'shared');
const SUITE = join(SHARED, 'reference', 'w3c-web-annotation-tests');
const haveSuite = existsSync(join(SUITE, 'definitions'));

/**
 * SHOULDs that test something SuppLens does not record, so it has nothing true to put there.
 * Key: assertion file; value: why it does not apply.
 */
const PAGE_AUTHOR =
  'the target is a news page; SuppLens records its URL, title and the quoted text, not who wrote the page';
const NOT_APPLICABLE: Record<string, string> = {
  '4.2.1-conformsTo.json':
    'asks for conformsTo on a FragmentSelector; SuppLens targets text with TextQuoteSelector and TextPositionSelector and writes no FragmentSelector',
  '3.3.2-targCreatorAgentIdImplemented.json': PAGE_AUTHOR,
  '3.3.2-targCreatorAgentTypeImplemented.json': PAGE_AUTHOR,
  '3.3.2-targCreatorAgentNicknameImplemented.json': PAGE_AUTHOR,
  '3.3.2-targCreatorAgentSingleNameImplemented.json': PAGE_AUTHOR,
};

type Kind = 'annotation' | 'collection' | 'page';
const TESTS: Record<Kind, string[]> = {
  annotation: [
    'annotations/annotationMusts.test',
    'annotations/annotationOptionals.test',
    'annotations/annotationsAgentOptionals.test',
  ],
  collection: ['collections/collectionMusts.test', 'collections/collectionOptionals.test'],
  page: ['collections/pages/pageMusts.test', 'collections/pages/pageOptionals.test'],
};

interface Result {
  file: string;
  assertion: string;
  type: 'must' | 'should' | 'may';
  instance: string;
  pass: boolean;
  errors: string;
}

const read = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
/** Compiled once per run: compiling 230 assertions against all definitions takes seconds. */
const compiled = new Map<string, { schema: Record<string, string>; validate: ValidateFunction; ajv: Ajv }>();
let defs: unknown[] | undefined;

function runSuite(file: string, doc: Record<string, unknown>): Result[] {
  defs ??= readdirSync(join(SUITE, 'definitions'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => read(join(SUITE, 'definitions', f)));
  const validator = (path: string) => {
    let c = compiled.get(path);
    if (!c) {
      // One Ajv per assertion (some share an id); draft-04 ignores members beside "$ref".
      const ajv = new Ajv({
        allErrors: true,
        validateSchema: false,
        strict: false,
        logger: false,
        ignoreKeywordsWithRef: true,
      });
      addFormats(ajv, { mode: 'fast' });
      ajv.addSchema(defs as object[]);
      const schema = read(join(SUITE, path));
      c = { schema, validate: ajv.compile(schema), ajv };
      compiled.set(path, c);
    }
    return c;
  };
  const instances: { kind: Kind; label: string; data: unknown }[] = [];
  if (doc.type === 'AnnotationCollection') {
    instances.push({ kind: 'collection', label: 'collection', data: doc });
    const first = doc.first as { items?: { id: string }[] } | undefined;
    if (first && typeof first === 'object') {
      // pageMusts: "a single Annotation Page or an Annotation Collection with an embedded Page".
      instances.push({ kind: 'page', label: 'collection (page tests)', data: doc });
      instances.push({ kind: 'page', label: 'collection.first', data: first });
    }
    for (const a of first?.items ?? []) instances.push({ kind: 'annotation', label: a.id, data: a });
  } else instances.push({ kind: 'annotation', label: file, data: doc });
  const results: Result[] = [];
  for (const inst of instances)
    for (const test of TESTS[inst.kind])
      for (const assertion of read(join(SUITE, test)).assertions as string[]) {
        const { schema, validate, ajv } = validator(assertion);
        const valid = validate(inst.data) as boolean;
        results.push({
          file,
          assertion,
          type: schema.assertionType as Result['type'],
          instance: inst.label,
          pass: (schema.expectedResult ?? 'valid') === (valid ? 'valid' : 'invalid'),
          errors: valid ? '' : ajv.errorsText(validate.errors, { separator: ' | ' }).slice(0, 300),
        });
      }
  return results;
}

/** Failed MUSTs and applicable SHOULDs as "TYPE assertion (instance): ajv errors" lines. */
function failures(results: Result[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of results) {
    if (r.pass || r.type === 'may') continue;
    if (r.type === 'should' && NOT_APPLICABLE[basename(r.assertion)]) continue;
    const key = `${r.type} ${r.assertion}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(`${r.type.toUpperCase()} ${r.assertion} (${r.instance}): ${r.errors}`);
  }
  return out;
}

function report(name: string, results: Result[]) {
  const count = (type: string, pass: boolean) =>
    results.filter((r) => r.type === type && r.pass === pass).length;
  const setAside = results.filter(
    (r) => r.type === 'should' && !r.pass && NOT_APPLICABLE[basename(r.assertion)],
  );
  console.log(
    `W3C suite on ${name}: MUST ${count('must', true)} passed / ${count('must', false)} failed; SHOULD ${count('should', true)} passed / ${count('should', false) - setAside.length} failed (+${setAside.length} checks of ${Object.keys(NOT_APPLICABLE).length} SHOULDs judged not to apply); MAY ${count('may', true)} met / ${count('may', false)} not used`,
  );
}

let kb: LoadedKb | undefined;
const loadedKb = () => {
  kb ??= loadKb();
  return kb;
};

async function cliExport(): Promise<string> {
  const out: string[] = [];
  const code = await main(
    ['annotate', join(ROOT, 'demo', 'article.html'), '--format', 'w3c'],
    { out: (l) => out.push(l), err: () => {} },
    loadedKb,
  );
  expect(code).toBe(0);
  return `${out.join('\n')}\n`;
}

let db: SuppLensDB | undefined;
afterEach(() => db?.close());

async function reviewPageExport(): Promise<string> {
  db = freshDb();
  const h = testHandler(db, {
    bundle: () => bundle('kb-test', [concept('zinc', 'supplement', 'Zinc')], []),
  });
  const ext = { fromExtensionPage: true };
  const verdict = await h(
    {
      type: 'review-save',
      review: { ...draftFor('zinc gluconate'), verdict: 'needs-context', comment: 'Dose is per day.' },
    },
    ext,
  );
  expect(verdict).toHaveProperty('review');
  await h(
    { type: 'review-save', review: { ...draftFor('fish oil'), claimNote: 'Claim: cures colds.' } },
    ext,
  );
  await h({ type: 'review-save', review: draftFor('vitamin D') }, ext);
  const out = (await h({ type: 'review-export', format: 'w3c' }, ext)) as { text: string; count: number };
  expect(out.count).toBe(3);
  return out.text;
}

describe.skipIf(!haveSuite)('W3C Web Annotation test suite (../shared)', { timeout: 120_000 }, () => {
  it("the CLI's W3C export passes every MUST and every applicable SHOULD", async () => {
    const text = await cliExport();
    const results = runSuite('cli.jsonld', JSON.parse(text));
    report('the CLI export', results);
    // Every SHOULD set aside is one the suite actually checks.
    const assertions = new Set(results.map((r) => basename(r.assertion)));
    for (const name of Object.keys(NOT_APPLICABLE)) expect(assertions.has(name), name).toBe(true);
    expect(results.filter((r) => r.instance !== 'collection').length).toBeGreaterThan(100);
    expect(failures(results)).toEqual([]);
  });

  it("the review page's W3C export passes every MUST and every applicable SHOULD", async () => {
    const text = await reviewPageExport();
    const results = runSuite('review-page.jsonld', JSON.parse(text));
    report('the review page export', results);
    expect(failures(results)).toEqual([]);
  });

  it('the importer reads back every file the exporter writes', async () => {
    for (const text of [await cliExport(), await reviewPageExport()]) {
      const parsed = parseImport(text, new Date('2026-01-01T00:00:00Z'));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.format).toBe('w3c');
      expect(parsed.rejected).toEqual([]);
      expect(parsed.reviews.length).toBe(JSON.parse(text).total);
    }
  });
});
