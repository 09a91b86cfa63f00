// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { SettingsApi } from '../../../components/common/extension-api';
import { DISCLAIMER } from '../../../components/Disclaimer';
import { Popup } from '../../../components/popup/Popup';
import type { PopupApi, PopupTab } from '../../../components/popup/popup-api';
import { rankNotes } from '../../../lib/kb/rank';
import type { Note } from '../../../lib/kb/types';
import type { ContentRequest, LookupResult, PageMention, PageSummary } from '../../../lib/messaging/protocol';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';
import { concept, ZINC_DOSE_ABOVE_LIMIT } from '../kb-fixtures';

const downloads = vi.hoisted(() => [] as { parts: string[]; mime: string; filename: string }[]);
vi.mock('../../../components/review/download', () => ({
  download: (file: { parts: string[]; mime: string; filename: string }) => downloads.push(file),
}));

const TAB: PopupTab = {
  id: 42,
  url: 'https://news.example/zinc-ra',
  title: 'Zinc and RA',
  status: 'complete',
};

const NOTES: Note[] = [
  {
    id: 'zinc-rheumatoid-arthritis-lab-2022',
    supplement: 'zinc',
    target: 'rheumatoid-arthritis',
    direction: 'mixed',
    evidence: 'lab',
    summary: 'In immune cells from people with RA, zinc inside the cell drove an inflammatory signal.',
    sources: [
      {
        title: 'Kim et al. 2022, Science Signaling',
        url: 'https://www.science.org/doi/10.1126/scisignal.abi7400',
      },
    ],
    reviewed: '2026-11-25',
  },
  {
    id: 'zinc-copper-deficiency',
    supplement: 'zinc',
    target: 'copper-deficiency',
    direction: 'harm',
    evidence: 'case-report',
    summary: 'Long-term high zinc intake can cause copper deficiency.',
    sources: [{ title: 'NIH ODS zinc', url: 'https://ods.od.nih.gov/factsheets/Zinc-HealthProfessional/' }],
    reviewed: '2026-11-25',
  },
  {
    id: 'zinc-common-cold',
    supplement: 'zinc',
    target: 'common-cold',
    direction: 'benefit',
    evidence: 'systematic-review',
    summary: 'Zinc lozenges may shorten colds a little.',
    sources: [{ title: 'Cochrane', doi: '10.1002/14651858.CD001364.pub5' }],
    reviewed: '2026-11-25',
  },
];

const mentions: PageMention[] = [
  { index: 0, id: 'zinc', kind: 'supplement', name: 'Zinc', text: 'zinc' },
  {
    index: 1,
    id: 'rheumatoid-arthritis',
    kind: 'condition',
    name: 'Rheumatoid arthritis',
    text: 'rheumatoid arthritis',
  },
  { index: 2, id: 'zinc', kind: 'supplement', name: 'Zinc', text: 'Zinc' },
  { index: 3, id: 'rheumatoid-arthritis', kind: 'condition', name: 'Rheumatoid arthritis', text: 'RA' },
  { index: 4, id: 'zinc', kind: 'supplement', name: 'Zinc', text: 'zinc' },
];
const summary = (over: Partial<PageSummary> = {}): PageSummary => ({
  url: TAB.url!,
  title: TAB.title!,
  state: 'annotated',
  health: true,
  mentions,
  doses: [ZINC_DOSE_ABOVE_LIMIT],
  ...over,
});

function lookupFor(flags: string[]): LookupResult {
  const ctx = { flags: new Set(flags), pageConcepts: new Set(['zinc', 'rheumatoid-arthritis']) };
  return {
    concepts: [
      concept('zinc', 'supplement', 'Zinc'),
      concept('rheumatoid-arthritis', 'condition', 'Rheumatoid arthritis'),
    ],
    notes: { zinc: rankNotes(NOTES, ctx), 'rheumatoid-arthritis': rankNotes([NOTES[0]!], ctx) },
    names: {
      zinc: 'Zinc',
      'rheumatoid-arthritis': 'Rheumatoid arthritis',
      'copper-deficiency': 'Copper deficiency',
      'common-cold': 'Common cold',
    },
    flags,
    kbVersion: 'test',
  };
}

interface FakeOptions {
  tab?: PopupTab;
  answer?: (msg: ContentRequest) => unknown;
  flags?: string[];
  settings?: Settings;
  lookup?: () => Promise<unknown>;
  /** The background's answer to runtime messages (reviews, exports). */
  background?: (msg: { type: string } & Record<string, unknown>) => unknown;
}

