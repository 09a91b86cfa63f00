// When the tooltip opens and closes (pure; timers injected). WCAG 1.4.13: it opens after a hover
// dwell or at once on keyboard focus, stays while the pointer or focus is on the mention or on
// the tooltip itself (hoverable, persistent), and Escape dismisses it without moving anything.

export const DWELL_MS = 500;
export const GRACE_MS = 300;

export interface IntentEnv<M> {
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  open(mark: M, via: 'hover' | 'focus' | 'activate'): void;
  close(): void;
  /**
   * Whether the pointer is (as far as the page can tell) on the tooltip or on its way there.
   * Needed because an out-of-process frame swallows pointer events: the page sees none while
   * the pointer is over the tooltip.
   */
  pointerNearTooltip?(): boolean;
  /**
   * Whether keyboard focus is inside the tooltip right now. A check, not an event: focus moves
   * into an out-of-process frame asynchronously and fires no focus event on the iframe element,
   * so the page may not have reported focusEnterTip yet when the grace period ends. Closing then
   * would remove the frame that holds the focus and drop the reader's focus to the body.
   */
  focusInTooltip?(): boolean;
}

export class TooltipIntent<M> {
  /** Mention the tooltip is open for. */
  anchor: M | null = null;
  private hoverMark: M | null = null;
  private focusMark: M | null = null;
  private hoverTip = false;
  private focusTip = false;
  /** Escape was pressed for this mention: no reopening until pointer and focus have left it. */
  private dismissed: M | null = null;
  private dwell: unknown;
  private grace: unknown;

  constructor(private readonly env: IntentEnv<M>) {}

  pointerEnterMark(m: M): void {
    this.hoverMark = m;
    this.cancelGrace();
    if (this.anchor === m || this.dismissed === m) return;
    this.cancelDwell();
    this.dwell = this.env.setTimer(() => {
      this.dwell = undefined;
      if (this.hoverMark === m && this.dismissed !== m) this.show(m, 'hover');
    }, DWELL_MS);
  }

  pointerLeaveMark(m: M): void {
    if (this.hoverMark !== m) return;
    this.hoverMark = null;
    this.cancelDwell();
    if (this.dismissed === m && this.focusMark !== m) this.dismissed = null;
    this.scheduleCheck();
  }

  pointerEnterTip(): void {
    this.hoverTip = true;
    this.cancelGrace();
  }

  pointerLeaveTip(): void {
    this.hoverTip = false;
    this.scheduleCheck();
  }

  /** The pointer moved somewhere on the page that is neither a mention nor the tooltip. */
  pointerElsewhere(): void {
    if (this.anchor !== null && this.hoverMark === null) this.scheduleCheck();
  }

  focusEnterMark(m: M): void {
    this.focusMark = m;
    this.focusTip = false;
    this.cancelDwell();
    this.cancelGrace();
    if (this.anchor === m || this.dismissed === m) return;
    this.show(m, 'focus');
  }

  focusLeaveMark(m: M): void {
    if (this.focusMark !== m) return;
    this.focusMark = null;
    if (this.dismissed === m && this.hoverMark !== m) this.dismissed = null;
    this.scheduleCheck();
  }

  focusEnterTip(): void {
    this.focusTip = true;
    this.cancelGrace();
  }

  focusLeaveTip(): void {
    this.focusTip = false;
    this.scheduleCheck();
  }

  /** Enter, Space or a click on a mention: open it even if it was dismissed. */
  activate(m: M): void {
    if (this.dismissed === m) this.dismissed = null;
    this.cancelDwell();
    if (this.anchor !== m) this.show(m, 'activate');
  }

  /** Escape (from the page or the tooltip). Returns true when it closed something. */
  escape(): boolean {
    this.cancelDwell();
    if (this.anchor === null) return false;
    // Only a mention the reader is still on stays dismissed: one the pointer already left (Escape
    // during the grace period) would otherwise never open on hover again, as no leave event is due.
    this.dismissed = this.held(this.anchor) ? this.anchor : null;
    this.hide();
    return true;
  }

  /** Closed for a reason outside hover and focus (page navigation, highlights hidden). */
  reset(): void {
    this.cancelDwell();
    this.dismissed = null;
    this.hoverMark = null;
    this.focusMark = null;
    this.hoverTip = false;
    this.focusTip = false;
    if (this.anchor !== null) this.hide();
  }

  private show(m: M, via: 'hover' | 'focus' | 'activate'): void {
    this.cancelGrace();
    this.dismissed = null;
    this.anchor = m;
    this.hoverTip = false;
    this.focusTip = false;
    this.env.open(m, via);
  }

  private hide(): void {
    this.cancelGrace();
    this.anchor = null;
    this.hoverTip = false;
    this.focusTip = false;
    this.env.close();
  }

  /** Whether the pointer or the focus is still on mention `a` or on its tooltip. */
  private held(a: M): boolean {
    return (
      this.hoverMark === a ||
      this.focusMark === a ||
      this.hoverTip ||
      this.focusTip ||
      (this.env.focusInTooltip?.() ?? false) ||
      (this.env.pointerNearTooltip?.() ?? false)
    );
  }

  private scheduleCheck(): void {
    if (this.anchor === null) return;
    this.cancelGrace();
    this.grace = this.env.setTimer(() => {
      this.grace = undefined;
      const a = this.anchor;
      if (a !== null && !this.held(a)) this.hide();
    }, GRACE_MS);
  }

  private cancelDwell(): void {
    if (this.dwell !== undefined) this.env.clearTimer(this.dwell);
    this.dwell = undefined;
  }

  private cancelGrace(): void {
    if (this.grace !== undefined) this.env.clearTimer(this.grace);
    this.grace = undefined;
  }
}
