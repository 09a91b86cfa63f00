// Collects the visible text of a subtree as blocks of text nodes, one small unit at a time so the
// caller can slice the work (see slicer.ts).
import type { BlockLayout } from './offsets';
import { isBlockElement, isBreakElement, isSkippedElement } from './rules';

export interface TextBlock extends BlockLayout {
  nodes: Text[];
  text: string;
  /** Nearest block-level ancestor: used to order work by what is on screen. */
  container: Element;
}

export interface Collected {
  blocks: TextBlock[];
  /** Offset after the last block (the length of the virtual concatenated text). */
  end: number;
}

/** True for the elements SuppLens itself put in the page (marks, tooltip host). */
export type OursTest = (el: Element) => boolean;

/** True when `node` lies inside something we never read (skip tags, editable, aria-hidden, ours). */
export function insideSkipped(node: Node, isOurs: OursTest): boolean {
  for (let el = node.nodeType === 1 ? (node as Element) : node.parentElement; el; el = el.parentElement) {
    if (isOurs(el) || isSkippedElement(el)) return true;
    if ((el as HTMLElement).isContentEditable) return true;
  }
  return node.ownerDocument?.designMode === 'on';
}

/**
 * Walks `root` in document order and appends its text blocks to `out`, starting at `offset` of
 * the virtual concatenated text (blocks are separated by one virtual character). Yields after each
 * node so a slicer can interleave it with the page's own work.
 */
export function* collectBlocks(
  root: Element,
  isOurs: OursTest,
  offset = 0,
): Generator<void, Collected, void> {
  const doc = root.ownerDocument;
  const blocks: TextBlock[] = [];
  let boundary = true;
  const containerCache = new Map<Element, Element>();
  const containerOf = (el: Element): Element => {
    const chain: Element[] = [];
    let cur: Element | null = el;
    let found: Element | undefined;
    while (cur) {
      const cached = containerCache.get(cur);
      if (cached) {
        found = cached;
        break;
      }
      chain.push(cur);
      if (cur === root || isBlockElement(cur)) {
        found = cur;
        break;
      }
      cur = cur.parentElement;
    }
    const result = found ?? root;
    for (const c of chain) containerCache.set(c, result);
    return result;
  };

  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === 3) return NodeFilter.FILTER_ACCEPT;
      const el = node as Element;
      if (el !== root && (isOurs(el) || isSkippedElement(el))) {
        boundary = true;
        return NodeFilter.FILTER_REJECT;
      }
      if (isBreakElement(el)) boundary = true;
      return NodeFilter.FILTER_SKIP;
    },
  });

  let current: TextBlock | undefined;
  const close = () => {
    if (current && /\S/.test(current.text)) {
      blocks.push(current);
      offset += current.length + 1;
    }
    current = undefined;
  };

  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node as Text;
    const data = text.data;
    const parent = text.parentElement;
    if (!parent) continue;
    const container = containerOf(parent);
    if (!current || boundary || current.container !== container) {
      close();
      boundary = false;
      if (!/\S/.test(data)) {
        yield;
        continue;
      }
      current = { nodes: [], starts: [], text: '', length: 0, offset, container };
    }
    current.nodes.push(text);
    current.starts.push(current.length);
    current.text += data;
    current.length += data.length;
    yield;
  }
  close();
  return { blocks, end: offset };
}
