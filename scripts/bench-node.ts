// Matching throughput and lexicon load time in Node (printed, not asserted).
//
// Text: the visible text of the evaluation pages (tests/fixtures/eval), repeated to about 5 MB,
// i.e. realistic health-news prose with a high density of knowledge-base terms.
// Figures (median of several runs):
//   - lexicon scan: Lexicon.scan over every block (dictionary matching only), MB/s of UTF-8 text;
//   - full analysis: createPageScanner().feed() per block + finish() (false-hit rules, definitions,
//     doses, relevance), MB/s;
//   - longest single feed() call on 4 KB blocks (the content script's unit of work), ms;
//   - lexicon load: JSON.parse of lexicon.json + loadLexicon, and loadLexicon alone, ms;
//   - lexicon compile (build time), ms.
//   - re-anchoring: a changed quote found fuzzily at the end of a ~240k-character page, ms.
// Options: --mb <size> (default 5), --runs <n> (default 7).
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { anchor, describe as describeQuote } from '../lib/anchoring/anchor';
import { createPageScanner } from '../lib/annotate/analyze';
import { compileLexicon, type LexiconData, loadLexicon } from '../lib/matching/lexicon';
import { htmlToText } from '../lib/text/html';
import { loadKb } from '../platform/node/cli/kb';
import { FIXTURE_DIR } from '../tests/support/eval';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const targetMb = arg('--mb', 5);
const runs = arg('--runs', 7);
const kb = loadKb();

const pageTexts = readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith('.html'))
  .sort()
  .map((f) => htmlToText(readFileSync(join(FIXTURE_DIR, f), 'utf8')).text);
const unit = pageTexts.join('\n');
const blocks: string[] = [];
let bytes = 0;
while (bytes < targetMb * 1024 * 1024) {
  for (const line of unit.split('\n')) {
    blocks.push(line);
    bytes += Buffer.byteLength(line, 'utf8') + 1;
  }
}
const offsets: number[] = [];
let off = 0;
for (const b of blocks) {
  offsets.push(off);
  off += b.length + 1;
}
const mb = bytes / (1024 * 1024);

// Lexicon scan.
const scanTimes: number[] = [];
let candidates = 0;
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  let n = 0;
  for (let i = 0; i < blocks.length; i++) n += kb.lexicon.scan(blocks[i]!, offsets[i]!).length;
  scanTimes.push(performance.now() - t0);
  candidates = n;
}

// Full analysis.
const fullTimes: number[] = [];
let mentions = 0;
for (let r = 0; r < Math.max(3, Math.ceil(runs / 2)); r++) {
  const t0 = performance.now();
  const scanner = createPageScanner(kb.lexicon, kb.bundle.concepts);
  for (let i = 0; i < blocks.length; i++) scanner.feed(blocks[i]!, offsets[i]!);
  mentions = scanner.finish().mentions.length;
  fullTimes.push(performance.now() - t0);
}

// Longest feed() of a 4 KB chunk (blocks grouped into chunks of at most 4 KB).
let maxFeed = 0;
{
  const scanner = createPageScanner(kb.lexicon, kb.bundle.concepts);
  let i = 0;
  while (i < blocks.length) {
    const t0 = performance.now();
    let size = 0;
    while (i < blocks.length && size < 4096) {
      scanner.feed(blocks[i]!, offsets[i]!);
      size += blocks[i]!.length;
      i++;
    }
    maxFeed = Math.max(maxFeed, performance.now() - t0);
  }
  const t0 = performance.now();
  scanner.finish();
  const finishMs = performance.now() - t0;
  (globalThis as { __finishMs?: number }).__finishMs = finishMs;
}

