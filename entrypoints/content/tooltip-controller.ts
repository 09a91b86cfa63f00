// The tooltip controller: turns the reader's pointer, focus and keys on marks into TooltipIntent
// calls, and opens and closes the tooltip frame (an extension page in a closed shadow root, asked
// for its note by a token only this script knows). Events page script dispatches are ignored.

import { pageConceptsByProminence } from '../../lib/kb/rank';
import type { Dose } from '../../lib/matching/types';
import { type BackgroundRequest, isErrorResponse, type Transport } from '../../lib/messaging/protocol';
import type { ReviewAnchor } from '../../lib/messaging/review-protocol';
import type { Highlighter } from './highlighter';
import type { LiveObserver } from './observer';
import { inCorridor, TooltipHost } from './tooltip-host';
import { TooltipIntent } from './tooltip-intent';

/** How long after the reader's Tab or press a focusin still counts as theirs. */
const READER_INPUT_MS = 400;

export interface TooltipEnv {
  doc: Document;
  win: Window;
  tooltipUrl: string;
  send: Transport<BackgroundRequest>;
  highlighter: Highlighter;
  live: Pick<LiveObserver, 'quiet'>;
  signal: AbortSignal;
  /** Concept ids on the page (context for the ranking; never the reader's flags). */
  pageConcepts(): string[];
  doses(): Dose[];
  reviewerMode(): boolean;
  /** Reviewer mode: the mention's page-text selectors, for the tooltip's verdict form. */
  describeMention(parts: HTMLElement[]): ReviewAnchor | undefined;
  /**
   * True when this copy of the script is an orphan (extension reloaded or removed), which then
   * gives the page back: it cannot show tooltips any more.
   */
  orphaned(): boolean;
}

