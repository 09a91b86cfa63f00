// Wraps mentions in marks and takes them out again, restoring the page's own text nodes (same
// objects, same text), so frameworks holding references to them keep working.

export const ATTR_ID = 'data-supplens-id';
export const ATTR_KIND = 'data-supplens-kind';
export const ATTR_FLASH = 'data-supplens-flash';

/**
 * Ancestors that are already interactive: a mention inside a link or a summary is highlighted
 * but not made a second focus stop (no nested interactive elements); the link keeps the focus.
 */
export const INTERACTIVE_ANCESTOR =
  'a[href], area[href], summary, label, [role="link"], [role="button"], [role="tab"], [role="menuitem"], [role="menuitemcheckbox"], [role="menuitemradio"], [role="option"], [role="checkbox"], [role="radio"], [role="switch"], [role="treeitem"]';

export interface MarkInfo {
  id: string;
  kind: string;
  name: string;
  /** The whole mention's surface text (several parts when it spans inline elements). */
  text: string;
  /** The elements of this mention in document order; parts[0] is the focusable one. */
  parts: HTMLElement[];
}

export class Highlighter {
  /** Text nodes we created by splitting the page's nodes: merged back on restore. */
  private readonly created = new WeakSet<Text>();
  private readonly marks = new WeakMap<HTMLElement, MarkInfo>();
  /** Every part we inserted and have not removed yet. */
  private readonly live = new Set<HTMLElement>();

  constructor(private readonly doc: Document) {}

  isOurs(el: Element): boolean {
    return this.live.has(el as HTMLElement);
  }

  info(el: Element): MarkInfo | undefined {
    return this.marks.get(el as HTMLElement);
  }

  /** The mark (part) containing `node`, if any. */
  markOf(node: Node | null): HTMLElement | undefined {
    for (let n: Node | null = node; n; n = n.parentNode) {
      if (n.nodeType === 1 && this.live.has(n as HTMLElement)) return n as HTMLElement;
    }
    return undefined;
  }

  get size(): number {
    return this.live.size;
  }

  /**
   * Wraps characters [start, end) of `node` in a new part. The caller processes a node's segments
   * from last to first, so `node` always keeps the prefix. Returns undefined when the node no
   * longer holds the expected text (the page changed it meanwhile).
   */
  wrap(
    node: Text,
    start: number,
    end: number,
    expected: string,
    primary: boolean,
    info: MarkInfo,
  ): HTMLElement | undefined {
    if (!node.isConnected || !node.parentNode || node.data.slice(start, end) !== expected) return undefined;
    const parent = node.parentNode;
    let mid = node;
    if (start > 0) {
      mid = node.splitText(start);
      this.created.add(mid);
    }
    if (end - start < mid.length) this.created.add(mid.splitText(end - start));
    const span = this.doc.createElement('span');
    span.setAttribute(ATTR_KIND, info.kind);
    span.setAttribute(ATTR_ID, info.id);
    if (primary && !(parent.nodeType === 1 && (parent as Element).closest(INTERACTIVE_ANCESTOR))) {
      span.setAttribute('tabindex', '0');
      span.setAttribute('role', 'button');
      span.setAttribute('aria-haspopup', 'dialog');
      span.setAttribute('aria-expanded', 'false');
    }
    parent.insertBefore(span, mid);
    span.appendChild(mid);
    this.live.add(span);
    this.marks.set(span, info);
    info.parts.push(span);
    if (info.parts.length > 1)
      info.parts.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    return span;
  }

  /** The first part of every mention in document order (focusable unless inside a link). */
  primaries(): HTMLElement[] {
    const out: HTMLElement[] = [];
    for (const el of this.doc.querySelectorAll<HTMLElement>(`span[${ATTR_ID}]`)) {
      const info = this.marks.get(el);
      if (info && info.parts[0] === el && this.live.has(el)) out.push(el);
    }
    return out;
  }

  /** Parts inside `root` (inclusive), ours or left over from an earlier instance of the script. */
  partsWithin(root: ParentNode): HTMLElement[] {
    const out: HTMLElement[] = [];
    if (root instanceof Element && root.matches(`span[${ATTR_ID}]`)) out.push(root as HTMLElement);
    for (const el of root.querySelectorAll<HTMLElement>(`span[${ATTR_ID}]`)) out.push(el);
    return out;
  }

  /** Removes every part under `root` (default: the whole document). Returns how many. */
  restore(root: ParentNode = this.doc): number {
    const parts =
      root === this.doc ? [...this.live] : this.partsWithin(root).filter((el) => this.live.has(el));
    for (const el of parts) this.unwrap(el);
    return parts.length;
  }

  /** Removes one mention entirely (all its parts). */
  restoreMention(info: MarkInfo): void {
    for (const el of [...info.parts]) this.unwrap(el);
  }

  private unwrap(el: HTMLElement): void {
    this.live.delete(el);
    const info = this.marks.get(el);
    if (info) info.parts = info.parts.filter((p) => p !== el);
    const parent = el.parentNode;
    if (!parent) return;
    const children = [...el.childNodes];
    if (children.length === 1 && children[0]!.nodeType === 3) {
      const mid = children[0] as Text;
      parent.replaceChild(mid, el);
      this.mergeBack(mid);
      return;
    }
    // Not a single text node (the page changed it): lift the children out as they are.
    for (const c of children) parent.insertBefore(c, el);
    parent.removeChild(el);
  }

  /** Merges a text node we created into its predecessor, then its created successor into it. */
  private mergeBack(mid: Text): void {
    let cur = mid;
    const prev = cur.previousSibling;
    if (this.created.has(cur) && prev && prev.nodeType === 3) {
      (prev as Text).appendData(cur.data);
      cur.remove();
      this.created.delete(cur);
      cur = prev as Text;
    }
    for (
      let next = cur.nextSibling;
      next && next.nodeType === 3 && this.created.has(next as Text);
      next = cur.nextSibling
    ) {
      cur.appendData((next as Text).data);
      this.created.delete(next as Text);
      next.remove();
    }
  }

  /**
   * Marks left by an earlier copy of this script (after an extension update) are not ours to
   * track: unwrap them and merge their parents' text nodes.
   */
  removeStrays(root: ParentNode = this.doc): number {
    const strays = this.partsWithin(root).filter((el) => !this.live.has(el));
    const parents = new Set<Node>();
    for (const el of strays) {
      const parent = el.parentNode;
      if (!parent) continue;
      while (el.firstChild) parent.insertBefore(el.firstChild, el);
      parent.removeChild(el);
      parents.add(parent);
    }
    for (const p of parents) p.normalize();
    return strays.length;
  }
}
