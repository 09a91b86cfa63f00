// The visible-text rules shared by the content script (DOM) and the CLI (parse5): which elements
// are never read, which elements are blocks, and how text is assembled. Expressed over a tiny
// abstract element/tree interface so both walkers use exactly the same decisions. No DOM globals.
//
// Skipped with everything inside them:
//   - not prose or not rendered: script, style, template, noscript, head, title, meta, link, iframe,
//     object, embed, canvas, audio, video, svg and math (icons, labels and formulas, not article
//     text), code, pre, kbd, samp, var (code and program output: "zinc" in a variable name is not
//     a mention);
//   - the reader's own input and widgets: textarea, input, select, option, datalist, button,
//     [contenteditable] (not "false"), role=textbox|searchbox|combobox;
//   - hidden: [hidden], [aria-hidden=true], inline style display:none or visibility:hidden|collapse;
//   - our own UI: any element with the attribute data-supplens-ui.
// Blocks: a block element (p, div, li, td, h1-h6, section ...), a line break (br, hr, img; wbr is
// not a break) or a skipped element ends the current run of text, so words never glue together. In the
// assembled text every block is one line: white space inside a block collapses to one space (as the
// browser renders it) and blocks are joined with "\n".

/** The minimal view of an element the rules need; a DOM Element satisfies it. */
export interface RuleElement {
  readonly localName: string;
  getAttribute(name: string): string | null;
  /** DOM elements have it: most elements of an article have no attribute at all. */
  hasAttributes?(): boolean;
}

export const SKIP_TAGS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'head',
  'title',
  'meta',
  'link',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'canvas',
  'audio',
  'video',
  'svg',
  'math',
  'code',
  'pre',
  'kbd',
  'samp',
  'var',
  'textarea',
  'input',
  'select',
  'option',
  'optgroup',
  'datalist',
  'button',
]);

export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
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
  'menu',
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
export const BREAK_TAGS: ReadonlySet<string> = new Set(['br', 'hr', 'img']);

/** Attribute that marks SuppLens' own elements (highlights, tooltip host): never read. */
export const OWN_UI_ATTRIBUTE = 'data-supplens-ui';

const HIDDEN_STYLE =
  /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))\s*(?:!important\s*)?(?:;|$)/i;
const WIDGET_ROLES = new Set(['textbox', 'searchbox', 'combobox']);

/** True when the element and everything inside it are not read. */
export function isSkippedElement(el: RuleElement): boolean {
  const tag = el.localName.toLowerCase();
  if (SKIP_TAGS.has(tag)) return true;
  if (el.hasAttributes && !el.hasAttributes()) return false;
  if (el.getAttribute('hidden') !== null) return true;
  if (el.getAttribute(OWN_UI_ATTRIBUTE) !== null) return true;
  if (el.getAttribute('aria-hidden')?.trim().toLowerCase() === 'true') return true;
  const ce = el.getAttribute('contenteditable');
  if (ce !== null && ce.trim().toLowerCase() !== 'false') return true;
  const role = el.getAttribute('role');
  if (role && WIDGET_ROLES.has(role.trim().toLowerCase())) return true;
  const style = el.getAttribute('style');
  if (style && HIDDEN_STYLE.test(style)) return true;
  return false;
}

// Page furniture: read (what it mentions still informs page relevance) but not highlighted by
// default, because highlights belong to the article. Site navigation and menus (nav, menu,
// role=navigation|menu|menubar), the page footer (footer, role=contentinfo), breadcrumbs, tag lists
// and "related articles" / "most read" blocks, recognised by their role, tag, class or id.
const FURNITURE_TAGS = new Set(['nav', 'menu', 'footer']);
const FURNITURE_ROLES = new Set(['navigation', 'menu', 'menubar', 'contentinfo']);
/** A class or id token that is, or ends with, a furniture word: "site-nav", "post-tags", "related-articles". */
const FURNITURE_NAME =
  /^(?:[\w-]*[-_])?(?:nav|navbar|navigation|menu|menus|megamenu|breadcrumbs?|footer|tags|tag-?list|tag-?cloud|keywords|related|related-?(?:articles|stories|posts|content|links)|recommended|more-?stories|read-?next|also-?read|most-?(?:read|popular|viewed)|trending|popular-?posts)$/i;
/** Elements that hold the page itself: never furniture whatever their class says ("has-menu"). */
const PAGE_TAGS = new Set(['html', 'body', 'main', 'article']);

function furnitureName(value: string | null): boolean {
  return !!value && value.split(/\s+/).some((t) => FURNITURE_NAME.test(t));
}

