// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { openPageUrl } from '../../../components/review/open-url';
import { ReviewPage as App } from '../../../components/review/ReviewPage';
import { VerdictForm } from '../../../components/review/VerdictForm';
import { toWireFilter } from '../../../lib/reviews/filter-query';
import type { SuppLensDB } from '../../../platform/db/database';
import { saveReview } from '../../../platform/db/reviews';
import { testHandler } from '../background-fixtures';
import { draftFor, freshDb } from './fixtures';

let db: SuppLensDB;
afterEach(() => {
  cleanup();
  db?.close();
});

/** Messages go to the real background handler over fake-indexeddb, as from an extension page. */
function backgroundSend() {
  const handle = testHandler(db);
  const sent: unknown[] = [];
  const send = (m: unknown) => {
    sent.push(m);
    return handle(structuredClone(m), { fromExtensionPage: true, tabId: 1 });
  };
  return { send, sent };
}

describe('VerdictForm', () => {
  it('saves a verdict with the anchor it was given, then updates the same review', async () => {
    db = freshDb();
    const { send, sent } = backgroundSend();
    const d = draftFor('vitamin D');
    render(
      <VerdictForm
        anchor={{ pageUrl: d.pageUrl, pageTitle: d.pageTitle, quote: d.quote, position: d.position }}
        conceptId="vitamin-d"
        conceptName="Vitamin D"
        shownNoteIds={['n1', 'n2']}
        kbVersion="kb-7"
        send={send}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Review this annotation: Vitamin D' })).toBeTruthy();
    // The radios are required (the browser blocks submission); the handler checks too.
    fireEvent.submit(screen.getByRole('button', { name: 'Save verdict' }).closest('form')!);
    await screen.findByText('Choose a verdict first.');
    expect(sent).toEqual([]);

    fireEvent.click(screen.getByLabelText('Misleading article claim'));
    fireEvent.input(screen.getByLabelText(/^Comment/), { target: { value: 'Overstates the study' } });
    fireEvent.input(screen.getByLabelText(/^Note on the article's claim/), {
      target: { value: 'Lab study only' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save verdict' }));
    await screen.findByText('Verdict saved.');
    const rows = await db.reviews.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      pageUrl: d.pageUrl,
      conceptId: 'vitamin-d',
      quote: d.quote,
      position: d.position,
      verdict: 'misleading-claim',
      comment: 'Overstates the study',
      claimNote: 'Lab study only',
      shownNoteIds: ['n1', 'n2'],
      kbVersion: 'kb-7',
    });

    fireEvent.click(screen.getByLabelText('Needs context'));
    fireEvent.click(screen.getByRole('button', { name: 'Update verdict' }));
    await waitFor(async () => expect((await db.reviews.toArray())[0]?.verdict).toBe('needs-context'));
    expect(await db.reviews.count()).toBe(1);
  });

  it('loads the existing review named by the anchor', async () => {
    db = freshDb();
    const { send } = backgroundSend();
    const r = await saveReview(db, draftFor('fish oil', { verdict: 'accurate', comment: 'Fine' }));
    render(
      <VerdictForm
        anchor={{
          pageUrl: r.pageUrl,
          pageTitle: r.pageTitle,
          quote: r.quote,
          position: r.position,
          reviewId: r.id,
        }}
        conceptId={r.conceptId}
        shownNoteIds={[]}
        kbVersion=""
        send={send}
      />,
    );
    await screen.findByRole('heading', { name: 'Your review' });
    expect((screen.getByLabelText('Accurate') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText(/^Comment/) as HTMLTextAreaElement).value).toBe('Fine');
  });
});

describe('review page', () => {
  it('lists, filters, deletes with undo', async () => {
    db = freshDb();
    const { send } = backgroundSend();
    for (const [i, n] of ['vitamin D', 'fish oil', 'blood thinners'].entries())
      await saveReview(
        db,
        draftFor(n, { verdict: i === 1 ? 'accurate' : 'needs-context', conceptId: `c-${i}` }),
        new Date(2025, 0, i + 1),
      );
    history.replaceState(null, '', '/review.html');
    render(<App send={send} />);
    await screen.findByText('Showing 1–3 of 3 reviews');
    fireEvent.change(screen.getByLabelText('Verdict'), { target: { value: 'accurate' } });
    await screen.findByText('Showing 1–1 of 1 review');
    expect(location.search).toBe('?verdict=accurate');
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await screen.findByText('Showing 1–3 of 3 reviews');
    const item = screen.getAllByRole('listitem')[0]!;
    fireEvent.click(within(item).getByRole('button', { name: /^Delete review/ }));
    await screen.findByText('Showing 1–2 of 2 reviews');
    fireEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    await screen.findByText('Showing 1–3 of 3 reviews');
    expect(await db.reviews.count()).toBe(3);
  });

  it('turns local dates into an ISO range covering whole days', () => {
    const f = toWireFilter({
      text: ' x ',
      site: '',
      conceptId: '',
      verdict: 'none',
      from: '2025-01-02',
      to: '2025-01-02',
      anchor: '',
      pageUrl: '',
    });
    expect(f.text).toBe('x');
    expect(f.verdict).toBe('none');
    expect(new Date(f.until!).getTime() - new Date(f.since!).getTime()).toBe(86_400_000);
  });

  it('links to the page with a text fragment for the quote', () => {
    const r = draftFor('blood thinners');
    expect(openPageUrl(r)).toBe(
      'https://news.example.com/health/zinc-study#:~:text=People%20who%20take-,blood%20thinners,-should%20ask%20before',
    );
    expect(openPageUrl({ ...r, pageUrl: 'javascript:alert(1)' })).toBe('#');
  });
});
