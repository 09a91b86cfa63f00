// npm run bench: every benchmark, printed (nothing asserted here).
//   1. scripts/bench-node.ts     matcher throughput and lexicon load in Node (if present);
//   2. the Chromium bench        floor vs our annotation vs mark.js, longest task, memory, popup
//                                (scripts/bench/chromium.ts; needs npm run build and Chromium);
//   3. the hostile pages bench   a million text nodes, a page fighting our marks
//                                (scripts/bench/hostile.ts; needs npm run build and Chromium);
//   4. scripts/bench-reviews.ts  10,000 reviews: repository, exports, review page.
// Options: --only node,chromium,hostile,reviews   --runs <n> (Chromium runs per page, default 5)
//          --markjs-big (also run mark.js's per-term mark() on the 3 MB page: minutes, may crash
//          the tab; by default it is extrapolated from the 60 KB page)
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runChromiumBench } from './bench/chromium';
import { runHostileBench } from './bench/hostile';
import { runKbImportBench } from './bench/kb-import';

const ROOT = join(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const value = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const only = new Set((value('--only') ?? 'node,chromium,hostile,reviews').split(','));
const runs = Math.max(1, Number(value('--runs')) || 5);

const outcomes: [string, string][] = [];

function runScript(label: string, file: string, args: string[] = []) {
  const path = join(ROOT, 'scripts', file);
  if (!existsSync(path)) {
    outcomes.push([label, `skipped (${file} not found)`]);
    return;
  }
  console.log(`\n=== ${label} (${file}) ===`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path, ...args], { cwd: ROOT, stdio: 'inherit' });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  outcomes.push([
    label,
    r.status === 0 ? `done in ${secs} s` : `exit code ${r.status ?? r.signal} after ${secs} s`,
  ]);
}

if (only.has('node')) runScript('Matcher in Node', 'bench-node.ts');

if (only.has('chromium')) {
  console.log('\n=== Annotation in Chromium (scripts/bench/chromium.ts) ===');
  const t0 = Date.now();
  try {
    await runChromiumBench({ runs, markjsBig: argv.includes('--markjs-big') });
    outcomes.push(['Annotation in Chromium', `done in ${((Date.now() - t0) / 1000).toFixed(1)} s`]);
  } catch (e) {
    console.error(e);
    outcomes.push(['Annotation in Chromium', `failed: ${(e as Error).message.split('\n')[0]}`]);
  }
}

if (only.has('hostile')) {
  console.log('\n=== Hostile pages in Chromium (scripts/bench/hostile.ts) ===');
  const t0 = Date.now();
  try {
    for (const row of await runHostileBench()) console.log(row);
    outcomes.push(['Hostile pages', `done in ${((Date.now() - t0) / 1000).toFixed(1)} s`]);
  } catch (e) {
    console.error(e);
    outcomes.push(['Hostile pages', `failed: ${(e as Error).message.split('\n')[0]}`]);
  }
}

if (only.has('reviews')) runScript('Reviews at scale', 'bench-reviews.ts');

if (only.has('sizes')) {
  console.log('\n=== Sizes ===');
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const files: [string, string, number | undefined][] = [
    ['content script', '.output/chrome-mv3/content-scripts/content.js', 100 * 1024],
    ['knowledge base bundle', 'lib/kb/generated/bundle.json', undefined],
    ['compiled lexicon', 'lib/kb/generated/lexicon.json', undefined],
  ];
  let missing = false;
  for (const [label, rel, limit] of files) {
    const path = join(ROOT, rel);
    if (!existsSync(path)) {
      console.log(`${label}: ${rel} not found (npm run build)`);
      missing = true;
      continue;
    }
    const size = statSync(path).size;
    console.log(`${label}: ${kb(size)} (${rel})${limit ? `  target < ${kb(limit)}` : ''}`);
  }
  outcomes.push(['Sizes', missing ? 'partly skipped (not built)' : 'done']);
}

if (only.has('kb')) {
  console.log('\n=== First-run knowledge-base import in Chromium (scripts/bench/kb-import.ts) ===');
  const t0 = Date.now();
  try {
    await runKbImportBench();
    outcomes.push(['Knowledge-base import', `done in ${((Date.now() - t0) / 1000).toFixed(1)} s`]);
  } catch (e) {
    console.error(e);
    outcomes.push(['Knowledge-base import', `failed: ${(e as Error).message.split('\n')[0]}`]);
  }
}

console.log('\n=== Summary ===');
for (const [label, outcome] of outcomes) console.log(`${label}: ${outcome}`);
if (outcomes.some(([, o]) => o.startsWith('failed') || o.startsWith('exit'))) process.exitCode = 1;
