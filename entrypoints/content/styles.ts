// The one stylesheet SuppLens puts in a page. The look uses :where() (zero specificity) and
// currentColor so it follows the page's own colours, light or dark; the second block only keeps
// page rules aimed at "span" from changing our marks' layout (no padding, margin, font change).
import type { PublicSiteSettings } from '../../lib/settings';
import { ATTR_FLASH, ATTR_ID } from './highlighter';

export const STYLE_ATTR = 'data-supplens-style';
const FLASH = 'supplens-flash-k7';

export function highlightCss(style: PublicSiteSettings['highlightStyle']): string {
  const sel = `:where(span[${ATTR_ID}])`;
  const look =
    style === 'background'
      ? `${sel}{background-color:color-mix(in srgb,currentColor 16%,transparent);border-radius:.15em;-webkit-box-decoration-break:clone;box-decoration-break:clone;cursor:help}`
      : `${sel}{text-decoration-line:underline;text-decoration-style:dotted;text-decoration-thickness:max(1.5px,.09em);text-underline-offset:.2em;text-decoration-color:color-mix(in srgb,currentColor 60%,#3d7be0);text-decoration-skip-ink:none;cursor:help}`;
  return [
    look,
    `${sel}[${ATTR_FLASH}]{animation:${FLASH} 1.4s ease-out 1}`,
    `@keyframes ${FLASH}{0%,40%{background-color:color-mix(in srgb,#ffcc00 55%,transparent)}100%{background-color:transparent}}`,
    `@media (prefers-reduced-motion:reduce){${sel}[${ATTR_FLASH}]{animation:none;outline:2px solid currentColor}}`,
    `@media (forced-colors:active){${sel}{text-decoration:underline dotted;background:none}}`,
    // Layout neutrality against page rules such as "article span { padding: 0 4px }".
    `span[${ATTR_ID}]{display:inline!important;margin:0!important;padding:0!important;border:0!important;font:inherit!important;letter-spacing:inherit!important;word-spacing:inherit!important;line-height:inherit!important;vertical-align:baseline!important;position:static!important;float:none!important;text-transform:inherit!important;white-space:inherit!important;width:auto!important;height:auto!important}`,
    `span[${ATTR_ID}]::before,span[${ATTR_ID}]::after{content:none!important}`,
  ].join('\n');
}

/** Inserts (once) or updates our stylesheet. */
export function ensureStyle(doc: Document, style: PublicSiteSettings['highlightStyle']): HTMLStyleElement {
  let el = doc.querySelector<HTMLStyleElement>(`style[${STYLE_ATTR}]`);
  if (!el) {
    el = doc.createElement('style');
    el.setAttribute(STYLE_ATTR, '');
    (doc.head ?? doc.documentElement).appendChild(el);
  }
  const css = highlightCss(style);
  if (el.textContent !== css) el.textContent = css;
  return el;
}

export function removeStyle(doc: Document): void {
  doc.querySelector(`style[${STYLE_ATTR}]`)?.remove();
}
