// @vitest-environment happy-dom
// The Hypothesis client's anchoring test cases, adapted to SuppLens's anchoring API. The cases and
// the peer's HTML fixtures are reference material beside the repository (../shared, or
// SUPPLENS_SHARED): peer-cases.ts and hypothesis-fixtures/ are read from there at run time, never
// copied here; without them this file skips.
//
// Every case either passes or is one of KNOWN_DIFFERENCES, each a deliberate difference from the
// peer, with its reason. A case in that list must still fail the peer's expectation (so the list
// stays true) and must not anchor on the wrong text. The closing test checks the totals: at least
// 130 of the 146 cases pass, and no case re-anchors on wrong text.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type DefaultTreeAdapterMap, parse } from 'parse5';
import { tsImport } from 'tsx/esm/api';
import { afterAll, describe, expect, it } from 'vitest';
import { anchor, approxSearch, describe as describeSpan } from '../../../lib/anchoring';
import { pageTexts } from '../../../lib/text/page-text';
import { buildTextIndex, offsetsFromRange, rangeFromOffsets } from '../../../platform/dom/text-index';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const SHARED = process.env.SUPPLENS_SHARED ?? resolve(ROOT, '..', 'shared');
const PEER = join(SHARED, 'reference', 'anchoring-peer-tests');
const FIXTURES = join(PEER, 'hypothesis-fixtures');
const havePeer = existsSync(join(PEER, 'peer-cases.ts'));
const haveFixtures = existsSync(FIXTURES);

/** The peer's expectation for a text case (see peer-cases.ts). */
type Expect = { span: [number, number]; slack?: number } | { orphan: true } | { orphanOr: [number, number] };
interface Quote {
  exact: string;
  prefix?: string;
  suffix?: string;
}
interface TextCase {
  id: string;
  source: string;
  text: string;
  quote: Quote;
  position?: { start: number; end: number };
  expect: Expect;
}
interface PeerCases {
  TEXT_CASES: TextCase[];
  TQ_FUZZY: { id: string; source: string; quote: Quote }[];
  TQ_DESCRIBE: {
    id: string;
    source: string;
    text: string;
    span: [number, number];
    contextLength?: number;
    expected: { exact: string; prefix: string; suffix: string };
  }[];
  TP_HTML: string;
  TP_CASES: {
    id: string;
    description: string;
    text?: string;
    start?: number;
    end?: number;
    expected: unknown;
  }[];
  RANGE_SPECS: [string | number, number, string | number, number, string, string][];
  INTEGRATION_QUOTES: { id: string; tag: string; quote: string }[];
  APPROX_FIXTURES: [string, string, string, { start: number; end: number; errors: number }[]][];
  GETTYSBURG: string;
  YAWP: string;
  corrupt(quote: string, edits: number, seed: number): string;
}

// Loaded with tsx, not through Vite: the file lives outside the project, where Vite does not look.
const peer: PeerCases | undefined = havePeer
  ? ((await tsImport(join(PEER, 'peer-cases.ts'), import.meta.url)) as PeerCases)
  : undefined;

/**
 * Cases where SuppLens deliberately differs from the peer, with the reason. Reviewers see the same
 * list in README ("Re-anchoring saved reviews").
 */
const CONTEXT_THRESHOLD =
  'context threshold: the only candidate has context agreeing under 0.5 (the test context is hand-written, not adjacent to the quote, or runs past the edge of the text); SuppLens orphans a short quote rather than trust it, Hypothesis only ranks';
const BR_MODEL =
  'page-text model: SuppLens page text is the text nodes joined as textContent joins them, so <br> adds nothing ("foobar"); Hypothesis now turns <br> into a space. A Hypothesis quote across a <br> still anchors (HB-05), with one edit';
const SKIPPED_TEXT =
  'page-text model: SuppLens page text leaves out <script> and <noscript>, so positions on this page differ by the skipped characters; the quote anchors on the same text and re-describes identically';
const KNOWN_DIFFERENCES: Record<string, string> = {
  'MQ-03d':
    'error budget: "Some years after" against "Many years later" is 6 edits in 16 characters with no context at all; without context the budget is 25% (4 edits), Hypothesis allows 50%',
  'MQ-05d': CONTEXT_THRESHOLD,
  'MQ-09.3': CONTEXT_THRESHOLD,
  'MQ-09.6': CONTEXT_THRESHOLD,
  'MQ-09.7': CONTEXT_THRESHOLD,
  'MQ-11': CONTEXT_THRESHOLD,
  'MQ-12': CONTEXT_THRESHOLD,
  'HB-03': BR_MODEL,
  'RT-01': BR_MODEL,
  'RT-02': BR_MODEL,
  'BL-wiki-1': SKIPPED_TEXT,
  'BL-wiki-2': SKIPPED_TEXT,
  'BL-wiki-3': SKIPPED_TEXT,
  'BL-wiki-4': SKIPPED_TEXT,
};

