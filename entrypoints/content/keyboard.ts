// Moving between mentions with the keyboard commands (pure index arithmetic, DOM-free).

/**
 * Index of the mention to focus. `current` is the focused mention (-1 when focus is elsewhere);
 * then `firstBelowTop` (index of the first mention at or below the top of the viewport, or
 * `count` if none) anchors the move so "next" starts with what the reader is looking at.
 * Wraps around at either end. Returns -1 when there is no mention.
 */
export function targetIndex(
  count: number,
  current: number,
  direction: 1 | -1,
  firstBelowTop: number,
): number {
  if (count <= 0) return -1;
  if (current >= 0 && current < count) return (current + direction + count) % count;
  if (direction === 1) return firstBelowTop < count ? Math.max(0, firstBelowTop) : 0;
  return firstBelowTop > 0 ? Math.min(count, firstBelowTop) - 1 : count - 1;
}
