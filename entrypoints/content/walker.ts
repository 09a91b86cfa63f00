// Collects the visible text of a subtree as blocks of text nodes, one small unit at a time so the
// caller can slice the work (see slicer.ts).
import type { BlockLayout } from './offsets';
import { isBlockElement, isBreakElement, isFurnitureElement, isSkippedElement } from './rules';

export interface TextBlock extends BlockLayout {
  nodes: Text[];
  text: string;
  /** Nearest block-level ancestor: used to order work by what is on screen. */
  container: Element;
  /** Inside navigation, a menu, a footer, a tag list or related articles: read, not highlighted. */
  furniture?: true;
}

/**
 * True when `el` lies in page furniture (lib/text/visible.ts). An element that holds the article
 * itself (a wrapper classed "page-with-nav") is not furniture. `cache` is per walk.
 */
export function inFurniture(el: Element, cache: Map<Element, boolean>): boolean {
  const chain: Element[] = [];
  let found = false;
  for (let cur: Element | null = el; cur; cur = cur.parentElement) {
    const cached = cache.get(cur);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    chain.push(cur);
    if (isFurnitureElement(cur) && !cur.querySelector('main, article, [role="main"], h1')) {
      found = true;
      break;
    }
  }
  for (const c of chain) cache.set(c, found);
  return found;
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

/** Text nodes handled per unit of work: small enough for a 4 ms slice, large enough to be cheap. */
export const NODES_PER_UNIT = 256;

/**
 * Walks `root` in document order and appends its text blocks to `out`, starting at `offset` of
 * the virtual concatenated text (blocks are separated by one virtual character). Yields every few
 * hundred nodes so a slicer can interleave it with the page's own work. No NodeFilter callback:
 * calling into script for every node would cost several times the walk itself.
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
  const furnitureCache = new Map<Element, boolean>();
  let lastParent: Element | undefined;
  let lastContainer: Element = root;
  const containerOf = (el: Element): Element => {
    // Consecutive text nodes mostly share a parent: no lookup, no allocation for them.
    if (el === lastParent) return lastContainer;
    let found = containerCache.get(el);
    if (!found) {
      const chain: Element[] = [];
      for (let cur: Element | null = el; cur; cur = cur.parentElement) {
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
      }
      found ??= root;
      for (const c of chain) containerCache.set(c, found);
    }
    lastParent = el;
    lastContainer = found;
    return found;
  };

  let current: TextBlock | undefined;
  // A block only starts at a text node with something besides white space, so every block is kept.
  const close = () => {
    if (current) {
      blocks.push(current);
      offset += current.length + 1;
    }
    current = undefined;
  };

  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  let budget = NODES_PER_UNIT;
  let node: Node | null = walker.nextNode();
  while (node) {
    if (--budget <= 0) {
      budget = NODES_PER_UNIT;
      yield;
    }
    if (node.nodeType !== 3) {
      const el = node as Element;
      if (isOurs(el) || isSkippedElement(el)) {
        boundary = true;
        node = nextOutside(walker, root);
        continue;
      }
      if (isBreakElement(el)) boundary = true;
      node = walker.nextNode();
      continue;
    }
    const text = node as Text;
    const data = text.data;
    const parent = text.parentElement;
    node = walker.nextNode();
    if (!parent) continue;
    const container = containerOf(parent);
    if (!current || boundary || current.container !== container) {
      close();
      boundary = false;
      if (!/\S/.test(data)) continue;
      current = { nodes: [], starts: [], text: '', length: 0, offset, container };
      if (inFurniture(container, furnitureCache)) current.furniture = true;
    }
    current.nodes.push(text);
    current.starts.push(current.length);
    current.text += data;
    current.length += data.length;
  }
  close();
  return { blocks, end: offset };
}

/** The node after the walker's current node and everything inside it, or null past `root`. */
function nextOutside(walker: TreeWalker, root: Node): Node | null {
  for (let n: Node | null = walker.currentNode; n && n !== root; n = walker.parentNode()) {
    const next = walker.nextSibling();
    if (next) return next;
  }
  return null;
}