// Lexicon load and compile. On a shared machine wall time includes waiting for a core, so the
// process's CPU time is reported too.
const json = JSON.stringify(kb.lexiconData);
const parseLoad: number[] = [];
const loadOnly: number[] = [];
const parseLoadCpu: number[] = [];
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
for (let r = 0; r < 21; r++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const data = JSON.parse(json) as LexiconData;
  const t1 = performance.now();
  loadLexicon(data);
  const t2 = performance.now();
  parseLoadCpu.push(cpuMs(c0));
  parseLoad.push(t2 - t0);
  loadOnly.push(t2 - t1);
}
const scanCpu: number[] = [];
for (let r = 0; r < runs; r++) {
  const c0 = process.cpuUsage();
  for (let i = 0; i < blocks.length; i++) kb.lexicon.scan(blocks[i]!, offsets[i]!);
  scanCpu.push(cpuMs(c0));
}
const compileTimes: number[] = [];
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  compileLexicon(kb.bundle.concepts, { kbVersion: kb.bundle.version });
  compileTimes.push(performance.now() - t0);
}

const scanMs = median(scanTimes);
const fullMs = median(fullTimes);
console.log(
  `supplens bench (Node ${process.version}), knowledge base ${kb.bundle.version}: ${kb.bundle.concepts.length} concepts, ${kb.lexiconData.stats.forms} forms, ${kb.lexiconData.stats.keys} keys, ${kb.lexiconData.stats.nodes} trie nodes`,
);
console.log(`text: ${mb.toFixed(2)} MB (${blocks.length} blocks), eval pages repeated`);
const load = loadavg()[0] ?? 0;
console.log(`machine load average (1 min): ${load.toFixed(1)} on ${cpus().length} cores`);
console.log(
  `lexicon scan:    ${(mb / (scanMs / 1000)).toFixed(1)} MB/s wall, ${(mb / (median(scanCpu) / 1000)).toFixed(1)} MB/s of CPU time  (median ${scanMs.toFixed(1)} ms, ${candidates} candidates)  target >= 50 MB/s`,
);
console.log(
  `full analysis:   ${(mb / (fullMs / 1000)).toFixed(1)} MB/s  (median ${fullMs.toFixed(1)} ms, ${mentions} mentions)`,
);
console.log(
  `longest feed() of a 4 KB chunk: ${maxFeed.toFixed(2)} ms; finish() on ${mb.toFixed(1)} MB: ${((globalThis as { __finishMs?: number }).__finishMs ?? 0).toFixed(1)} ms`,
);
console.log(
  `lexicon load:    ${median(parseLoad).toFixed(2)} ms JSON.parse + loadLexicon (${(json.length / 1024).toFixed(0)} KB; ${median(parseLoadCpu).toFixed(2)} ms of CPU time), ${median(loadOnly).toFixed(2)} ms loadLexicon alone  target <= 20 ms`,
);
console.log(`lexicon compile: ${median(compileTimes).toFixed(0)} ms (build time)`);

// Re-anchoring on a large page: filler words from the eval text that never contain the quote, then
// the quote with one word changed, so the exact search fails and the bounded fuzzy search runs.
{
  const quote = 'the evidence for magnesium and insomnia comes from small trials';
  const words = blocks
    .join(' ')
    .split(/\s+/)
    .filter((w) => w && !/magnesium|insomnia|trials/i.test(w));
  let seed = 7;
  const filler: string[] = [];
  for (let n = 0; n < 40_000; n++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    filler.push(words[seed % words.length]!);
  }
  const article = `In a review this year, ${quote}, and the authors call for larger ones.`;
  const selectors = describeQuote(article, article.indexOf(quote), article.indexOf(quote) + quote.length);
  const page = `${filler.join(' ')}\n\n${article.replace('small trials', 'tiny trials')}`;
  const times: number[] = [];
  let method = '';
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    method = anchor(page, selectors)?.method ?? 'none';
    times.push(performance.now() - t0);
  }
  console.log(
    `re-anchoring:    ${median(times).toFixed(1)} ms to find a changed quote in ${(page.length / 1000).toFixed(0)}k characters (${method})`,
  );
}
