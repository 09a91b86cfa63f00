// The content script's side of a scan: text blocks go to the background in chunks while the page
// is still being read, and the analysis comes back compact (lib/annotate/compact.ts). Pure: the
// transport is injected, so unit tests wire it straight to ScanSessions.
import type { HealthVerdict, PageMeta } from '../matching/types';
import { type BackgroundRequest, type Dose, isErrorResponse, type Transport } from '../messaging/protocol';
import { type CompactAnalysis, type CompactMention, compactAnalysis, expandMentionsInSteps } from './compact';
import type { ScanSink } from './scan-sessions';

export interface PageScanResult {
  mentions: CompactMention[];
  health: HealthVerdict;
  doses: Dose[];
}

/**
 * The analysis as it arrived. read() checks and expands it, on the caller's clock: on the page's
 * thread that is work the page pays for, so the caller runs steps() in its own slices (on a long
 * page, expanding tens of thousands of mentions in one go took a whole frame or more).
 */
export interface ScanAnswer {
  read(): PageScanResult;
  steps(): Generator<void, PageScanResult, void>;
}

/** An answer whose check runs first, then the mentions are expanded in steps. */
function answerOf(check: () => CompactAnalysis): ScanAnswer {
  function* steps(): Generator<void, PageScanResult, void> {
    const c = check();
    yield;
    const mentions = yield* expandMentionsInSteps(c);
    return { mentions, health: c.health, doses: c.doses };
  }
  return {
    steps,
    read() {
      const s = steps();
      for (;;) {
        const r = s.next();
        if (r.done) return r.value;
      }
    },
  };
}

/** What a pass feeds text blocks into; finish() may answer later (the work runs elsewhere). */
export interface PageScanner {
  feed(text: string, offset: number): void;
  finish(meta: PageMeta): Promise<ScanAnswer>;
  /** The pass was cancelled: tell the other side it can forget the session. */
  cancel(): void;
}

/** The scan messages of the protocol (validated there). */
export type ScanRequest = Extract<BackgroundRequest, { type: 'scan-feed' | 'scan-finish' | 'scan-cancel' }>;

export interface RemoteScannerOptions {
  /** Characters per chunk: one chunk is serialised in one go on the page's thread. */
  chunkChars: number;
  /** Blocks per chunk. */
  chunkBlocks: number;
}

export const DEFAULT_CHUNKS: RemoteScannerOptions = { chunkChars: 64 * 1024, chunkBlocks: 2000 };

let counter = 0;
const sessionPrefix = Math.random().toString(36).slice(2, 10).padEnd(8, '0');

function newScanId(): string {
  counter = (counter + 1) % 1_000_000_000;
  return `${sessionPrefix}-${counter.toString(36)}`;
}

export class ScanError extends Error {}

/** A scanner whose work runs wherever `send` delivers (the background, in the extension). */
export function createRemoteScanner(
  send: Transport<ScanRequest>,
  options: RemoteScannerOptions = DEFAULT_CHUNKS,
): PageScanner {
  const scan = newScanId();
  let seq = 0;
  let offsets: number[] = [];
  let texts: string[] = [];
  let chars = 0;
  let failure: string | undefined;
  const pending: Promise<void>[] = [];

  const flush = () => {
    if (texts.length === 0 && seq > 0) return;
    const request: ScanRequest = { type: 'scan-feed', scan, seq: seq++, offsets, texts };
    offsets = [];
    texts = [];
    chars = 0;
    pending.push(
      send(request).then(
        (reply) => {
          if (!isOk(reply)) failure ??= errorOf(reply);
        },
        (e: unknown) => {
          failure ??= e instanceof Error ? e.message : String(e);
        },
      ),
    );
  };

  return {
    feed(text, offset) {
      // A block longer than a chunk goes alone in its own chunk (the caller cuts huge blocks).
      if (
        texts.length > 0 &&
        (chars + text.length > options.chunkChars || texts.length >= options.chunkBlocks)
      )
        flush();
      offsets.push(offset);
      texts.push(text);
      chars += text.length;
    },
    async finish(meta) {
      flush();
      await Promise.all(pending);
      if (failure) throw new ScanError(failure);
      const reply = await send({ type: 'scan-finish', scan, meta });
      return answerOf(() => {
        if (!isCompact(reply)) throw new ScanError(errorOf(reply));
        return reply;
      });
    },
    cancel() {
      send({ type: 'scan-cancel', scan }).catch(() => undefined);
    },
  };
}

/** The same interface over a scanner in this thread (unit tests, tools). */
export function createLocalScanner(sink: ScanSink): PageScanner {
  return {
    feed: (text, offset) => sink.feed(text, offset),
    finish: async (meta) => {
      const c = compactAnalysis(sink.finish(meta));
      return answerOf(() => c);
    },
    cancel: () => undefined,
  };
}

function isOk(x: unknown): boolean {
  return !!x && typeof x === 'object' && (x as { ok?: unknown }).ok === true;
}

function errorOf(x: unknown): string {
  return isErrorResponse(x) ? x.error : 'the background did not answer the scan';
}

function isCompact(x: unknown): x is CompactAnalysis {
  if (!x || typeof x !== 'object') return false;
  const c = x as Partial<CompactAnalysis>;
  return (
    Array.isArray(c.concepts) &&
    c.concepts.every(
      (k) =>
        Array.isArray(k) && typeof k[0] === 'string' && typeof k[1] === 'string' && typeof k[2] === 'string',
    ) &&
    Array.isArray(c.spans) &&
    c.spans.every((n) => typeof n === 'number' && Number.isInteger(n)) &&
    !!c.health &&
    typeof c.health.isHealth === 'boolean' &&
    typeof c.health.score === 'number' &&
    Array.isArray(c.doses)
  );
}
