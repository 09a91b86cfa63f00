// The tooltip's frame in the page: an extension iframe (tooltip.html) in a CLOSED shadow root, so
// page script can reach neither what it shows nor its size. Its size is fixed (it never depends on
// the notes, hence on the reader's flags); it is positioned with @floating-ui/dom and shown in the
// top layer (popover) so page overflow, transforms and z-index cannot hide it. The host goes right
// after the mention, so Tab from the mention moves into the tooltip and Tab out of it continues
// with the page.
import { autoUpdate, computePosition, flip, offset, shift } from '@floating-ui/dom';
import { OWN_UI_ATTRIBUTE } from './rules';

export const TOOLTIP_WIDTH = 380;
export const TOOLTIP_HEIGHT = 340;
const MARGIN = 8;
/** How often to check, while our frame has the focus, that it still has it. */
const FOCUS_POLL_MS = 250;

export interface TooltipHostEvents {
  pointerEnter(): void;
  pointerLeave(): void;
  focusEnter(): void;
  focusLeave(): void;
}

const SHADOW_CSS = `
:host{all:initial!important;display:block!important;position:fixed!important;top:0!important;left:0!important;width:0!important;height:0!important;overflow:visible!important;z-index:2147483647!important;pointer-events:none!important;contain:none!important}
iframe{all:initial;display:block;position:fixed;left:0;top:0;inset:auto;margin:0;padding:0;box-sizing:border-box;border:1px solid #7a8496;border-radius:8px;box-shadow:0 6px 24px rgba(0,0,0,.28);background:Canvas;color-scheme:light dark;pointer-events:auto;overflow:hidden;z-index:2147483647}
iframe:focus-visible{outline:2px solid #3d7be0;outline-offset:1px}
`;

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * True when point (x, y) lies in the corridor from the mention to the tooltip: the bounding box
 * of both, grown by `pad` (pure). A pointer there is on the tooltip or on its way to it.
 */
export function inCorridor(x: number, y: number, mention: Box, tooltip: Box, pad = 4): boolean {
  const left = Math.min(mention.left, tooltip.left) - pad;
  const right = Math.max(mention.right, tooltip.right) + pad;
  const top = Math.min(mention.top, tooltip.top) - pad;
  const bottom = Math.max(mention.bottom, tooltip.bottom) + pad;
  return x >= left && x <= right && y >= top && y <= bottom;
}

/** Fixed frame size, clamped to the viewport (pure). */
export function frameSize(viewportWidth: number, viewportHeight: number): { width: number; height: number } {
  return {
    width: Math.max(200, Math.min(TOOLTIP_WIDTH, viewportWidth - 2 * MARGIN)),
    height: Math.max(160, Math.min(TOOLTIP_HEIGHT, viewportHeight - 2 * MARGIN)),
  };
}

export class TooltipHost {
  private host: HTMLElement | undefined;
  private frame: HTMLIFrameElement | undefined;
  private stopAutoUpdate: (() => void) | undefined;
  /** Removes the window listeners that follow focus into and out of the current frame. */
  private stopFocusWatch: (() => void) | undefined;

  constructor(
    private readonly doc: Document,
    private readonly frameUrl: string,
    private readonly events: TooltipHostEvents,
  ) {}

  get element(): HTMLElement | undefined {
    return this.host;
  }

  isOurs(el: Element): boolean {
    return el === this.host;
  }

  get isOpen(): boolean {
    return !!this.host;
  }

  /** True while keyboard focus is inside the tooltip frame. */
  hasFocus(): boolean {
    return !!this.host && this.doc.activeElement === this.host;
  }