export class TooltipController {
  readonly host: TooltipHost;
  readonly intent: TooltipIntent<HTMLElement>;
  private hovered: HTMLElement | undefined;
  /** Last pointer position the page saw (null: the pointer left the window). */
  private pointer: { x: number; y: number } | null = null;
  private pointerWasNear = false;
  private focused: HTMLElement | undefined;
  private expanded: HTMLElement | undefined;
  private openSeq = 0;
  private focusIntoTooltip = false;
  /**
   * When the reader last did something that moves focus (Tab, a press, focus coming back from our
   * frame, our own commands). Page script calling mark.focus() also fires a trusted focusin; a
   * focusin with no reader input just before it opens nothing.
   */
  private readerInputAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly env: TooltipEnv) {
    this.host = new TooltipHost(env.doc, env.tooltipUrl, {
      pointerEnter: () => this.intent.pointerEnterTip(),
      pointerLeave: () => this.intent.pointerLeaveTip(),
      focusEnter: () => this.intent.focusEnterTip(),
      focusLeave: () => {
        // Focus leaving our frame is the reader's Tab (or click) inside it, which the page never sees.
        this.noteReaderInput();
        this.intent.focusLeaveTip();
      },
    });
    this.intent = new TooltipIntent<HTMLElement>({
      setTimer: (fn, ms) => env.win.setTimeout(fn, ms),
      clearTimer: (h) => env.win.clearTimeout(h as number),
      open: (m) => {
        void this.openTooltip(m);
      },
      close: () => this.closeTooltip(),
      pointerNearTooltip: () => this.pointerNearTooltip(),
      focusInTooltip: () => this.host.hasFocus(),
    });
  }

  /** Closes and forgets (a new pass, hidden highlights, navigation, teardown). */
  reset(): void {
    this.intent.reset();
  }

  /** The focusable part of the mention containing `target`. */
  private primaryOf(target: EventTarget | null): HTMLElement | undefined {
    if (!(target instanceof Node)) return undefined;
    const part = this.env.highlighter.markOf(target);
    if (!part) return undefined;
    return this.env.highlighter.info(part)?.parts[0];
  }

  /**
   * An orphaned copy of this script (extension reloaded or removed) cannot show tooltips any more:
   * on the reader's next interaction it gives the page back.
   */
  private orphaned(): boolean {
    return this.env.orphaned();
  }

  /** Page events; synthetic ones (dispatched by page script, isTrusted false) are ignored. */
  listen(): void {
    const opts = { capture: true, signal: this.env.signal };
    const doc = this.env.doc;
    doc.addEventListener(
      'mouseover',
      (e) => {
        if (!e.isTrusted || this.orphaned()) return;
        const m = this.primaryOf(e.target);
        if (e instanceof MouseEvent) this.pointer = { x: e.clientX, y: e.clientY };
        if (m === this.hovered) return;
        if (this.hovered) this.intent.pointerLeaveMark(this.hovered);
        this.hovered = m;
        if (m) this.intent.pointerEnterMark(m);
      },
      opts,
    );
    doc.addEventListener(
      'mouseout',
      (e) => {
        if (!e.isTrusted) return;
        if (e.relatedTarget !== null) return;
        this.pointer = null;
        if (this.hovered) {
          this.intent.pointerLeaveMark(this.hovered);
          this.hovered = undefined;
        }
      },
      opts,
    );
    doc.addEventListener(
      'mousemove',
      (e) => {
        if (!e.isTrusted) return;
        this.pointer = { x: e.clientX, y: e.clientY };
        if (!this.host.isOpen) return;
        const near = this.pointerNearTooltip();
        if (this.pointerWasNear && !near) this.intent.pointerElsewhere();
        this.pointerWasNear = near;
      },
      { ...opts, passive: true },
    );
    doc.addEventListener(
      'focusin',
      (e) => {
        if (!e.isTrusted || this.orphaned()) return;
        const m = this.primaryOf(e.target);
        if (m && e.target === m) {
          if (!this.recentReaderInput()) return;
          if (this.focused && this.focused !== m) this.intent.focusLeaveMark(this.focused);
          this.focused = m;
          this.intent.focusEnterMark(m);
        }
      },
      opts,
    );
    doc.addEventListener(
      'focusout',
      (e) => {
        if (!e.isTrusted) return;
        if (this.focused && e.target === this.focused) {
          const m = this.focused;
          this.focused = undefined;
          this.intent.focusLeaveMark(m);
        }
      },
      opts,
    );
    doc.addEventListener(
      'pointerdown',
      (e) => {
        if (e.isTrusted) this.noteReaderInput();
      },
      { ...opts, passive: true },
    );
    doc.addEventListener(
      'keydown',
      (e) => {
        if (!e.isTrusted) return;
        if (e.key === 'Tab') this.noteReaderInput();
        if (e.key === 'Escape') {
          if (this.intent.escape()) e.stopPropagation();
          return;
        }
        if (e.key !== 'Enter' && e.key !== ' ') return;
        const m = this.primaryOf(e.target);
        if (!m || e.target !== m) return;
        e.preventDefault();
        if (this.intent.anchor === m && this.host.isOpen) this.host.focus();
        else {
          this.focusIntoTooltip = true;
          this.intent.activate(m);
        }
      },
      opts,
    );
    doc.addEventListener(
      'click',
      (e) => {
        if (!e.isTrusted) return;
        const m = this.primaryOf(e.target);
        if (m) this.intent.activate(m);
      },
      opts,
    );
  }

  /** The reader did something that moves focus (our own commands count too). */
  noteReaderInput(): void {
    this.readerInputAt = this.env.win.performance.now();
  }

  private recentReaderInput(): boolean {
    return this.env.win.performance.now() - this.readerInputAt <= READER_INPUT_MS;
  }

  /** The pointer was last seen between the open mention and its tooltip (or on the tooltip). */
  private pointerNearTooltip(): boolean {
    const anchor = this.intent.anchor;
    const frame = this.host.frameBox();
    if (!this.pointer || !anchor || !frame) return false;
    const parts = this.env.highlighter.info(anchor)?.parts ?? [anchor];
    return parts.some((p) => {
      for (const r of p.getClientRects())
        if (inCorridor(this.pointer!.x, this.pointer!.y, r, frame)) return true;
      return false;
    });
  }

  private async openTooltip(m: HTMLElement): Promise<void> {
    const info = this.env.highlighter.info(m);
    const seq = ++this.openSeq;
    const focusInto = this.focusIntoTooltip;
    this.focusIntoTooltip = false;
    if (!info) return;
    const pageConcepts = pageConceptsByProminence(this.env.pageConcepts()).slice(0, 2000);
    // Reviewer mode: the mention's page-text selectors, for the tooltip's verdict form.
    const anchor = this.env.reviewerMode() ? this.env.describeMention(info.parts) : undefined;
    const token = tooltipToken();
    const res = await this.env
      .send({
        type: 'tooltip-open',
        token,
        conceptId: info.id,
        mentionText: info.text.slice(0, 200),
        pageConcepts,
        doses: this.env.doses().slice(0, 50),
        ...(anchor ? { anchor } : {}),
      })
      .catch(() => undefined);
    if (seq !== this.openSeq || this.intent.anchor !== m || !m.isConnected) return;
    if (!res || isErrorResponse(res)) {
      this.intent.reset();
      return;
    }
    const last = info.parts[info.parts.length - 1] ?? m;
    this.env.live.quiet(() => this.host.show(m, last, `SuppLens: ${info.name}`, token));
    this.expanded?.setAttribute('aria-expanded', 'false');
    m.setAttribute('aria-expanded', 'true');
    this.expanded = m;
    if (focusInto) this.host.focus();
  }

  private closeTooltip(): void {
    this.openSeq++;
    if (this.host.isOpen) this.env.live.quiet(() => this.host.hide());
    this.expanded?.setAttribute('aria-expanded', 'false');
    this.expanded = undefined;
    this.env.send({ type: 'tooltip-close' }).catch(() => undefined);
  }

  /** The tooltip frame asked to close (Escape or its close button). */
  closeFromFrame(returnFocus: boolean): void {
    const anchor = this.intent.anchor;
    const hadFocus = this.host.hasFocus();
    this.intent.escape();
    if (
      returnFocus &&
      anchor?.isConnected &&
      (hadFocus || this.env.doc.activeElement === this.env.doc.body)
    ) {
      anchor.focus({ preventScroll: true });
    }
  }
}

/** 128 random bits, URL-safe: the tooltip frame's proof that SuppLens opened it (TooltipToken). */
function tooltipToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