function fakeApi(opts: FakeOptions = {}) {
  let stored: Settings = opts.settings ?? { ...DEFAULT_SETTINGS, flags: opts.flags ?? [] };
  const sent: ContentRequest[] = [];
  const settings: SettingsApi = {
    load: async () => stored,
    save: vi.fn(async (s: Settings) => {
      stored = s;
    }),
    watch: () => () => undefined,
  };
  const api: PopupApi = {
    resolveTab: vi.fn(async () => opts.tab ?? TAB),
    fileAccess: async () => false,
    sendToTab: vi.fn(async (_id: number, msg: ContentRequest) => {
      sent.push(msg);
      return (opts.answer ?? ((m) => (m.type === 'page-summary' ? summary() : { ok: true })))(msg);
    }),
    lookup: vi.fn(async () => (opts.lookup ? opts.lookup() : lookupFor(stored.flags))) as PopupApi['lookup'],
    settings,
    activateTab: vi.fn(async () => undefined),
    reloadTab: vi.fn(async () => undefined),
    openOptions: vi.fn(async () => undefined),
    send: vi.fn(async (m: unknown) =>
      (opts.background ?? (() => ({ error: 'no background in this test' })))(m as { type: string }),
    ),
    openExtensionPage: vi.fn(async () => undefined),
  };
  return { api, sent, stored: () => stored };
}

const fast = { answerWaitMs: 50, settleWaitMs: 500, pollMs: 5 };

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

const warnings = () => screen.getByRole('region', { name: /^Warnings/ });