/** True for navigation, menus, footers, tag lists and related-article blocks (see above). */
export function isFurnitureElement(el: RuleElement): boolean {
  const tag = el.localName.toLowerCase();
  if (FURNITURE_TAGS.has(tag)) return true;
  if (PAGE_TAGS.has(tag) || (el.hasAttributes && !el.hasAttributes())) return false;
  const role = el.getAttribute('role');
  if (role && FURNITURE_ROLES.has(role.trim().toLowerCase())) return true;
  return furnitureName(el.getAttribute('class')) || furnitureName(el.getAttribute('id'));
}

export function isBlockElement(el: RuleElement): boolean {
  return BLOCK_TAGS.has(el.localName.toLowerCase());
}

export function isBreakElement(el: RuleElement): boolean {
  return BREAK_TAGS.has(el.localName.toLowerCase());
}

/** An abstract document tree: implemented over parse5 (lib/text/html.ts) or the DOM. */
export interface TextTree<N> {
  /** The element view of `node`, or undefined for text, comments and documents. */
  element(node: N): RuleElement | undefined;
  /** The text of a text node, or undefined for any other node. */
  text(node: N): string | undefined;
  children(node: N): Iterable<N>;
}

/** An element span recorded while assembling text (used by the evaluation's gold labels). */
export interface ElementSpan<N> {
  node: N;
  start: number;
  end: number;
}

export interface VisibleText<N> {
  /** Blocks joined with "\n"; white space inside a block collapsed to single spaces. */
  text: string;
  /** [start, end) of every block in `text`. */
  blocks: { start: number; end: number }[];
  /** Spans of the elements selected by `record`, in `text` coordinates. */
  spans: ElementSpan<N>[];
}

const HTML_SPACE = /[ \t\n\r\f]+/g;

/**
 * Walks `root` in document order applying the rules above. `record(el)` selects elements whose
 * text span should be reported (optional).
 */
export function collectVisibleText<N>(
  root: N,
  tree: TextTree<N>,
  record?: (el: RuleElement) => boolean,
): VisibleText<N> {
  const parts: string[] = [];
  const blocks: { start: number; end: number }[] = [];
  const spans: ElementSpan<N>[] = [];
  const pendingStarts: ElementSpan<N>[] = [];
  let pos = 0;
  let blockStart = -1;
  let pendingSpace = false;

  const breakBlock = () => {
    if (blockStart >= 0) blocks.push({ start: blockStart, end: pos });
    blockStart = -1;
    pendingSpace = false;
  };
  const emit = (s: string) => {
    // `s` has collapsed spaces; a leading/trailing space becomes pending.
    let t = s;
    if (t.startsWith(' ')) {
      pendingSpace = true;
      t = t.slice(1);
    }
    let trailing = false;
    if (t.endsWith(' ')) {
      trailing = true;
      t = t.slice(0, -1);
    }
    if (t) {
      if (blockStart < 0) {
        if (blocks.length > 0) {
          parts.push('\n');
          pos += 1;
        }
        blockStart = pos;
      } else if (pendingSpace) {
        parts.push(' ');
        pos += 1;
      }
      pendingSpace = false;
      for (const sp of pendingStarts.splice(0)) sp.start = pos;
      parts.push(t);
      pos += t.length;
    }
    if (trailing) pendingSpace = true;
  };

  const walk = (node: N) => {
    const txt = tree.text(node);
    if (txt !== undefined) {
      if (txt) emit(txt.replace(HTML_SPACE, ' '));
      return;
    }
    const el = tree.element(node);
    if (el) {
      if (isSkippedElement(el)) {
        // A skipped element ends the run of text, as in the content script's walker: the words
        // around it never glue together.
        breakBlock();
        return;
      }
      if (isBreakElement(el)) {
        breakBlock();
        return;
      }
      const block = isBlockElement(el);
      if (block) breakBlock();
      let span: ElementSpan<N> | undefined;
      if (record?.(el)) {
        span = { node, start: -1, end: -1 };
        pendingStarts.push(span);
      }
      for (const child of tree.children(node)) walk(child);
      if (span) {
        const i = pendingStarts.indexOf(span);
        if (i >= 0) pendingStarts.splice(i, 1);
        if (span.start >= 0) {
          span.end = pos;
          spans.push(span);
        }
      }
      if (block) breakBlock();
      return;
    }
    for (const child of tree.children(node)) walk(child);
  };
  walk(root);
  breakBlock();
  return { text: parts.join(''), blocks, spans };
}

/** <meta name|property> values whose content feeds page relevance, read alike by page and CLI. */
export const PAGE_META_NAMES: readonly string[] = [
  'description',
  'keywords',
  'og:type',
  'og:description',
  'article:section',
  'article:tag',
  'news_keywords',
  'twitter:description',
  'dc.subject',
  'parsely-section',
  'sailthru.tags',
];