interface Row {
  id: string;
  pass: boolean;
  /** Anchored on text the case says is wrong (not the expected span, or where it expects none). */
  wrong: boolean;
  detail: string;
}
const rows: Row[] = [];

/** Records a case: passes, or is a named difference that still fails and lands on no wrong text. */
function record(row: Row) {
  rows.push(row);
  const known = KNOWN_DIFFERENCES[row.id];
  if (!known) expect(row.pass, `${row.id}: ${row.detail}`).toBe(true);
  else {
    expect(row.pass, `${row.id} is listed as a difference but passes now: take it off the list`).toBe(false);
    expect(row.wrong, `${row.id} anchors on wrong text: ${row.detail}`).toBe(false);
  }
}

const selectorsOf = (q: Quote, position?: { start: number; end: number }) => ({
  quote: {
    type: 'TextQuoteSelector' as const,
    exact: q.exact,
    prefix: q.prefix ?? '',
    suffix: q.suffix ?? '',
  },
  ...(position ? { position: { type: 'TextPositionSelector' as const, ...position } } : {}),
});
const collapse = (s: string) => s.replace(/\s+/g, ' ');

/** Fewest edits turning `pattern` into some substring of `text`. */
function substringDistance(text: string, pattern: string): number {
  let prev = new Array<number>(text.length + 1).fill(0);
  for (let i = 1; i <= pattern.length; i++) {
    const cur = [i];
    for (let j = 1; j <= text.length; j++)
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (pattern[i - 1] === text[j - 1] ? 0 : 1),
      );
    prev = cur;
  }
  return Math.min(...prev);
}

