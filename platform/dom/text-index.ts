// Page text for anchoring, built from the DOM the same way every time: the data of every Text
// node under the root in document order, joined with nothing in between (as Node.textContent,
// minus script/style/noscript/template). Offsets into this string are what TextPositionSelector
// stores. Layout-independent on purpose: hidden text counts, so a collapsed section does not
// move every later position.
//
// Elements the extension adds must not change the text: skip them with `skip` (by default any
// element with a `data-supplens-ui` attribute), or build the index before inserting them.

const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

export interface TextIndex {
  text: string;
  nodes: Text[];
  /** starts[i] = offset of nodes[i] in text. */
  starts: number[];
}

export interface TextIndexOptions {
  skip?: (el: Element) => boolean;
}

const defaultSkip = (el: Element) => el.hasAttribute('data-supplens-ui');

export function buildTextIndex(root: Node, options: TextIndexOptions = {}): TextIndex {
  const skip = options.skip ?? defaultSkip;
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 0x1 | 0x4 /* SHOW_ELEMENT | SHOW_TEXT */, {
    acceptNode(node) {
      if (node.nodeType === 1) {
        const el = node as Element;
        return SKIPPED_TAGS.has(el.tagName.toUpperCase()) || skip(el) ? 2 /* REJECT */ : 3 /* SKIP */;
      }
      return 1; /* ACCEPT */
    },
  });
  const parts: string[] = [];
  const nodes: Text[] = [];
  const starts: number[] = [];
  let offset = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    nodes.push(t);
    starts.push(offset);
    parts.push(t.data);
    offset += t.data.length;
  }
  return { text: parts.join(''), nodes, starts };
}

/** Index of the node containing `offset` (the node that starts at or before it). */
function nodeAt(index: TextIndex, offset: number, preferNext: boolean): number {
  let lo = 0;
  let hi = index.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (index.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  // An offset at the very end of a node is also the start of the next one.
  if (preferNext) {
    while (lo < index.nodes.length - 1 && index.starts[lo]! + index.nodes[lo]!.data.length <= offset) lo++;
  }
  return lo;
}

/** A DOM Range for text[start, end), or null when the offsets do not fit the index. */
export function rangeFromOffsets(index: TextIndex, start: number, end: number): Range | null {
  if (!index.nodes.length || start < 0 || end > index.text.length || start >= end) return null;
  const a = nodeAt(index, start, true);
  const b = nodeAt(index, end, false);
  const startNode = index.nodes[a]!;
  const endNode = index.nodes[b]!;
  const range = startNode.ownerDocument.createRange();
  range.setStart(startNode, start - index.starts[a]!);
  range.setEnd(endNode, end - index.starts[b]!);
  return range;
}

/** Text offsets of a DOM Range (e.g. a highlighted mention) within the index, or null. */
export function offsetsFromRange(index: TextIndex, range: Range): { start: number; end: number } | null {
  const toOffset = (container: Node, offset: number): number | null => {
    if (container.nodeType === 3) {
      const i = index.nodes.indexOf(container as Text);
      return i === -1 ? null : index.starts[i]! + offset;
    }
    // Element boundary: the first indexed text node at or after the boundary point.
    const doc = container.ownerDocument ?? (container as Document);
    const probe = doc.createRange();
    probe.setStart(container, offset);
    for (let i = 0; i < index.nodes.length; i++) {
      const node = index.nodes[i]!;
      if (probe.comparePoint(node, 0) >= 0) return index.starts[i]!;
    }
    return index.text.length;
  };
  const start = toOffset(range.startContainer, range.startOffset);
  const end = toOffset(range.endContainer, range.endOffset);
  if (start === null || end === null || end <= start) return null;
  return { start, end };
}
