// Text a page reveals with its own script ("Read more", tabs, accordions) fires none of the events
// that follow the reader. Such a reveal usually follows a click, or changes the body's size: then,
// once the burst of changes settles and just after a frame (layout reads then cost little), the
// marker looks whether a block that was hidden is shown now. Size changes under a pixel are
// ignored (our marks may round a line box).
import { afterFrame } from './viewport';

/** After a click or a change of the body's size, wait this long for more before looking. */
const REVEAL_SETTLE_MS = 100;

export function watchReveals(
  env: { doc: Document; win: Window; signal: AbortSignal },
  on: {
    /** Whether anything is waiting to be revealed (no timer otherwise). */
    wanted(): boolean;
    check(): void;
  },
): void {
  const { doc, win, signal } = env;
  let timer: number | undefined;
  const soon = () => {
    if (timer !== undefined || !on.wanted()) return;
    timer = win.setTimeout(() => {
      void afterFrame(win).then(() => {
        timer = undefined;
        if (!signal.aborted) on.check();
      });
    }, REVEAL_SETTLE_MS);
  };
  const passive = { capture: true, passive: true, signal };
  doc.addEventListener(
    'click',
    (e) => {
      if (e.isTrusted) soon();
    },
    passive,
  );
  signal.addEventListener('abort', () => {
    if (timer !== undefined) win.clearTimeout(timer);
  });
  const body = doc.body;
  const RO = (win as Window & { ResizeObserver?: typeof ResizeObserver }).ResizeObserver;
  if (!body || !RO) return;
  let last: { w: number; h: number } | undefined;
  const ro = new RO((entries) => {
    const box = entries[entries.length - 1]?.contentRect;
    if (!box) return;
    const moved = last && (Math.abs(box.width - last.w) >= 1 || Math.abs(box.height - last.h) >= 1);
    last = { w: box.width, h: box.height };
    if (moved) soon();
  });
  ro.observe(body);
  signal.addEventListener('abort', () => ro.disconnect());
}
