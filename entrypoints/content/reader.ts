// The reader: walks the page's text under the given roots in slices and streams it to a scanner
// (detection runs in the background), then reads back the analysis. It owns the scanner of the
// pass in flight and the page's own description (read once per full pass).
import type { PageMeta } from '../../lib/matching/types';
import type { PageScanner, PageScanResult } from './detector';
import type { PartEnv } from './model';
import { cutPoints } from './offsets';
import { readPageMeta } from './page-meta';
import { Cancelled, type CancelToken } from './slicer';
import { type Collected, collectBlocks, type TextBlock } from './walker';

/** Longer blocks are cut (at sentence or word ends) before feeding. */
const MAX_FEED_CHARS = 8000;
/** Feeding buffers and now and then serialises a chunk: one unit of work per this much text. */
const FEED_UNIT_CHARS = 16_000;

export interface ReaderEnv extends PartEnv {
  createScanner(): PageScanner;
  /** Our own elements (marks, the tooltip host): never read. */
  isOurs(el: Element): boolean;
}

export class Reader {
  private scanner: PageScanner | undefined;
  /** The page's own description, read by the first scan of a full pass. */
  private pageMeta: PageMeta | undefined;

  constructor(private readonly env: ReaderEnv) {}

  /** A new full pass: the page's description is read again. */
  newPage(): void {
    this.pageMeta = undefined;
  }

  /** Tells the background it can forget the scan in flight. */
  cancel(): void {
    this.scanner?.cancel();
    this.scanner = undefined;
  }

  /** Reads the text under `roots` in slices, streaming it to the scanner; then its analysis. */
  async scan(roots: Element[], token: CancelToken): Promise<{ blocks: TextBlock[]; result: PageScanResult }> {
    const { env } = this;
    this.scanner?.cancel();
    const scanner = env.createScanner();
    this.scanner = scanner;
    const self = this;
    const blocks = await env.scheduler.slice(
      (function* () {
        const all: TextBlock[] = [];
        let offset = 0;
        for (const root of roots) {
          if (!root.isConnected) continue;
          const c = yield* self.collectAndFeed(root, scanner, offset);
          for (const b of c.blocks) all.push(b);
          offset = c.end;
        }
        return all;
      })(),
      token,
    );
    // Read once per full pass: a walk of the whole document, and it does not change with the
    // content an incremental pass looks at.
    this.pageMeta ??= env.scheduler.timed(() => readPageMeta(env.doc, env.win.location.href));
    const meta = this.pageMeta;
    const t = env.win.performance.now();
    try {
      const answer = await scanner.finish(meta);
      env.stats.maxFinishMs = Math.max(env.stats.maxFinishMs, env.win.performance.now() - t);
      if (token.cancelled) throw new Cancelled();
      return { blocks, result: await env.scheduler.slice(answer.steps(), token) };
    } finally {
      if (this.scanner === scanner) this.scanner = undefined;
    }
  }

  private *collectAndFeed(
    root: Element,
    scanner: PageScanner,
    offset: number,
  ): Generator<void, Collected, void> {
    const { stats } = this.env;
    const collected = yield* collectBlocks(root, (el) => this.env.isOurs(el), offset);
    const perf = this.env.win.performance;
    let fed = 0;
    let t = perf.now();
    for (const b of collected.blocks) {
      if (b.length > MAX_FEED_CHARS) {
        let from = 0;
        for (const cut of cutPoints(b.text, MAX_FEED_CHARS)) {
          scanner.feed(b.text.slice(from, cut), b.offset + from);
          from = cut;
          stats.feedMs += perf.now() - t;
          yield;
          t = perf.now();
        }
      } else {
        scanner.feed(b.text, b.offset);
        fed += b.length;
        if (fed > FEED_UNIT_CHARS) {
          fed = 0;
          stats.feedMs += perf.now() - t;
          yield;
          t = perf.now();
        }
      }
      stats.scannedChars += b.length;
    }
    stats.feedMs += perf.now() - t;
    return collected;
  }
}
