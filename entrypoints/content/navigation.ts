// Navigation between mentions: to one the popup lists (scrolled to, focused, flashed), and to the
// next or previous one with the keyboard shortcuts. Far-away mentions are marked first.
import type { ContentReply } from '../../lib/messaging/protocol';
import { ATTR_FLASH, type Highlighter, INTERACTIVE_ANCESTOR } from './highlighter';
import { targetIndex } from './keyboard';
import { MARKED } from './mark-plan';
import type { LazyMarker } from './marker';
import type { TooltipController } from './tooltip-controller';

/** How long a mention the popup jumped to is flashed. */
const FLASH_MS = 1500;

export interface NavigationEnv {
  doc: Document;
  highlighter: Highlighter;
  marker: Pick<LazyMarker, 'liveMentions' | 'ensureMarked'>;
  tooltip: Pick<TooltipController, 'host' | 'intent' | 'noteReaderInput'>;
}

/** Shows mention `index` (the popup's list): scrolls to it, focuses it, flashes it. */
export function focusMention(env: NavigationEnv, index: number): ContentReply<'focus-mention'> {
  const p = env.marker.liveMentions()[index];
  if (!p) return { error: `no mention ${index}` };
  env.marker.ensureMarked(p);
  const el = p.state === MARKED ? p.info.parts[0] : undefined;
  if (!el) return { error: `mention ${index} changed before it could be shown` };
  el.scrollIntoView({ block: 'center', inline: 'nearest' });
  // A mention inside a link is not a focus stop of its own: the link takes the focus.
  const focusTarget = el.hasAttribute('tabindex') ? el : el.closest<HTMLElement>(INTERACTIVE_ANCESTOR);
  // The reader asked for it (popup list): the focus may open the tooltip.
  env.tooltip.noteReaderInput();
  focusTarget?.focus({ preventScroll: true });
  const parts = p.info.parts;
  for (const part of parts) part.setAttribute(ATTR_FLASH, '');
  setTimeout(() => {
    for (const part of parts) part.removeAttribute(ATTR_FLASH);
  }, FLASH_MS);
  return { ok: true };
}

/** Next or previous mention that can take the focus (marking it first if it is far away). */
export function moveFocus(env: NavigationEnv, direction: 1 | -1): void {
  const list = env.marker.liveMentions();
  if (list.length === 0) return;
  const { host, intent } = env.tooltip;
  const active = env.doc.activeElement;
  const infoOf = (el: Element | null) => (el ? env.highlighter.info(el) : undefined);
  let activeInfo = infoOf(active);
  if (!activeInfo && host.element && active === host.element && intent.anchor)
    activeInfo = infoOf(intent.anchor);
  const current = activeInfo ? list.findIndex((p) => p.info === activeInfo) : -1;
  let firstBelowTop = list.length;
  if (current < 0) {
    const i = list.findIndex(
      (p) => p.state === MARKED && (p.info.parts[0]?.getBoundingClientRect().top ?? -1) >= 0,
    );
    if (i >= 0) firstBelowTop = i;
  }
  let i = targetIndex(list.length, current, direction, firstBelowTop);
  for (let tries = 0; tries < list.length; tries++) {
    const p = list[i]!;
    env.marker.ensureMarked(p);
    const el = p.state === MARKED ? p.info.parts[0] : undefined;
    if (el?.hasAttribute('tabindex')) {
      env.tooltip.noteReaderInput();
      el.focus();
      return;
    }
    i = (i + direction + list.length) % list.length;
  }
}
