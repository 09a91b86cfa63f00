import { describe, expect, it } from 'vitest';
import type { Detection } from '../../../lib/export/items';
import {
  MAX_PAGE_DETECTIONS,
  pageExportMessage,
  pageReviewCounts,
  reviewPagePath,
} from '../../../lib/summary/page-export';

const detection = (start: number, extra: Partial<Detection> = {}): Detection => ({
  pageUrl: 'https://news.example/a?id=1',
  conceptId: 'zinc',
  quote: { type: 'TextQuoteSelector', exact: 'zinc', prefix: '', suffix: '' },
  position: { type: 'TextPositionSelector', start, end: start + 4 },
  ...extra,
});

describe('pageExportMessage', () => {
  it('filters by the page the content script described, not the tab URL', () => {
    const m = pageExportMessage({
      format: 'w3c',
      tabUrl: 'https://news.example/a?id=1#top',
      includeUnreviewed: true,
      detections: [detection(0)],
    });
    expect(m?.filter).toEqual({ pageUrl: 'https://news.example/a?id=1' });
    expect(m?.bom).toBe(false);
  });

  it('falls back to the tab URL without its fragment, keeping the query', () => {
    const m = pageExportMessage({
      format: 'csv',
      tabUrl: 'https://news.example/a?id=2#comments',
      includeUnreviewed: true,
      detections: [],
    });
    expect(m).toMatchObject({ filter: { pageUrl: 'https://news.example/a?id=2' }, bom: true });
    expect(m).not.toHaveProperty('detections');
  });

  it('is undefined when there is no page address at all', () => {
    expect(
      pageExportMessage({ format: 'json', tabUrl: undefined, includeUnreviewed: false, detections: [] }),
    ).toBe(undefined);
  });

  it('adds the knowledge-base version only where a detection has none', () => {
    const m = pageExportMessage({
      format: 'json',
      tabUrl: undefined,
      includeUnreviewed: true,
      detections: [detection(0), detection(10, { kbVersion: 'older' })],
      kbVersion: '2026.11',
    });
    expect(m?.detections?.map((d) => d.kbVersion)).toEqual(['2026.11', 'older']);
  });

  it('sends no detections when unreviewed mentions are not asked for', () => {
    const m = pageExportMessage({
      format: 'md',
      tabUrl: undefined,
      includeUnreviewed: false,
      detections: [detection(0)],
    });
    expect(m).toMatchObject({ includeUnreviewed: false, filter: { pageUrl: 'https://news.example/a?id=1' } });
    expect(m).not.toHaveProperty('detections');
  });

  it('keeps at most as many detections as one message may carry', () => {
    const many = Array.from({ length: MAX_PAGE_DETECTIONS + 7 }, (_, i) => detection(i * 5));
    const m = pageExportMessage({
      format: 'json',
      tabUrl: undefined,
      includeUnreviewed: true,
      detections: many,
    });
    expect(m?.detections).toHaveLength(MAX_PAGE_DETECTIONS);
  });
});

describe('pageReviewCounts and reviewPagePath', () => {
  it('counts orphans among a page’s reviews', () => {
    expect(
      pageReviewCounts([
        {},
        { anchorStatus: { status: 'orphan' } },
        { anchorStatus: { status: 'anchored' } },
        { anchorStatus: { status: 'orphan' } },
      ]),
    ).toEqual({ total: 4, orphans: 2 });
    expect(pageReviewCounts([])).toEqual({ total: 0, orphans: 0 });
  });

  it('encodes the page URL for the review page filter', () => {
    expect(reviewPagePath('https://x.example/a?b=1&c=2')).toBe(
      '/review.html?pageUrl=https%3A%2F%2Fx.example%2Fa%3Fb%3D1%26c%3D2',
    );
    expect(reviewPagePath('https://x.example/', true)).toBe(
      '/review.html?anchor=orphan&pageUrl=https%3A%2F%2Fx.example%2F',
    );
  });
});