describe('Popup on an annotated health article', () => {
  it('shows counts, then warnings first: the flagged zinc/RA note marked as matching the flag', async () => {
    const { api } = fakeApi({ flags: ['rheumatoid-arthritis'] });
    render(<Popup api={api} tabId={42} asTab timing={fast} />);
    await screen.findByRole('heading', { name: 'Warnings (3)' });
    const counts = screen.getByRole('region', { name: 'Found on this page' });
    expect(counts.textContent).toMatch(/1 Supplements 3 mentions/);
    expect(counts.textContent).toMatch(/1 Conditions and life stages 2 mentions/);
    expect(counts.textContent).toMatch(/0 Medications 0 mentions/);
    const items = within(warnings()).getAllByRole('listitem');
    expect(items[0]!.getAttribute('data-note-id')).toBe('zinc-rheumatoid-arthritis-lab-2022');
    expect(items[0]!.getAttribute('data-flag-match')).toBe('true');
    expect(within(items[0]!).getByText('Matches your flag')).toBeTruthy();
    expect(items[1]!.getAttribute('data-reason')).toBe('dose');
    expect(items[1]!.textContent).toMatch(
      /This page mentions “50 mg of zinc a day”, above the adult upper limit of 40 mg a day\./,
    );
    expect(items[2]!.getAttribute('data-note-id')).toBe('zinc-copper-deficiency');
    // Every note: evidence level, reviewed date and a source link.
    expect(items[0]!.textContent).toMatch(/Evidence: Lab or animal study/);
    expect(items[0]!.textContent).toMatch(/checked November 2026/);
    expect(
      within(items[0]!)
        .getByRole('link', { name: /Science Signaling/ })
        .getAttribute('href'),
    ).toMatch(/^https:/);
    const others = screen.getByRole('region', { name: /^Other evidence notes/ });
    expect(within(others).getByRole('link', { name: 'Cochrane' }).getAttribute('href')).toBe(
      'https://doi.org/10.1002/14651858.CD001364.pub5',
    );
    expect(screen.getByText(DISCLAIMER)).toBeTruthy();
    await waitFor(() => expect(document.documentElement.dataset.popupView).toBe('found'));
    // The page sample repeats each concept as often as the page names it, most-named first: what
    // the page is about (lib/kb/rank.ts).
    expect(api.lookup).toHaveBeenCalledWith(
      ['zinc', 'rheumatoid-arthritis'],
      ['zinc', 'zinc', 'zinc', 'rheumatoid-arthritis', 'rheumatoid-arthritis'],
    );
  });

  it('without the flag the zinc/RA note is still listed but not marked', async () => {
    const { api } = fakeApi({ flags: [] });
    render(<Popup api={api} tabId={42} timing={fast} />);
    await screen.findByRole('heading', { name: /^Warnings \(/ });
    const entry = document.querySelector(
      'li[data-note-id="zinc-rheumatoid-arthritis-lab-2022"]',
    ) as HTMLElement;
    expect(entry).toBeTruthy();
    expect(entry.getAttribute('data-flag-match')).toBe('false');
    expect(within(entry).queryByText('Matches your flag')).toBeNull();
    expect(within(warnings()).getAllByRole('listitem')[0]!.getAttribute('data-reason')).toBe('dose');
  });

  it('entries jump to their mentions; a concept button steps through its mentions', async () => {
    const { api, sent } = fakeApi({ flags: ['rheumatoid-arthritis'] });
    render(<Popup api={api} tabId={42} asTab timing={fast} />);
    await screen.findByRole('heading', { name: /^Warnings \(/ });
    const zinc = screen.getByRole('button', { name: 'Zinc 3 mentions' });
    fireEvent.click(zinc);
    await waitFor(() =>
      expect(sent.filter((m) => m.type === 'focus-mention')).toEqual([{ type: 'focus-mention', index: 0 }]),
    );
    expect(api.activateTab).toHaveBeenCalledWith(42);
    fireEvent.click(screen.getByRole('button', { name: 'Zinc 3 mentions (1 of 3)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Zinc 3 mentions (2 of 3)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Zinc 3 mentions (3 of 3)' }));
    await waitFor(() =>
      expect(
        sent.filter((m) => m.type === 'focus-mention').map((m) => (m as { index: number }).index),
      ).toEqual([0, 2, 4, 0]),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Rheumatoid arthritis 2 mentions' }));
    const first = within(warnings()).getAllByRole('listitem')[0]!;
    fireEvent.click(within(first).getByRole('button', { name: 'Show Zinc in the page' }));
    await waitFor(() =>
      expect(sent.filter((m) => m.type === 'focus-mention').slice(-2)).toEqual([
        { type: 'focus-mention', index: 1 },
        { type: 'focus-mention', index: 0 },
      ]),
    );
    expect(screen.getByRole('status').textContent).toMatch(/Showing Zinc in the page/);
  });

  it('is keyboard-usable: every entry is a button reachable by Tab', async () => {
    const { api } = fakeApi({ flags: ['rheumatoid-arthritis'] });
    render(<Popup api={api} tabId={42} timing={fast} />);
    await screen.findByRole('heading', { name: /^Warnings \(/ });
    for (const b of screen.getAllByRole('button')) {
      expect(b.tagName).toBe('BUTTON');
      expect(b.getAttribute('tabindex')).not.toBe('-1');
      expect(b.textContent?.trim() || b.getAttribute('aria-label')).toBeTruthy();
    }
  });

  it('says so when the evidence notes cannot be loaded, and keeps the found list', async () => {
    const { api } = fakeApi({ lookup: async () => ({ error: 'database blocked' }) });
    render(<Popup api={api} tabId={42} timing={fast} />);
    expect(await screen.findByText(/could not load its evidence notes: database blocked/)).toBeTruthy();
    expect(screen.getByRole('button', { name: /^Zinc 3 mentions/ })).toBeTruthy();
  });
});

describe('Popup states', () => {
  it('nothing found', async () => {
    const { api } = fakeApi({ answer: () => summary({ mentions: [], doses: [] }) });
    render(<Popup api={api} tabId={42} timing={fast} />);
    expect(await screen.findByRole('heading', { name: 'Nothing found' })).toBeTruthy();
    expect(api.lookup).not.toHaveBeenCalled();
  });

  it('not a health article: "Scan this page" sends scan-now and shows what the scan found', async () => {
    let scanned = false;
    const { api, sent } = fakeApi({
      answer: (m) => {
        if (m.type === 'scan-now') {
          scanned = true;
          return { ok: true };
        }
        return scanned ? summary() : summary({ state: 'not-health', health: false, mentions: [], doses: [] });
      },
    });
    render(<Popup api={api} tabId={42} timing={fast} />);
    await screen.findByRole('heading', { name: 'This does not look like a health article' });
    fireEvent.click(screen.getByRole('button', { name: 'Scan this page' }));
    await screen.findByRole('heading', { name: /^Warnings/ });
    expect(sent.map((m) => m.type)).toContain('scan-now');
  });

  it('on-request mode also offers a scan', async () => {
    const { api } = fakeApi({ answer: () => summary({ state: 'on-request', mentions: [] }) });
    render(<Popup api={api} tabId={42} timing={fast} />);
    await screen.findByRole('heading', { name: 'SuppLens scans only when you ask' });
    expect(screen.getByRole('button', { name: 'Scan this page' })).toBeTruthy();
  });

  it('paused on this site: Resume removes the rule, tells the tab, and shows the page', async () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      sites: { 'news.example': 'paused', 'other.example': 'paused' },
    };
    let resumed = false;
    const { api, sent, stored } = fakeApi({
      settings,
      answer: (m) => {
        if (m.type === 'settings-changed') resumed = true;
        return m.type === 'page-summary'
          ? resumed
            ? summary()
            : summary({ state: 'paused', mentions: [] })
          : { ok: true };
      },
    });
    render(<Popup api={api} tabId={42} timing={fast} />);
    await screen.findByRole('heading', { name: 'SuppLens is paused on news.example' });
    fireEvent.click(screen.getByRole('button', { name: 'Resume on news.example' }));
    await screen.findByRole('heading', { name: /^Warnings/ });
    expect(stored().sites).toEqual({ 'other.example': 'paused' });
    expect(sent).toContainEqual({ type: 'settings-changed' });
    expect(screen.getByRole('status').textContent).toMatch(/SuppLens is on again for news\.example/);
  });

  it('can pause the site from the found view', async () => {
    let paused = false;
    const { api, stored } = fakeApi({
      answer: (m) => {
        if (m.type === 'settings-changed') paused = true;
        return m.type === 'page-summary'
          ? paused
            ? summary({ state: 'paused', mentions: [] })
            : summary()
          : { ok: true };
      },
    });
    render(<Popup api={api} tabId={42} timing={fast} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Pause on news.example' }));
    await screen.findByRole('heading', { name: 'SuppLens is paused on news.example' });
    expect(stored().sites).toEqual({ 'news.example': 'paused' });
  });

  it.each([
    ['chrome://settings/', 'This is a browser page'],
    ['https://chromewebstore.google.com/detail/x', 'This is an extension store'],
    ['https://journal.example/paper.pdf', 'This is a PDF'],
    ['file:///home/me/article.html', 'This is a file on your computer'],
  ])('a page extensions cannot run on (%s) gets a plain explanation', async (url, title) => {
    const { api } = fakeApi({ tab: { id: 5, url } });
    render(<Popup api={api} timing={fast} />);
    expect(await screen.findByRole('heading', { name: title })).toBeTruthy();
    await waitFor(() => expect(document.documentElement.dataset.popupView).toBe('blocked'));
    expect(api.resolveTab).toHaveBeenCalledWith(undefined);
  });

  it('content script not answering: explains and offers a reload that recovers', async () => {
    let reloaded = false;
    const { api } = fakeApi({
      answer: (m) => {
        if (!reloaded) throw new Error('Could not establish connection. Receiving end does not exist.');
        return m.type === 'page-summary' ? summary() : undefined;
      },
    });
    (api.reloadTab as ReturnType<typeof vi.fn>).mockImplementation(async () => {
      reloaded = true;
    });
    render(<Popup api={api} tabId={42} timing={fast} />);
    await screen.findByRole('heading', { name: 'SuppLens is not running on this page yet' });
    fireEvent.click(screen.getByRole('button', { name: 'Reload page' }));
    await screen.findByRole('heading', { name: /^Warnings/ });
  });

  it('waits while the content script is still scanning', async () => {
    let asked = 0;
    const { api } = fakeApi({
      answer: (m) =>
        m.type === 'page-summary'
          ? ++asked < 3
            ? summary({ state: 'scanning', mentions: [] })
            : summary()
          : undefined,
    });
    render(<Popup api={api} tabId={42} timing={fast} />);
    await screen.findByRole('heading', { name: /^Warnings/ });
    expect(asked).toBeGreaterThanOrEqual(3);
  });
});

describe('Reviewing: export of this page from the popup', () => {
  const PAGE = 'https://news.example/zinc-ra';
  const detection = (start: number, conceptId = 'zinc') => ({
    pageUrl: PAGE,
    pageTitle: 'Zinc and RA',
    conceptId,
    quote: { type: 'TextQuoteSelector', exact: 'zinc', prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector', start, end: start + 4 },
  });
  const exports: Record<string, unknown>[] = [];
  const background = (m: { type: string } & Record<string, unknown>) => {
    if (m.type === 'reviews-for-page')
      return {
        reviews: [
          { id: 'a', anchorStatus: { status: 'anchored', method: 'position' } },
          { id: 'b', anchorStatus: { status: 'orphan' } },
        ],
      };
    if (m.type === 'review-export') {
      exports.push(m);
      const n = (m.detections as unknown[] | undefined)?.length ?? 0;
      return {
        text: `file ${m.format}`,
        mime: 'application/json',
        extension: 'json',
        filename: 'f.json',
        count: n + 2,
      };
    }
    return { error: `unexpected ${m.type}` };
  };
  const answer = (m: ContentRequest) =>
    m.type === 'page-summary'
      ? summary()
      : m.type === 'page-detections'
        ? [detection(10), detection(50)]
        : { ok: true };

  beforeEach(() => {
    exports.length = 0;
    downloads.length = 0;
  });

  async function openSection(api: PopupApi) {
    render(<Popup api={api} tabId={42} asTab timing={fast} />);
    await waitFor(() => expect(document.documentElement.dataset.popupNotes).toBe('done'));
    const summaryEl = screen.getByText('Reviewing: export this page');
    (summaryEl.parentElement as HTMLDetailsElement).open = true;
    fireEvent(summaryEl.parentElement!, new Event('toggle'));
  }

  it('counts the saved reviews and their orphans, and opens the review page filtered to them', async () => {
    const { api } = fakeApi({ tab: { ...TAB, url: `${PAGE}#comments` }, background, answer });
    await openSection(api);
    await screen.findByText('2 saved reviews for this page, 1 no longer found in it.');
    expect(api.send).toHaveBeenCalledWith({ type: 'reviews-for-page', pageUrl: PAGE });
    fireEvent.click(screen.getByRole('button', { name: 'Show the 1 not found' }));
    expect(api.openExtensionPage).toHaveBeenCalledWith(
      `/review.html?anchor=orphan&pageUrl=${encodeURIComponent(PAGE)}`,
    );
    fireEvent.click(screen.getByRole('button', { name: "Open this page's reviews" }));
    expect(api.openExtensionPage).toHaveBeenLastCalledWith(
      `/review.html?pageUrl=${encodeURIComponent(PAGE)}`,
    );
  });

  it('exports the page with its unreviewed mentions, stamped with the notes’ knowledge-base version', async () => {
    const { api, sent } = fakeApi({ background, answer });
    await openSection(api);
    fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'csv' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await screen.findByText('Exported 4 annotations to f.json.');
    expect(sent.some((m) => m.type === 'page-detections')).toBe(true);
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({
      type: 'review-export',
      format: 'csv',
      filter: { pageUrl: PAGE },
      includeUnreviewed: true,
      bom: true,
      chunked: true,
    });
    const sentDetections = exports[0]!.detections as { kbVersion?: string; position: { start: number } }[];
    expect(sentDetections.map((d) => [d.position.start, d.kbVersion])).toEqual([
      [10, 'test'],
      [50, 'test'],
    ]);
    expect(downloads).toEqual([
      { parts: ['file csv'], mime: 'application/json', extension: 'json', filename: 'f.json', count: 4 },
    ]);
  });

  it('without unreviewed mentions it does not ask the page for them', async () => {
    const { api, sent } = fakeApi({ background, answer });
    await openSection(api);
    fireEvent.click(screen.getByRole('checkbox', { name: /Include mentions without a verdict/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await screen.findByText('Exported 2 annotations to f.json.');
    expect(sent.some((m) => m.type === 'page-detections')).toBe(false);
    expect(exports[0]).toMatchObject({ includeUnreviewed: false, bom: false });
    expect(exports[0]).not.toHaveProperty('detections');
  });

  it('says why an export failed, and downloads nothing', async () => {
    const { api } = fakeApi({
      background: (m) =>
        m.type === 'review-export'
          ? { error: 'detections[0].pageUrl is not an http(s) or file URL' }
          : background(m),
      answer,
    });
    await openSection(api);
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await screen.findByText('Export failed: detections[0].pageUrl is not an http(s) or file URL');
    expect(downloads).toEqual([]);
  });

  it('a page that cannot list its mentions gives a clear message', async () => {
    const { api } = fakeApi({
      background,
      answer: (m) =>
        m.type === 'page-summary' ? summary() : m.type === 'page-detections' ? undefined : { ok: true },
    });
    await openSection(api);
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await screen.findByText(/^Export failed: the page did not list its mentions/);
    expect(exports).toEqual([]);
  });
});
