// When the tooltip opens and closes: WCAG 1.4.13 (hover dwell, keyboard focus, hoverable,
// persistent, dismissible), with fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DWELL_MS, GRACE_MS, TooltipIntent } from '../../../entrypoints/content/tooltip-intent';

function setup(near = () => false, focusInside?: () => boolean) {
  const log: string[] = [];
  const intent = new TooltipIntent<string>({
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    open: (m, via) => log.push(`open ${m} ${via}`),
    close: () => log.push('close'),
    pointerNearTooltip: near,
    ...(focusInside ? { focusInTooltip: focusInside } : {}),
  });
  return { intent, log };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('TooltipIntent', () => {
  it('opens on hover only after the dwell', () => {
    const { intent, log } = setup();
    intent.pointerEnterMark('zinc');
    vi.advanceTimersByTime(DWELL_MS - 1);
    expect(log).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(['open zinc hover']);
    expect(intent.anchor).toBe('zinc');
  });

  it('does not open when the pointer passes over quickly', () => {
    const { intent, log } = setup();
    intent.pointerEnterMark('zinc');
    vi.advanceTimersByTime(200);
    intent.pointerLeaveMark('zinc');
    vi.advanceTimersByTime(2000);
    expect(log).toEqual([]);
  });

  it('opens at once on keyboard focus and closes when focus leaves', () => {
    const { intent, log } = setup();
    intent.focusEnterMark('ra');
    expect(log).toEqual(['open ra focus']);
    intent.focusLeaveMark('ra');
    vi.advanceTimersByTime(GRACE_MS);
    expect(log).toEqual(['open ra focus', 'close']);
  });

  it('is hoverable: moving onto the tooltip within the grace period keeps it open', () => {
    const { intent, log } = setup();
    intent.pointerEnterMark('zinc');
    vi.advanceTimersByTime(DWELL_MS);
    intent.pointerLeaveMark('zinc');
    vi.advanceTimersByTime(GRACE_MS / 2);
    intent.pointerEnterTip();
    vi.advanceTimersByTime(5000);
    expect(log).toEqual(['open zinc hover']);
    intent.pointerLeaveTip();
    vi.advanceTimersByTime(GRACE_MS);
    expect(log).toEqual(['open zinc hover', 'close']);
  });

  it('keeps it open while the page reports the pointer near the tooltip (out-of-process frame)', () => {
    let near = true;
    const { intent, log } = setup(() => near);
    intent.pointerEnterMark('zinc');
    vi.advanceTimersByTime(DWELL_MS);
    intent.pointerLeaveMark('zinc');
    vi.advanceTimersByTime(GRACE_MS * 10);
    expect(log).toEqual(['open zinc hover']);
    near = false;
    intent.pointerElsewhere();
    vi.advanceTimersByTime(GRACE_MS);
    expect(log).toEqual(['open zinc hover', 'close']);
  });

  it('is persistent: no timeout while hovered or focused', () => {
    const { intent, log } = setup();
    intent.pointerEnterMark('zinc');
    vi.advanceTimersByTime(60_000);
    expect(log).toEqual(['open zinc hover']);
    intent.focusEnterMark('zinc');
    intent.pointerLeaveMark('zinc');
    vi.advanceTimersByTime(60_000);
    expect(log).toEqual(['open zinc hover']);
  });

  it('focus inside the tooltip keeps it open after the pointer leaves', () => {
    const { intent, log } = setup();
    intent.focusEnterMark('zinc');
    intent.focusLeaveMark('zinc');
    intent.focusEnterTip();
    vi.advanceTimersByTime(5000);
    expect(log).toEqual(['open zinc focus']);
    intent.focusLeaveTip();
    vi.advanceTimersByTime(GRACE_MS);
    expect(log).toEqual(['open zinc focus', 'close']);
  });

  it('Tab through the tooltip and on to the next mention: open throughout, then switches', () => {
    const { intent, log } = setup();
    intent.focusEnterMark('zinc');
    // Tab into the tooltip: the page reports focus in the frame only once it has landed there.
    intent.focusLeaveMark('zinc');
    vi.advanceTimersByTime(GRACE_MS - 1);
    intent.focusEnterTip();
    vi.advanceTimersByTime(60_000);
    expect(log).toEqual(['open zinc focus']);
    // Shift+Tab back to the mention, in either order of the two reports.
    intent.focusEnterMark('zinc');
    intent.focusLeaveTip();
    vi.advanceTimersByTime(GRACE_MS * 2);
    expect(log).toEqual(['open zinc focus']);
    // Tab in again, then out of the tooltip to the next mention.
    intent.focusLeaveMark('zinc');
    intent.focusEnterTip();
    intent.focusLeaveTip();
    intent.focusEnterMark('ra');
    vi.advanceTimersByTime(GRACE_MS * 2);
    expect(log).toEqual(['open zinc focus', 'open ra focus']);
    expect(intent.anchor).toBe('ra');
  });

  it('never closes while the page says focus is inside the tooltip, even if no event said so', () => {
    let inside = false;
    const { intent, log } = setup(undefined, () => inside);
    intent.focusEnterMark('zinc');
    intent.focusLeaveMark('zinc');
    // Focus reached the out-of-process frame, but its report has not arrived yet.
    inside = true;
    vi.advanceTimersByTime(GRACE_MS * 10);
    expect(log).toEqual(['open zinc focus']);
    expect(intent.anchor).toBe('zinc');
    // The report comes late, then focus leaves for the page: it closes after the grace period.
    intent.focusEnterTip();
    inside = false;
    intent.focusLeaveTip();
    vi.advanceTimersByTime(GRACE_MS);
    expect(log).toEqual(['open zinc focus', 'close']);
  });

  it('is dismissible: Escape closes it, and it stays closed until hover and focus have left', () => {
    const { intent, log } = setup();
    intent.focusEnterMark('zinc');
    intent.pointerEnterMark('zinc');
    expect(intent.escape()).toBe(true);
    expect(log).toEqual(['open zinc focus', 'close']);
    vi.advanceTimersByTime(DWELL_MS * 3);
    intent.focusEnterMark('zinc');
    expect(log).toEqual(['open zinc focus', 'close']);
    intent.pointerLeaveMark('zinc');
    intent.focusLeaveMark('zinc');
    intent.focusEnterMark('zinc');
    expect(log).toEqual(['open zinc focus', 'close', 'open zinc focus']);
    expect(intent.escape()).toBe(true);
    expect(intent.escape()).toBe(false);
  });

  it('Escape after the pointer has left (during the grace period) does not block the next hover', () => {
    const { intent, log } = setup();
    intent.pointerEnterMark('zinc');
    vi.advanceTimersByTime(DWELL_MS);
    intent.pointerLeaveMark('zinc');
    expect(intent.escape()).toBe(true);
    intent.pointerEnterMark('zinc');
    vi.advanceTimersByTime(DWELL_MS);
    expect(log).toEqual(['open zinc hover', 'close', 'open zinc hover']);
  });

  it('Escape inside the tooltip keeps the mention dismissed while focus returns to it', () => {
    const { intent, log } = setup(
      () => false,
      () => true,
    );
    intent.focusEnterMark('zinc');
    intent.focusLeaveMark('zinc');
    expect(intent.escape()).toBe(true);
    intent.focusEnterMark('zinc');
    expect(log).toEqual(['open zinc focus', 'close']);
  });

  it('activation (Enter or a click) reopens a dismissed mention', () => {
    const { intent, log } = setup();
    intent.focusEnterMark('zinc');
    intent.escape();
    intent.activate('zinc');
    expect(log).toEqual(['open zinc focus', 'close', 'open zinc activate']);
  });

  it('hovering another mention switches to it after its own dwell', () => {
    const { intent, log } = setup();
    intent.pointerEnterMark('zinc');
    vi.advanceTimersByTime(DWELL_MS);
    intent.pointerLeaveMark('zinc');
    intent.pointerEnterMark('ra');
    vi.advanceTimersByTime(DWELL_MS - 1);
    expect(log).toEqual(['open zinc hover']);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(['open zinc hover', 'open ra hover']);
    expect(intent.anchor).toBe('ra');
    // A brief pass over a third mention, then off to blank page: everything closes.
    intent.pointerLeaveMark('ra');
    intent.pointerEnterMark('iron');
    vi.advanceTimersByTime(100);
    intent.pointerLeaveMark('iron');
    vi.advanceTimersByTime(GRACE_MS);
    expect(log).toEqual(['open zinc hover', 'open ra hover', 'close']);
  });

  it('reset closes without remembering a dismissal', () => {
    const { intent, log } = setup();
    intent.focusEnterMark('zinc');
    intent.reset();
    intent.focusEnterMark('zinc');
    expect(log).toEqual(['open zinc focus', 'close', 'open zinc focus']);
  });
});
