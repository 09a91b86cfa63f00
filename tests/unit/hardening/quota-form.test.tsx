// @vitest-environment happy-dom
// Quota exceeded while saving a review from the tooltip's verdict form: the reader sees a clear
// message, what they typed stays in the form, the other reviews are kept, and saving again works.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, expect, it } from 'vitest';
import { VerdictForm } from '../../../components/review/VerdictForm';
import type { SuppLensDB } from '../../../platform/db/database';
import { QUOTA_MESSAGE } from '../../../platform/db/faults';
import { saveReview } from '../../../platform/db/reviews';
import { testHandler } from '../background-fixtures';
import { draftFor, freshDb } from '../reviews/fixtures';

let db: SuppLensDB;
afterEach(() => {
  cleanup();
  db?.close();
});

it('a full disk keeps the typed review in the form and says so clearly', async () => {
  db = freshDb();
  const other = await saveReview(db, { ...draftFor('Zinc'), verdict: 'accurate', comment: 'Keep me' });
  const handle = testHandler(db);
  let full = true;
  const proto = (globalThis as unknown as { IDBObjectStore: { prototype: IDBObjectStore } }).IDBObjectStore
    .prototype;
  const put = proto.put;
  proto.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
    if (full && this.name === 'reviews')
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return put.apply(this, args);
  };
  try {
    const d = draftFor('fish oil');
    render(
      <VerdictForm
        anchor={{ pageUrl: d.pageUrl, pageTitle: d.pageTitle, quote: d.quote, position: d.position }}
        conceptId="fish-oil"
        conceptName="Fish oil"
        shownNoteIds={['n1']}
        kbVersion="kb"
        send={(m) => handle(structuredClone(m), { fromExtensionPage: true, tabId: 1 })}
      />,
    );
    fireEvent.click(screen.getByLabelText('Needs context'));
    const comment = screen.getByLabelText(/^Comment/) as HTMLTextAreaElement;
    fireEvent.input(comment, { target: { value: 'Two pages of careful notes' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save verdict' }));
    const status = await screen.findByText(`Not saved: ${QUOTA_MESSAGE}`);
    expect(status.getAttribute('role')).toBe('status');
    expect(comment.value).toBe('Two pages of careful notes');
    expect((screen.getByLabelText('Needs context') as HTMLInputElement).checked).toBe(true);
    expect(await db.reviews.toArray()).toEqual([other]);

    full = false;
    fireEvent.click(screen.getByRole('button', { name: 'Save verdict' }));
    await screen.findByText('Verdict saved.');
    const rows = await db.reviews.toArray();
    expect(rows).toHaveLength(2);
    expect(rows).toContainEqual(other);
    expect(rows.find((r) => r.id !== other.id)).toMatchObject({
      comment: 'Two pages of careful notes',
      verdict: 'needs-context',
    });
  } finally {
    proto.put = put;
  }
});