describe.skipIf(!peer)('Hypothesis anchoring cases (../shared)', () => {
  const p = peer!;

  describe('text cases', () => {
    for (const c of p?.TEXT_CASES ?? []) {
      it(`${c.id} ${c.source}`, () => {
        const r = anchor(c.text, selectorsOf(c.quote, c.position));
        const e = c.expect;
        let pass: boolean;
        let wrong: boolean;
        if ('orphan' in e) {
          pass = r === null;
          wrong = r !== null;
        } else if ('orphanOr' in e) {
          pass = r === null || (r.start < e.orphanOr[1] && e.orphanOr[0] < r.end);
          wrong = !pass;
        } else {
          const slack = e.slack ?? 0;
          pass = !!r && Math.abs(r.start - e.span[0]) <= slack && Math.abs(r.end - e.span[1]) <= slack;
          wrong = !!r && !(r.start < e.span[1] && e.span[0] < r.end);
        }
        record({
          id: c.id,
          pass,
          wrong,
          detail: `expected ${JSON.stringify(e)}, got ${r ? JSON.stringify({ ...r, text: c.text.slice(r.start, r.end) }) : 'orphan'}`,
        });
      });
    }
  });

  describe('text-quote fork: fuzzy matches (seeded corruption, 100 trials each)', () => {
    for (const f of p?.TQ_FUZZY ?? []) {
      it(`${f.id} ${f.source}`, () => {
        const k = f.quote.exact.length * 0.15;
        const failures: string[] = [];
        let wrong = false;
        for (let seed = 1; seed <= 100; seed++) {
          const corrupted = p.corrupt(f.quote.exact, k, seed);
          const r = anchor(p.YAWP, selectorsOf({ ...f.quote, exact: corrupted }));
          const matched = r ? p.YAWP.slice(r.start, r.end) : null;
          if (matched === null || substringDistance(matched, f.quote.exact) > Math.floor(k)) {
            failures.push(`${corrupted} -> ${matched}`);
            // Wrong text: a match that does not even overlap the original quote.
            const at = p.YAWP.indexOf(f.quote.exact);
            if (r && !(r.start < at + f.quote.exact.length && at < r.end)) wrong = true;
          }
        }
        record({
          id: f.id,
          pass: failures.length === 0,
          wrong,
          detail: `${failures.length} of 100 trials off: ${failures.slice(0, 3).join('; ')}`,
        });
      });
    }
  });

  describe('describe', () => {
    for (const d of p?.TQ_DESCRIBE ?? []) {
      it(`${d.id} ${d.source}`, () => {
        const s = describeSpan(d.text, d.span[0], d.span[1], d.contextLength);
        const got = { exact: s.quote.exact, prefix: s.quote.prefix, suffix: s.quote.suffix };
        let pass = JSON.stringify(got) === JSON.stringify(d.expected);
        if (d.id === 'TY-02') {
          const r = anchor(d.text, s);
          pass &&= !!r && d.text.slice(r.start, r.end) === 'Four';
        }
        record({ id: d.id, pass, wrong: false, detail: JSON.stringify(got) });
      });
    }
  });

  describe('DOM cases', () => {
    function container(html: string, tag = 'div'): HTMLElement {
      document.body.innerHTML = '';
      const el = document.createElement(tag);
      el.innerHTML = html;
      document.body.appendChild(el);
      return el;
    }
    const fixture = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

    it('TY-03 types-test.js TextPositionAnchor: Range -> TextPositionSelector -> Range', () => {
      const root = container(p.GETTYSBURG);
      const idx = buildTextIndex(root);
      const range = document.createRange();
      range.setStart(root.firstChild!, 0);
      range.setEnd(root.firstChild!, 4);
      const off = offsetsFromRange(idx, range);
      const back = off && rangeFromOffsets(idx, off.start, off.end);
      record({
        id: 'TY-03',
        pass: JSON.stringify(off) === JSON.stringify({ start: 0, end: 4 }) && back?.toString() === 'Four',
        wrong: false,
        detail: JSON.stringify(off),
      });
    });

    for (const t of p?.TP_CASES ?? []) {
      it(`${t.id} text-position-test.js: ${t.description}`, () => {
        const root = container(p.TP_HTML);
        const idx = buildTextIndex(root);
        let start = t.start!;
        let end = t.end!;
        if (t.text) {
          start = root.textContent!.indexOf(t.text);
          end = start + t.text.length;
        }
        const range = rangeFromOffsets(idx, start, end);
        const got = range ? range.toString() : null;
        // The peer throws for invalid offsets and gives an empty Range for an empty or reversed
        // span; SuppLens returns null for all of them (nothing to highlight).
        const pass = typeof t.expected === 'string' && t.expected !== '' ? got === t.expected : got === null;
        record({ id: t.id, pass, wrong: false, detail: String(got) });
      });
    }

    describe.skipIf(!haveFixtures)('integration/anchoring-test.js (test-page.html)', () => {
      for (const q of p?.INTEGRATION_QUOTES ?? []) {
        it(`${q.id} should highlight ${q.tag}`, () => {
          const root = container(fixture('src/annotator/test/integration/test-page.html'));
          const idx = buildTextIndex(root);
          const r = anchor(idx.text, selectorsOf({ exact: q.quote }));
          const hl = r ? (rangeFromOffsets(idx, r.start, r.end)?.toString() ?? null) : null;
          const pass = hl !== null && collapse(hl) === collapse(q.quote);
          record({ id: q.id, pass, wrong: !pass && hl !== null, detail: String(hl) });
        });
      }
    });

    describe.skipIf(!haveFixtures)('html-test.js: describes and anchors rangeSpecs', () => {
      function nodeAt(root: Element, ref: string | number): Node {
        if (typeof ref === 'number') {
          const walker = document.createTreeWalker(root, 4 /* SHOW_TEXT */);
          const nodes: Node[] = [];
          while (walker.nextNode()) nodes.push(walker.currentNode);
          return nodes[ref]!;
        }
        let node: Node = root;
        for (const step of ref.split('/').filter(Boolean)) {
          const m = /^(text\(\)|[\w-]+)(?:\[(\d+)\])?$/.exec(step)!;
          const n = Number(m[2] ?? 1);
          const kids = [...node.childNodes].filter((k) =>
            m[1] === 'text()'
              ? k.nodeType === 3
              : k.nodeType === 1 && (k as Element).tagName.toLowerCase() === m[1],
          );
          node = kids[n - 1]!;
        }
        return node;
      }
      (p?.RANGE_SPECS ?? []).forEach(([sc, so, ec, eo, quote, description], i) => {
        const id = `HT-${String(i + 1).padStart(2, '0')}`;
        it(`${id} ${description}`, () => {
          const root = container(
            fixture('src/annotator/anchoring/test/html-anchoring-fixture.html'),
            'section',
          );
          const range = document.createRange();
          range.setStart(nodeAt(root, sc), so);
          range.setEnd(nodeAt(root, ec), eo);
          const harnessOk = range.toString() === quote;
          const idx = buildTextIndex(root);
          const off = offsetsFromRange(idx, range);
          const sel = off && describeSpan(idx.text, off.start, off.end);
          const text = (r: { start: number; end: number } | null | undefined) =>
            r ? rangeFromOffsets(idx, r.start, r.end)?.toString() : undefined;
          const viaPosition = sel && text(sel.position);
          const viaQuote = sel && text(anchor(idx.text, { quote: sel.quote }));
          const viaBoth = sel && text(anchor(idx.text, sel));
          const pass = harnessOk && viaPosition === quote && viaQuote === quote && viaBoth === quote;
          record({ id, pass, wrong: !pass, detail: JSON.stringify({ viaPosition, viaQuote, viaBoth }) });
        });
      });

      const failing: [string, Parameters<typeof anchor>[1], boolean][] = [
        [
          'HT-F1',
          {
            quote: {
              type: 'TextQuoteSelector',
              exact: 'This text does not appear in the web page',
              prefix: '',
              suffix: '',
            },
          },
          false,
        ],
        [
          'HT-F2',
          {
            quote: { type: 'TextQuoteSelector', exact: 'Lorem ipsum', prefix: '', suffix: '' },
            position: { type: 'TextPositionSelector', start: 1000, end: 1010 },
          },
          true,
        ],
        [
          'HT-F3',
          { quote: { type: 'TextQuoteSelector', exact: 'Lorem ipsum', prefix: '', suffix: '' } },
          true,
        ],
      ];
      for (const [id, sel, shouldAnchor] of failing) {
        it(`${id} html-test.js: when anchoring fails`, () => {
          const root = container(
            fixture('src/annotator/anchoring/test/html-anchoring-fixture.html'),
            'section',
          );
          const idx = buildTextIndex(root);
          const r = anchor(idx.text, sel);
          const got = r && idx.text.slice(r.start, r.end);
          const pass = shouldAnchor ? got === 'Lorem ipsum' : r === null;
          record({ id, pass, wrong: !pass && r !== null, detail: String(got) });
        });
      }
    });

    describe('html-boundary-test.js / rendered-text-test.js (<br> and whitespace)', () => {
      const P = '<p>foo<br>bar</p>';
      const whole = (root: HTMLElement) => {
        const range = document.createRange();
        range.selectNodeContents(root.querySelector('p')!);
        return range;
      };
      const afterBr = (root: HTMLElement) => {
        const t = root.querySelector('p')!.lastChild!;
        const range = document.createRange();
        range.setStart(t, 0);
        range.setEnd(t, 3);
        return range;
      };
      it('HB-01 describes selection after <br> without leading space in exact', () => {
        const root = container(P);
        const idx = buildTextIndex(root);
        const off = offsetsFromRange(idx, afterBr(root))!;
        const s = describeSpan(idx.text, off.start, off.end);
        record({ id: 'HB-01', pass: s.quote.exact === 'bar', wrong: false, detail: s.quote.exact });
      });
      it('HB-02 anchors selection after <br> back to the same text', () => {
        const root = container(P);
        const idx = buildTextIndex(root);
        const off = offsetsFromRange(idx, afterBr(root))!;
        const r = anchor(idx.text, describeSpan(idx.text, off.start, off.end));
        const got = r && rangeFromOffsets(idx, r.start, r.end)?.toString();
        record({ id: 'HB-02', pass: got === 'bar', wrong: !!got && got !== 'bar', detail: String(got) });
      });
      it('HB-03 describes selection spanning <br> with a space in exact', () => {
        const root = container(P);
        const idx = buildTextIndex(root);
        const off = offsetsFromRange(idx, whole(root))!;
        const s = describeSpan(idx.text, off.start, off.end);
        record({ id: 'HB-03', pass: s.quote.exact === 'foo bar', wrong: false, detail: s.quote.exact });
      });
      it('HB-04 anchors a selector spanning <br> back to the original range', () => {
        const root = container(P);
        const idx = buildTextIndex(root);
        const off = offsetsFromRange(idx, whole(root))!;
        const r = anchor(idx.text, describeSpan(idx.text, off.start, off.end));
        const got = r && rangeFromOffsets(idx, r.start, r.end)?.toString();
        record({
          id: 'HB-04',
          pass: got === 'foobar',
          wrong: !!got && got !== 'foobar',
          detail: String(got),
        });
      });
      it('HB-05 a selector made by current Hypothesis ("foo bar", 0-6) anchors on SuppLens page text', () => {
        const root = container(P);
        const idx = buildTextIndex(root);
        const r = anchor(idx.text, selectorsOf({ exact: 'foo bar' }, { start: 0, end: 6 }));
        const got = r && rangeFromOffsets(idx, r.start, r.end)?.toString();
        record({
          id: 'HB-05',
          pass: got === 'foobar',
          wrong: !!got && got !== 'foobar',
          detail: String(got),
        });
      });
      for (const [id, html, want] of [
        ['RT-01', '<p>foo<br>bar</p>', 'foo bar'],
        ['RT-02', '<p>a<br>b<br>c</p>', 'a b c'],
        ['RT-03', '<p>foo  bar</p>', 'foo  bar'],
      ] as const) {
        it(`${id} rendered-text-test.js: page text of ${html}`, () => {
          const got = buildTextIndex(container(html)).text;
          record({ id, pass: got === want, wrong: false, detail: got });
        });
      }
    });

    describe.skipIf(!haveFixtures)('html-test.js: web page baselines', () => {
      const SKIPPED = new Set(['script', 'style', 'noscript', 'template']);
      type P5 = DefaultTreeAdapterMap['node'];
      for (const [prefix, name] of [
        ['BL-min', 'minimal'],
        ['BL-wiki', 'wikipedia-regression-testing'],
      ] as const) {
        if (!haveFixtures) continue;
        const dir = 'src/annotator/anchoring/test/html-baselines';
        const html = fixture(`${dir}/${name}.html`).replace(/src=/g, 'sr_=').replace(/href=/g, 'hre_=');
        const json = JSON.parse(fixture(`${dir}/${name}.json`)) as {
          rows: { id: string; target: { selector: { type: string; [k: string]: unknown }[] }[] }[];
        };
        // The peer's offsets are browser body.textContent offsets; happy-dom parses <noscript> as
        // markup, so the browser text is rebuilt with parse5 (scripting on), marking what
        // SuppLens's page text leaves out.
        const segs: { text: string; skipped: boolean }[] = [];
        const walk = (n: P5, skipped: boolean) => {
          if (n.nodeName === '#text')
            segs.push({ text: (n as DefaultTreeAdapterMap['textNode']).value, skipped });
          const tag = 'tagName' in n ? n.tagName : '';
          for (const c of 'childNodes' in n ? n.childNodes : []) walk(c, skipped || SKIPPED.has(tag));
        };
        const find = (n: P5): P5 | undefined =>
          n.nodeName === 'body' ? n : ('childNodes' in n ? n.childNodes : []).map(find).find(Boolean);
        walk(find(parse(html))!, false);
        const tc = segs.map((x) => x.text).join('');
        const toSuppLens = (offset: number) => {
          let skipped = 0;
          let o = 0;
          for (const x of segs) {
            if (o + x.text.length > offset) break;
            if (x.skipped) skipped += x.text.length;
            o += x.text.length;
          }
          return offset - skipped;
        };
        json.rows.forEach((ann, i) => {
          const id = `${prefix}-${i + 1}`;
          it(`${id} selectors match the baseline ${name} (${ann.id})`, () => {
            document.documentElement.innerHTML = html;
            const idx = buildTextIndex(document.body);
            const sels = ann.target[0]!.selector;
            const q = sels.find((s) => s.type === 'TextQuoteSelector') as unknown as Required<Quote>;
            const pos = sels.find((s) => s.type === 'TextPositionSelector') as unknown as {
              start: number;
              end: number;
            };
            const harnessOk =
              tc.slice(pos.start, pos.end) === q.exact &&
              idx.text ===
                segs
                  .filter((x) => !x.skipped)
                  .map((x) => x.text)
                  .join('') &&
              pageTexts(html).anchorText === idx.text;
            const want: [number, number] = [toSuppLens(pos.start), toSuppLens(pos.end)];
            const r = anchor(idx.text, selectorsOf(q, pos));
            const located = !!r && r.start === want[0] && r.end === want[1];
            const again = r && describeSpan(idx.text, r.start, r.end);
            const sameQuote =
              !!again &&
              again.quote.exact === q.exact &&
              again.quote.prefix === q.prefix &&
              again.quote.suffix === q.suffix;
            const samePosition =
              !!again && again.position.start === pos.start && again.position.end === pos.end;
            record({
              id,
              pass: harnessOk && located && sameQuote && samePosition,
              wrong: !!r && !(r.start < want[1] && want[0] < r.end),
              detail: JSON.stringify({
                harnessOk,
                located,
                sameQuote,
                samePosition,
                skippedBefore: pos.start - want[0],
              }),
            });
          });
        });
      }
    });
  });

  describe("approx-string-match-js fixtures against SuppLens's approxSearch", () => {
    for (const [name, text, pattern, matches] of p?.APPROX_FIXTURES ?? []) {
      it(`AS ${name}`, () => {
        let actual = approxSearch(text, pattern, pattern.length);
        const min = Math.min(...actual.map((m) => m.errors));
        actual = actual.filter((m) => m.errors === min);
        const same = (a: { start: number; end: number; errors: number }, b: typeof a) =>
          a.start === b.start && a.end === b.end && a.errors === b.errors;
        const pass =
          actual.length === 1 && matches.length > 1
            ? matches.some((m) => same(m, actual[0]!))
            : actual.length === matches.length && actual.every((a, j) => same(a, matches[j]!));
        record({ id: `AS-${name}`, pass, wrong: false, detail: JSON.stringify(actual) });
      });
    }
    const str = 'This is a string which exceeds the "word size" of the JS language.';
    const more: [string, () => unknown, unknown][] = [
      ['no match', () => approxSearch('four candles', 'foouur', 1), []],
      [
        'maxErrors exceeds pattern length',
        () => approxSearch('four score', 'score', 50),
        [{ start: 5, end: 10, errors: 0 }],
      ],
      ['multiple matches', () => approxSearch('foo bar '.repeat(5), 'foo', 0).length, 5],
      ['empty text', () => approxSearch('', 'foo', 0), []],
      ['empty pattern', () => approxSearch('foo', '', 0), []],
      [
        'pattern length = block size',
        () => approxSearch(str, str.slice(1, 33), 0),
        [{ start: 1, end: 33, errors: 0 }],
      ],
      [
        'pattern length > block size',
        () => approxSearch(str, str.slice(23, 56), 0),
        [{ start: 23, end: 56, errors: 0 }],
      ],
      ['all matches for a long pattern', () => approxSearch(str.repeat(5), str, 0).length, 5],
      [
        'long text, short pattern ("discvery", 2)',
        () => {
          const text =
            '\n  A great discovery solves a great problem but there is a grain of discovery in\n  the solution of any problem.\n  ';
          const m = approxSearch(text, 'discvery', 2);
          return m.length > 0 && m.every((x) => text.slice(x.start, x.end) === 'discovery');
        },
        true,
      ],
    ];
    for (const [name, run, want] of more) {
      it(`AS ${name}`, () => {
        const got = run();
        record({
          id: `AS-${name}`,
          pass: JSON.stringify(got) === JSON.stringify(want),
          wrong: false,
          detail: JSON.stringify(got),
        });
      });
    }
  });

  afterAll(() => {
    const passed = rows.filter((r) => r.pass).length;
    const failed = rows.filter((r) => !r.pass).map((r) => r.id);
    console.log(`Hypothesis anchoring cases: ${passed} of ${rows.length} pass`);
    for (const id of failed) console.log(`  ${id}: ${KNOWN_DIFFERENCES[id] ?? 'NOT A KNOWN DIFFERENCE'}`);
  });
});

describe.skipIf(!peer)('Hypothesis anchoring cases: totals', () => {
  // Runs after the cases above (vitest runs a file's tests in order).
  it('at least 130 of 146 pass, DV-14, DV-15 and DV-23 among them, and none lands on wrong text', () => {
    expect(rows.length).toBe(haveFixtures ? 146 : rows.length);
    expect(rows.filter((r) => r.pass).length).toBeGreaterThanOrEqual(haveFixtures ? 130 : 0);
    for (const id of ['DV-14', 'DV-15', 'DV-23']) expect(rows.find((r) => r.id === id)?.pass, id).toBe(true);
    expect(rows.filter((r) => r.wrong).map((r) => r.id)).toEqual([]);
    for (const r of rows.filter((x) => !x.pass)) expect(KNOWN_DIFFERENCES[r.id], r.id).toBeTruthy();
  });
});