  /** Shows a new frame; `token` goes in its URL fragment (never in a page-readable attribute). */
  show(reference: HTMLElement, after: HTMLElement, label: string, token: string): void {
    this.hide();
    const host = this.doc.createElement('span');
    // The shared visible-text rules skip anything carrying this attribute.
    host.setAttribute(OWN_UI_ATTRIBUTE, '');
    const root = host.attachShadow({ mode: 'closed' });
    const style = this.doc.createElement('style');
    style.textContent = SHADOW_CSS;
    const frame = this.doc.createElement('iframe');
    const size = frameSize(
      this.doc.documentElement.clientWidth || 1024,
      this.doc.documentElement.clientHeight || 768,
    );
    frame.style.width = `${size.width}px`;
    frame.style.height = `${size.height}px`;
    frame.title = label;
    frame.setAttribute('popover', 'manual');
    frame.src = `${this.frameUrl}#${token}`;
    frame.addEventListener('mouseenter', () => this.events.pointerEnter());
    frame.addEventListener('mouseleave', () => this.events.pointerLeave());
    frame.addEventListener('focus', () => this.events.focusEnter());
    frame.addEventListener('blur', () => this.events.focusLeave());
    this.watchFocus(host);
    root.append(style, frame);
    after.after(host);
    try {
      (frame as HTMLElement & { showPopover?: () => void }).showPopover?.();
    } catch {
      // No top layer (older engines): the fixed position still works in most pages.
    }
    this.host = host;
    this.frame = frame;
    const update = () => {
      computePosition(reference, frame, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [offset(6), flip({ padding: MARGIN }), shift({ padding: MARGIN })],
      })
        .then(({ x, y }) => {
          if (this.frame !== frame) return;
          frame.style.left = `${Math.round(x)}px`;
          frame.style.top = `${Math.round(y)}px`;
        })
        .catch(() => undefined);
    };
    this.stopAutoUpdate = autoUpdate(reference, frame, update, { animationFrame: false });
  }

  /** The frame's box in viewport coordinates, while open. */
  frameBox(): Box | undefined {
    return this.frame?.getBoundingClientRect();
  }

  /** Moves keyboard focus into the tooltip. */
  focus(): void {
    this.frame?.focus();
  }

  /**
   * Focus entering and leaving the frame when the reader Tabs into and out of it. The frame is an
   * out-of-process (extension) frame, and Chromium moves sequential focus into and out of such a
   * frame without firing focus or blur on the iframe element (only frame.focus() from here does):
   * the page sees the mention's focusout (relatedTarget null), then a blur of its own window once
   * the frame has the focus (activeElement is then our host), and a focus of its window when the
   * focus comes back to the page. Without this the tooltip took Tab focus for focus leaving the
   * mention, closed 300 ms later with the focus inside it, and the focus fell to the body.
   */
  private watchFocus(host: HTMLElement): void {
    this.stopFocusWatch?.();
    const win = this.doc.defaultView;
    if (!win) return;
    const ac = new AbortController();
    let inside = false;
    let poll: number | undefined;
    const leave = () => {
      if (!inside) return;
      inside = false;
      if (poll !== undefined) win.clearInterval(poll);
      poll = undefined;
      this.events.focusLeave();
    };
    win.addEventListener(
      'blur',
      () => {
        if (inside || this.doc.activeElement !== host) return;
        inside = true;
        this.events.focusEnter();
        // Focus going from our frame straight into another frame of the page (Tab onto an embedded
        // player, a click in it) fires nothing here either: look while the focus is ours.
        poll = win.setInterval(() => {
          if (this.doc.activeElement !== host) leave();
        }, FOCUS_POLL_MS);
      },
      { signal: ac.signal },
    );
    win.addEventListener('focus', leave, { signal: ac.signal });
    this.stopFocusWatch = () => {
      ac.abort();
      if (poll !== undefined) win.clearInterval(poll);
    };
  }

  hide(): void {
    this.stopFocusWatch?.();
    this.stopFocusWatch = undefined;
    this.stopAutoUpdate?.();
    this.stopAutoUpdate = undefined;
    this.host?.remove();
    this.host = undefined;
    this.frame = undefined;
  }
}
