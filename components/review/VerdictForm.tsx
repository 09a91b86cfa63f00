// Verdict form for the tooltip frame (reviewer mode). Mounted with the anchor the content script
// sent in 'tooltip-open' and what the tooltip showed; saves through 'review-save'.
// See docs/reviewer-integration.md.
import { useEffect, useId, useState } from 'preact/hooks';
import type { ReviewAnchor } from '../../lib/messaging/review-protocol';
import type { Review } from '../../lib/reviews/model';
import { defaultSend, request, type Send } from './client';
import { VerdictFields, type VerdictValue } from './VerdictFields';
import './review.css';

export interface VerdictFormProps {
  /** Page URL and title, TextQuoteSelector and TextPositionSelector of the mention (page text only). */
  anchor: ReviewAnchor;
  conceptId: string;
  conceptName?: string;
  /** Ids of the evidence notes the tooltip showed, and the knowledge-base version they came from. */
  shownNoteIds: string[];
  kbVersion: string;
  /** The saved review of this mention, when known; otherwise fetched by anchor.reviewId. */
  existing?: Review | null;
  onSaved?: (review: Review) => void;
  onCancel?: () => void;
  /** Messaging, replaceable in tests. */
  send?: Send;
}

const EMPTY: VerdictValue = { comment: '', claimNote: '' };
const fromReview = (r: Review): VerdictValue => ({
  ...(r.verdict ? { verdict: r.verdict } : {}),
  comment: r.comment ?? '',
  claimNote: r.claimNote ?? '',
});

export function VerdictForm(props: VerdictFormProps) {
  const send = props.send ?? defaultSend;
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const [review, setReview] = useState<Review | null>(props.existing ?? null);
  const [value, setValue] = useState<VerdictValue>(props.existing ? fromReview(props.existing) : EMPTY);
  const [status, setStatus] = useState<{ kind: 'idle' | 'saving' | 'saved' | 'error'; text: string }>({
    kind: 'idle',
    text: '',
  });

  useEffect(() => {
    const reviewId = props.anchor.reviewId;
    if (props.existing !== undefined || !reviewId) return;
    let live = true;
    request(send, { type: 'review-get', id: reviewId })
      .then((r) => {
        if (live && r.review) {
          setReview(r.review);
          setValue(fromReview(r.review));
        }
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [props.anchor.reviewId]);

  async function submit(e: Event) {
    e.preventDefault();
    if (!value.verdict) {
      setStatus({ kind: 'error', text: 'Choose a verdict first.' });
      return;
    }
    setStatus({ kind: 'saving', text: 'Saving…' });
    const { anchor } = props;
    try {
      const reply = await request(send, {
        type: 'review-save',
        review: {
          ...(review ? { id: review.id } : anchor.reviewId ? { id: anchor.reviewId } : {}),
          pageUrl: anchor.pageUrl,
          pageTitle: anchor.pageTitle,
          conceptId: props.conceptId,
          quote: anchor.quote,
          position: anchor.position,
          verdict: value.verdict,
          comment: value.comment,
          claimNote: value.claimNote,
          shownNoteIds: props.shownNoteIds,
          kbVersion: props.kbVersion,
        },
      });
      setReview(reply.review);
      setStatus({ kind: 'saved', text: 'Verdict saved.' });
      props.onSaved?.(reply.review);
    } catch (err) {
      setStatus({ kind: 'error', text: `Not saved: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  return (
    <form
      class="sl-verdict-form"
      onSubmit={submit}
      aria-labelledby={`${id}-title`}
      data-supplens-verdict-form
    >
      <h3 class="sl-verdict-form__title" id={`${id}-title`}>
        {review ? 'Your review' : 'Review this annotation'}
        {props.conceptName ? `: ${props.conceptName}` : ''}
      </h3>
      <VerdictFields value={value} onChange={setValue} idPrefix={id} compact legend="Verdict" />
      <div class="sl-actions">
        <button type="submit" class="sl-button sl-button--primary" disabled={status.kind === 'saving'}>
          {review ? 'Update verdict' : 'Save verdict'}
        </button>
        {props.onCancel && (
          <button type="button" class="sl-button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
      <p class={`sl-status sl-status--${status.kind}`} role="status" aria-live="polite">
        {status.text}
      </p>
    </form>
  );
}
