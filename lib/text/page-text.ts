// The two texts of a saved page, for exports from the CLI:
//   - the visible text (lib/text/visible.ts, one line per block) that detection runs on, and
//   - the anchoring text that W3C selectors refer to (docs/reviewer-integration.md, "Which text
//     positions refer to"): the data of every Text node under <body> in document order, joined
//     with nothing in between, without script/style/noscript/template and SuppLens' own UI; the
//     same string platform/dom/text-index.ts buildTextIndex(document.body) gives in the extension.
// Detections found in the visible text are moved to the anchoring text, so exported selectors
// re-anchor in the extension (and in other W3C tools) at the exact position.
//
// Mapping: the visible text keeps every character of the text nodes it reads except HTML white
// space ([ \t\n\r\f]), in order, and adds only " " and "\n". So its k-th non-space character is
// the k-th non-space character of the text nodes the visible-text walker visited, each of which
// has a known offset in the anchoring text.
import type { DefaultTreeAdapterMap } from 'parse5';
import { childrenOf, extractVisibleText, findBody, isElement, parse5Tree, parseHtml } from './html';
import { collectVisibleText, OWN_UI_ATTRIBUTE, type TextTree } from './visible';

type Node = DefaultTreeAdapterMap['node'];

/** Elements whose text the anchoring text leaves out (as platform/dom/text-index.ts). */
const ANCHOR_SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template']);
const HTML_SPACE = /[ \t\n\r\f]/;

export interface PageTexts {
  /** Visible text and metadata, exactly as htmlToText(html) gives them. */
  page: ReturnType<typeof extractVisibleText>;
  /** The anchoring text of the page. */
  anchorText: string;
  /** Offset in anchorText of the visible text's character at each index, or -1 for added spaces. */
  toAnchor: Int32Array;
}

function textOf(node: Node): string | undefined {
  return node.nodeName === '#text' ? (node as DefaultTreeAdapterMap['textNode']).value : undefined;
}

/** Anchoring text of `root` and the offset of each text node in it. */
function anchoringText(root: Node): { text: string; starts: Map<Node, number> } {
  const parts: string[] = [];
  const starts = new Map<Node, number>();
  let offset = 0;
  const walk = (node: Node) => {
    const t = textOf(node);
    if (t !== undefined) {
      starts.set(node, offset);
      parts.push(t);
      offset += t.length;
      return;
    }
    if (isElement(node)) {
      if (ANCHOR_SKIPPED_TAGS.has(node.tagName.toLowerCase())) return;
      if (node.attrs.some((a) => a.name === OWN_UI_ATTRIBUTE)) return;
    }
    for (const c of childrenOf(node)) walk(c);
  };
  for (const c of childrenOf(root)) walk(c);
  return { text: parts.join(''), starts };
}

export function pageTexts(html: string): PageTexts {
  const document = parseHtml(html);
  const page = extractVisibleText(document);
  const body = findBody(document);
  const visited: Node[] = [];
  const recording: TextTree<Node> = {
    ...parse5Tree,
    text: (node) => {
      const t = parse5Tree.text(node);
      if (t !== undefined) visited.push(node);
      return t;
    },
  };
  const visible = collectVisibleText(body ?? document, recording).text;
  if (visible !== page.text) throw new Error('internal error: visible text differs between two walks');
  const { text: anchorText, starts } = body ? anchoringText(body) : { text: '', starts: new Map() };

  const toAnchor = new Int32Array(visible.length).fill(-1);
  let v = 0;
  const mismatch = () => new Error('internal error: visible text does not map onto the page text');
  for (const node of visited) {
    const t = textOf(node) ?? '';
    const start = starts.get(node);
    for (let k = 0; k < t.length; k++) {
      if (HTML_SPACE.test(t[k]!)) continue;
      while (v < visible.length && (visible[v] === ' ' || visible[v] === '\n')) v++;
      if (start === undefined || visible[v] !== t[k]) throw mismatch();
      toAnchor[v++] = start + k;
    }
  }
  for (; v < visible.length; v++) if (visible[v] !== ' ' && visible[v] !== '\n') throw mismatch();
  return { page, anchorText, toAnchor };
}

/**
 * [start, end) of visible text in anchoring-text offsets: from its first to its last character
 * that is not an added space. Null when the span holds no page character.
 */
export function toAnchorSpan(
  texts: Pick<PageTexts, 'toAnchor'>,
  start: number,
  end: number,
): { start: number; end: number } | null {
  const map = texts.toAnchor;
  let a = Math.max(0, start);
  let b = Math.min(map.length, end) - 1;
  while (a <= b && map[a]! < 0) a++;
  while (b >= a && map[b]! < 0) b--;
  if (a > b) return null;
  return { start: map[a]!, end: map[b]! + 1 };
}
