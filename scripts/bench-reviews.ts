// Reviews at scale: 10,000 reviews listed, filtered, searched and exported.
//   npx tsx scripts/bench-reviews.ts [--no-browser]
// 1. Repository and exporters in Node over fake-indexeddb (a slower IndexedDB than Chromium's).
// 2. If the extension is built and Chromium is installed: the real review page with 10,000
//    reviews, timing each action and recording every long task (> 50 ms) on the page.
// Budgets (issue 7): no task over 50 ms on the review page; export of 10,000 under 2 s.
import 'fake-indexeddb/auto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXPORT_FORMATS, exportAs, parseImport } from '../lib/export';
import { SuppLensDB } from '../platform/db/database';
import { importReviews, listReviews, queryReviews, type ReviewFilter } from '../platform/db/reviews';
import { bigExport } from '../tests/support/review-fixtures';

const N = 10_000;
const EXPORT_BUDGET_MS = 2000;
const TASK_BUDGET_MS = 50;

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeIt(fn: () => Promise<unknown> | unknown, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(ms(t0));
  }
  return median(times);
}

let failed = false;
const check = (ok: boolean, what: string) => {
  if (!ok) {
    failed = true;
    console.log(`  OVER BUDGET: ${what}`);
  }
};

async function nodeBench() {
  console.log(`Reviews benchmark, ${N.toLocaleString('en-US')} reviews`);
  console.log('\n1. Node + fake-indexeddb (background-side work; medians of 5 runs)');
  const text = bigExport(N);
  let t0 = performance.now();
  const parsed = parseImport(text);
  if (!parsed.ok) throw new Error(parsed.error);
  console.log(`  parse + validate ${(text.length / 1e6).toFixed(1)} MB JSON: ${ms(t0)} ms`);
  const db = new SuppLensDB(`bench-${Date.now()}`);
  t0 = performance.now();
  await importReviews(db, parsed.reviews);
  console.log(`  import in one transaction: ${ms(t0)} ms`);

  const filters: [string, ReviewFilter][] = [
    ['first page, no filter', {}],
    ['site', { site: 'site7.example' }],
    ['concept', { conceptId: 'fish-oil' }],
    ['verdict', { verdict: 'needs-context' }],
    ['date range', { since: '2025-01-01T00:00:00.000Z', until: '2025-03-01T00:00:00.000Z' }],
    ['full-text search', { text: '"comment number 9999"' }],
    ['site + verdict + search', { site: 'site10.example', verdict: 'needs-context', text: 'overstates' }],
  ];
  for (const [name, f] of filters) {
    let total = 0;
    const t = await timeIt(async () => {
      total = (await listReviews(db, f, { limit: 50 })).total;
    });
    console.log(`  list 50 of ${String(total).padStart(5)} (${name}): ${t} ms`);
  }

  const all = await queryReviews(db, {});
  for (const format of EXPORT_FORMATS) {
    let size = 0;
    const t = await timeIt(async () => {
      const rows = await queryReviews(db, {});
      size = exportAs(format, rows, { conceptNames: { zinc: 'Zinc' } }).text.length;
    }, 3);
    console.log(
      `  export ${all.length} as ${format.padEnd(4)}: ${t} ms (${(size / 1e6).toFixed(1)} MB, query included)`,
    );
    check(t < EXPORT_BUDGET_MS, `export ${format} ${t} ms`);
  }
  db.close();
}

async function browserBench() {
  const e2e = await import('../tests/support/harness');
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(join(e2e.EXTENSION_DIR, 'manifest.json')) || !existsSync(chromium)) {
    console.log('\n2. Review page in Chromium: skipped (run `npm run build` and install Chromium)');
    return;
  }
  console.log('\n2. Review page in Chromium (real IndexedDB in the service worker)');
  const b = await e2e.launchWithExtension();
  try {
    const setup = await e2e.openExtensionPage(b, 'review.html');
    let t0 = performance.now();
    const imp = await e2e.sendFromPage<{ summary: string }>(setup, {
      type: 'review-import',
      text: bigExport(N),
    });
    console.log(`  import (message + parse + transaction): ${ms(t0)} ms: ${imp.summary}`);
    for (const format of EXPORT_FORMATS) {
      t0 = performance.now();
      const r = await e2e.sendFromPage<{ count: number; text: string }>(setup, {
        type: 'review-export',
        format,
      });
      const t = ms(t0);
      console.log(
        `  export ${r.count} as ${format.padEnd(4)} through the background: ${t} ms (${(r.text.length / 1e6).toFixed(1)} MB)`,
      );
      check(t < EXPORT_BUDGET_MS, `browser export ${format} ${t} ms`);
    }
    await setup.close();

    const page = await b.context.newPage();
    const controls = e2e.reviewControls(page);
    await e2e.recordLongTasks(page);
    const step = async (name: string, action: () => Promise<unknown>, expect: RegExp) => {
      const start = performance.now();
      await action();
      await e2e.waitForReviewCount(page, expect, 20_000);
      console.log(`  ${name}: ${ms(start)} ms`);
    };
    await step(
      'open review.html, first 50 listed',
      () => page.goto(e2e.extensionUrl(b, 'review.html')),
      / of 10000 reviews$/,
    );
    await step('filter verdict', () => controls.verdict('needs-context'), / of 2500 reviews$/);
    await step('+ filter site', () => controls.site('site10.example'), / of 100 reviews$/);
    await step('clear filters', () => controls.clearFilters(), / of 10000 reviews$/);
    await step(
      'full-text search (200 ms debounce included)',
      () => controls.search('overstates'),
      / of 3334 reviews$/,
    );
    await step('next page', () => controls.nextPage(), /^Showing 51–100/);
    await step('clear filters', () => controls.clearFilters(), / of 10000 reviews$/);
    await step('filter concept', () => controls.concept('fish-oil'), / of 2500 reviews$/);
    await step(
      'date from 2025-01-01',
      () => controls.recordedFrom('2025-01-01'),
      /^Showing 1–50 of \d+ reviews$/,
    );
    await page.waitForTimeout(300);
    const tasks = await e2e.longTasks(page);
    const worst = tasks.length ? Math.max(...tasks) : 0;
    console.log(
      `  long tasks on the review page: ${tasks.length ? tasks.join(', ') : 'none'} (longest task over 50 ms: ${worst || 'none'})`,
    );
    check(
      tasks.every((d) => d <= TASK_BUDGET_MS),
      `review page task of ${worst} ms`,
    );

    // Informational: exporting all 10,000 from the page (the reply is one large message).
    await controls.clearFilters();
    await e2e.waitForReviewCount(page, / of 10000 reviews$/, 30_000);
    for (const format of ['csv', 'json'] as const) {
      await e2e.clearLongTasks(page);
      await page.getByLabel('Export format').selectOption(format);
      const start = performance.now();
      const [dl] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: /^Export/ }).click(),
      ]);
      await dl.path();
      const exportTasks = await e2e.longTasks(page);
      console.log(
        `  export all from the page as ${format} (click to file saved): ${ms(start)} ms; page tasks over 50 ms: ${exportTasks.length ? exportTasks.join(', ') : 'none'}`,
      );
      check(ms(start) < EXPORT_BUDGET_MS, `page export ${format}`);
    }
  } finally {
    await b.close();
  }
}

await nodeBench();
if (!process.argv.includes('--no-browser')) await browserBench();
console.log(
  failed ? '\nRESULT: over budget' : '\nRESULT: within budget (no page task > 50 ms, exports < 2 s)',
);
process.exit(failed ? 1 : 0);
