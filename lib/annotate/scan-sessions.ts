// Page scans run in the background, off the page's main thread: the content script streams the
// page's text blocks here in chunks while it is still reading the page, and asks for the analysis
// at the end. One session per pass; sessions belong to the tab that opened them and expire.
import type { PageAnalysis, PageMeta } from '../matching/types';
import { type CompactAnalysis, compactAnalysis } from './compact';

export interface ScanSink {
  feed(text: string, offset: number): void;
  finish(meta: PageMeta): PageAnalysis;
}

export interface ScanSessionLimits {
  /** Sessions open at once (all tabs); the oldest is dropped beyond this. */
  maxSessions: number;
  /** Characters one session accepts; more is refused (the page is scanned up to there). */
  maxChars: number;
  /** A session not fed or finished for this long is dropped. */
  ttlMs: number;
}

export const DEFAULT_SCAN_LIMITS: ScanSessionLimits = {
  maxSessions: 64,
  maxChars: 32 * 1024 * 1024,
  ttlMs: 60_000,
};

interface Session {
  sink: ScanSink;
  nextSeq: number;
  chars: number;
  touched: number;
  /** Set once a chunk was refused: the session answers every later request with this error. */
  failed?: string;
}

export type ScanReply = { ok: true } | { error: string };

export class ScanSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly createSink: () => ScanSink,
    private readonly now: () => number = Date.now,
    private readonly limits: ScanSessionLimits = DEFAULT_SCAN_LIMITS,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  /**
   * Chunk `seq` of session `key` (seq 0 opens it). Chunks arrive in order from one sender; a gap
   * means the worker was restarted in between and lost the session: the pass must start again.
   */
  feed(key: string, seq: number, offsets: readonly number[], texts: readonly string[]): ScanReply {
    this.expire();
    let s = this.sessions.get(key);
    if (seq === 0) {
      if (s) return { error: `scan ${key} already started` };
      s = { sink: this.createSink(), nextSeq: 0, chars: 0, touched: this.now() };
      this.sessions.set(key, s);
      this.trim();
    }
    if (!s) return { error: 'scan session lost (the background restarted): scan again' };
    if (s.failed) return { error: s.failed };
    if (seq !== s.nextSeq) {
      s.failed = `scan chunk ${seq} arrived, ${s.nextSeq} expected`;
      return { error: s.failed };
    }
    if (offsets.length !== texts.length) return { error: 'offsets and texts differ in length' };
    let last = -1;
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i]!;
      const offset = offsets[i]!;
      if (offset < last) {
        s.failed = 'block offsets must increase';
        return { error: s.failed };
      }
      s.chars += text.length;
      if (s.chars > this.limits.maxChars) {
        s.failed = `page text over ${this.limits.maxChars} characters`;
        return { error: s.failed };
      }
      s.sink.feed(text, offset);
      last = offset + text.length;
    }
    s.nextSeq++;
    s.touched = this.now();
    return { ok: true };
  }

  /** The analysis of session `key`; the session is closed either way. */
  finish(key: string, meta: PageMeta): CompactAnalysis | { error: string } {
    this.expire();
    const s = this.sessions.get(key);
    this.sessions.delete(key);
    if (!s) return { error: 'scan session lost (the background restarted): scan again' };
    if (s.failed) return { error: s.failed };
    return compactAnalysis(s.sink.finish(meta));
  }

  /** Drops a session (the sender cancelled its pass, or its tab closed: every key with `prefix`). */
  drop(prefix: string): void {
    for (const k of [...this.sessions.keys()]) if (k.startsWith(prefix)) this.sessions.delete(k);
  }

  private expire(): void {
    const t = this.now();
    for (const [k, s] of this.sessions) if (t - s.touched > this.limits.ttlMs) this.sessions.delete(k);
  }

  private trim(): void {
    while (this.sessions.size > this.limits.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
  }
}
