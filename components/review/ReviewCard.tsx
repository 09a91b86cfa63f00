// One saved review on the review page: quote in context, verdict, texts, page link, actions.
import { useId, useState } from 'preact/hooks';
import { type Review, VERDICT_LABELS } from '../../lib/reviews/model';
import { openPageUrl } from './open-url';
import { VerdictFields, type VerdictValue } from './VerdictFields';

export interface ReviewCardProps {
  review: Review;
  conceptName?: string;
  onDelete: (review: Review) => void;
  onSave: (review: Review, value: VerdictValue) => Promise<void>;
}

const date = (iso: string) => iso.slice(0, 10);
const squash = (s: string) => s.replace(/\s+/g, ' ');

export function ReviewCard({ review: r, conceptName, onDelete, onSave }: ReviewCardProps) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState<VerdictValue>({ comment: '', claimNote: '' });
  const [error, setError] = useState('');
  const title = conceptName ?? (r.conceptId || 'No concept');

  function startEdit() {
    setValue({
      ...(r.verdict ? { verdict: r.verdict } : {}),
      comment: r.comment ?? '',
      claimNote: r.claimNote ?? '',
    });
    setError('');
    setEditing(true);
  }

  async function save(e: Event) {
    e.preventDefault();
    try {
      await onSave(r, value);
      setEditing(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <li class="sl-review" data-review-id={r.id}>
      <article aria-labelledby={`${id}-t`}>
        <div class="sl-review__head">
          <h3 class="sl-review__title" id={`${id}-t`}>
            {title}
          </h3>
          <span class={`sl-verdict-badge sl-verdict-badge--${r.verdict ?? 'none'}`}>
            {r.verdict ? VERDICT_LABELS[r.verdict] : 'No verdict'}
          </span>
          {r.anchorStatus?.status === 'orphan' && (
            <span class="sl-badge sl-badge--orphan" title={`Checked ${date(r.anchorStatus.checkedAt)}`}>
              Orphan: not found on the page at the last visit
            </span>
          )}
          {r.anchorStatus?.method === 'fuzzy' && <span class="sl-badge">Found again approximately</span>}
        </div>
        <blockquote class="sl-review__quote">
          {r.quote.prefix && `…${squash(r.quote.prefix)}`}
          <mark>{squash(r.quote.exact)}</mark>
          {r.quote.suffix && `${squash(r.quote.suffix)}…`}
        </blockquote>
        {!editing && r.comment && (
          <p class="sl-review__text">
            <strong>Comment:</strong> {r.comment}
          </p>
        )}
        {!editing && r.claimNote && (
          <p class="sl-review__text">
            <strong>Note on the article's claim:</strong> {r.claimNote}
          </p>
        )}
        <p class="sl-review__meta">
          <a href={openPageUrl(r)} target="_blank" rel="noopener noreferrer">
            {r.pageTitle || r.pageUrl}
          </a>{' '}
          · {r.site || 'local file'} · Recorded {date(r.createdAt)}
          {r.updatedAt.slice(0, 10) !== r.createdAt.slice(0, 10) ? `, updated ${date(r.updatedAt)}` : ''}
          {r.shownNoteIds.length
            ? ` · ${r.shownNoteIds.length} evidence note${r.shownNoteIds.length === 1 ? '' : 's'} shown`
            : ''}
        </p>
        {editing ? (
          <form class="sl-verdict-form" onSubmit={save} aria-label={`Edit review: ${title}`}>
            <VerdictFields value={value} onChange={setValue} idPrefix={`${id}-e`} legend="Verdict" />
            <div class="sl-actions">
              <button type="submit" class="sl-button sl-button--primary">
                Save changes
              </button>
              <button type="button" class="sl-button" onClick={() => setEditing(false)}>
                Cancel
              </button>
            </div>
            <p class="sl-status sl-status--error" role="status">
              {error}
            </p>
          </form>
        ) : (
          <div class="sl-actions">
            <button type="button" class="sl-button" onClick={startEdit} aria-label={`Edit review: ${title}`}>
              Edit
            </button>
            <button
              type="button"
              class="sl-button"
              onClick={() => onDelete(r)}
              aria-label={`Delete review: ${title}`}
            >
              Delete
            </button>
          </div>
        )}
      </article>
    </li>
  );
}
