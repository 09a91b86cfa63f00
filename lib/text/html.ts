// Visible text and page metadata of an HTML document parsed with parse5 (Node: the CLI, the
// evaluation and tests). Uses the same rules as the content script (lib/text/visible.ts).
import { type DefaultTreeAdapterMap, parse } from 'parse5';
import type { PageMeta } from '../matching/types';
import {
  collectVisibleText,
  type ElementSpan,
  PAGE_META_NAMES,
  type RuleElement,
  type TextTree,
} from './visible';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function childrenOf(node: Node): Node[] {
  return 'childNodes' in node ? (node.childNodes as Node[]) : [];
}

function attr(el: Element, name: string): string | null {
  for (const a of el.attrs) if (a.name === name) return a.value;
  return null;
}

const views = new WeakMap<Element, RuleElement>();
function view(el: Element): RuleElement {
  let v = views.get(el);
  if (!v) {
    v = { localName: el.tagName, getAttribute: (name: string) => attr(el, name) };
    views.set(el, v);
  }
  return v;
}

export const parse5Tree: TextTree<Node> = {
  element: (node) => (isElement(node) ? view(node) : undefined),
  text: (node) => (node.nodeName === '#text' ? (node as DefaultTreeAdapterMap['textNode']).value : undefined),
  children: childrenOf,
};

export interface ExtractedPage {
  /** Visible text: one line per block. */
  text: string;
  meta: PageMeta;
  blocks: { start: number; end: number }[];
}

function textContent(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return childrenOf(node).map(textContent).join('');
}

function collectTypes(value: unknown, out: Set<string>, depth = 0): void {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) collectTypes(v, out, depth + 1);
    return;
  }
  const obj = value as Record<string, unknown>;
  const t = obj['@type'];
  for (const x of Array.isArray(t) ? t : [t]) if (typeof x === 'string') out.add(x.replace(/^.*[/#:]/, ''));
  for (const [k, v] of Object.entries(obj))
    if (k !== '@context' && typeof v === 'object') collectTypes(v, out, depth + 1);
}

const META_NAMES = new Set(PAGE_META_NAMES);

/** Title, meta description/keywords, og:type, article section, JSON-LD and microdata types, canonical URL. */
export function extractMeta(document: Node): PageMeta {
  let title: string | undefined;
  const metaParts: string[] = [];
  const types = new Set<string>();
  let url: string | undefined;
  const walk = (node: Node) => {
    if (isElement(node)) {
      const tag = node.tagName;
      if (tag === 'title' && title === undefined) title = textContent(node).replace(/\s+/g, ' ').trim();
      else if (tag === 'meta') {
        const name = (attr(node, 'name') ?? attr(node, 'property') ?? '').toLowerCase();
        const content = attr(node, 'content');
        if (content && META_NAMES.has(name)) metaParts.push(content.trim());
        if (content && name === 'og:url' && !url) url = content.trim();
      } else if (tag === 'link' && /\bcanonical\b/i.test(attr(node, 'rel') ?? '')) {
        const href = attr(node, 'href');
        if (href && /^https?:/i.test(href)) url = href.trim();
      } else if (tag === 'script' && /ld\+json/i.test(attr(node, 'type') ?? '')) {
        try {
          collectTypes(JSON.parse(textContent(node)), types);
        } catch {
          // Broken JSON-LD is common: ignore it.
        }
      }
      const itemtype = attr(node, 'itemtype');
      if (itemtype) for (const t of itemtype.split(/\s+/)) if (t) types.add(t.replace(/^.*[/#:]/, ''));
      if (tag === 'template') {
        const content = (node as DefaultTreeAdapterMap['template']).content;
        if (content) walk(content as unknown as Node);
      }
    }
    for (const c of childrenOf(node)) walk(c);
  };
  walk(document);
  const meta: PageMeta = {};
  if (title) meta.title = title;
  if (types.size > 0) meta.schemaTypes = [...types];
  if (metaParts.length > 0) meta.metaText = metaParts.join(' | ');
  if (url) meta.url = url;
  return meta;
}

/** Visible text (one line per block) and metadata of a parsed document. */
export function extractVisibleText(document: Node): ExtractedPage {
  const body = findBody(document) ?? document;
  const { text, blocks } = collectVisibleText(body, parse5Tree);
  return { text, meta: extractMeta(document), blocks };
}

/** Same, with the text spans of the elements `record` selects (evaluation gold labels). */
export function extractWithSpans(
  document: Node,
  record: (el: RuleElement) => boolean,
): ExtractedPage & { spans: ElementSpan<Node>[] } {
  const body = findBody(document) ?? document;
  const { text, blocks, spans } = collectVisibleText(body, parse5Tree, record);
  return { text, meta: extractMeta(document), blocks, spans };
}

function findBody(node: Node): Node | undefined {
  if (isElement(node) && node.tagName === 'body') return node;
  for (const c of childrenOf(node)) {
    const b = findBody(c);
    if (b) return b;
  }
  return undefined;
}

export function parseHtml(html: string): Node {
  return parse(html) as unknown as Node;
}

/** Convenience: HTML string → visible text and metadata. */
export function htmlToText(html: string): ExtractedPage {
  return extractVisibleText(parseHtml(html));
}

export { attr as getAttribute, childrenOf, findBody, isElement };
