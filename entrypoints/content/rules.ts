// Which parts of a page the content script reads. The tag lists mirror the shared visible-text
// rules (no script, style, template, code, form fields ...) so the CLI and the page agree.

/** Elements whose text is never read (not prose, not visible, or the reader's own input). */
export const SKIP_TAGS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'code',
  'pre',
  'kbd',
  'samp',
  'var',
  'textarea',
  'input',
  'select',
  'option',
  'button',
]);

/** Elements that end a run of text: a mention never spans two of them. */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** Elements that break a run of text without being containers. */
export const BREAK_TAGS: ReadonlySet<string> = new Set(['br', 'hr', 'img', 'wbr']);

/** The minimal view of an element the rules need; a DOM Element satisfies it. */
export interface RuleElement {
  localName: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}

/**
 * True when an element and everything inside it must be skipped: hidden, aria-hidden, editable,
 * a skip tag, or a form/widget role.
 */
export function isSkippedElement(el: RuleElement): boolean {
  if (SKIP_TAGS.has(el.localName)) return true;
  if (el.hasAttribute('hidden')) return true;
  if (el.getAttribute('aria-hidden') === 'true') return true;
  const ce = el.getAttribute('contenteditable');
  if (ce !== null && ce.toLowerCase() !== 'false') return true;
  const role = el.getAttribute('role');
  if (role === 'textbox' || role === 'searchbox' || role === 'combobox') return true;
  return false;
}

export function isBlockElement(el: RuleElement): boolean {
  return BLOCK_TAGS.has(el.localName);
}
