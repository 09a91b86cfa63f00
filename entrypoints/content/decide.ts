// What the content script should do on a page, from the public site settings alone (pure).
import type { PageState } from '../../lib/messaging/protocol';
import type { PublicSiteSettings } from '../../lib/settings';

/** Before scanning: skip the page, wait for a request, or scan it. */
export type Plan =
  | { kind: 'idle'; state: Extract<PageState, 'paused' | 'on-request'> }
  | { kind: 'scan'; force: boolean };

/**
 * `requested` is true after the reader asked for a scan (popup "Scan this page", or showing
 * highlights again); an explicit request wins over a paused site and over on-request mode.
 */
export function planFor(settings: PublicSiteSettings, requested: boolean): Plan {
  if (requested) return { kind: 'scan', force: true };
  if (settings.siteRule === 'paused') return { kind: 'idle', state: 'paused' };
  if (settings.siteRule === 'always') return { kind: 'scan', force: true };
  if (settings.mode === 'on-request') return { kind: 'idle', state: 'on-request' };
  return { kind: 'scan', force: settings.mode === 'all' };
}

/** After scanning: highlight, or leave the page alone because it is not about health. */
export function shouldHighlight(plan: Extract<Plan, { kind: 'scan' }>, isHealth: boolean): boolean {
  return plan.force || isHealth;
}

/** True when a settings change alters what the page should show (not only how it looks). */
export function behaviourChanged(a: PublicSiteSettings, b: PublicSiteSettings): boolean {
  return a.mode !== b.mode || a.siteRule !== b.siteRule;
}
