// The reviewer's inputs: a verdict, an optional comment, an optional note on the article's claim.
// Controlled; shared by the tooltip's VerdictForm and the review page's edit form.
import { VERDICT_LABELS, VERDICTS, type Verdict } from '../../lib/reviews/model';

export const VERDICT_HINTS: Record<Verdict, string> = {
  accurate: 'SuppLens found the right thing and showed relevant evidence.',
  'misleading-claim': "The article's claim goes beyond or against the evidence.",
  'needs-context': 'Not wrong, but something important is left out.',
  'wrong-detection': 'SuppLens highlighted text that is not about this concept.',
};

export interface VerdictValue {
  verdict?: Verdict;
  comment: string;
  claimNote: string;
}

export interface VerdictFieldsProps {
  value: VerdictValue;
  onChange: (next: VerdictValue) => void;
  /** Unique per form on the page, for label/input ids and the radio group name. */
  idPrefix: string;
  legend?: string;
  compact?: boolean;
}

export function VerdictFields({
  value,
  onChange,
  idPrefix,
  legend = 'Verdict',
  compact = false,
}: VerdictFieldsProps) {
  return (
    <div class={`sl-verdict-fields${compact ? ' sl-verdict-fields--compact' : ''}`}>
      <fieldset class="sl-verdict-fields__choices">
        <legend>{legend}</legend>
        {VERDICTS.map((v) => (
          <label key={v} class="sl-verdict-fields__choice" for={`${idPrefix}-v-${v}`}>
            <input
              type="radio"
              id={`${idPrefix}-v-${v}`}
              name={`${idPrefix}-verdict`}
              value={v}
              checked={value.verdict === v}
              required
              aria-describedby={compact ? undefined : `${idPrefix}-h-${v}`}
              onChange={() => onChange({ ...value, verdict: v })}
            />
            <span class={`sl-verdict-badge sl-verdict-badge--${v}`}>{VERDICT_LABELS[v]}</span>
            {!compact && (
              <span class="sl-verdict-fields__hint" id={`${idPrefix}-h-${v}`}>
                {VERDICT_HINTS[v]}
              </span>
            )}
          </label>
        ))}
      </fieldset>
      <label class="sl-field" for={`${idPrefix}-comment`}>
        Comment <span class="sl-field__optional">(optional)</span>
      </label>
      <textarea
        id={`${idPrefix}-comment`}
        class="sl-textarea"
        rows={compact ? 2 : 3}
        maxLength={20_000}
        value={value.comment}
        onInput={(e) => onChange({ ...value, comment: e.currentTarget.value })}
      />
      <label class="sl-field" for={`${idPrefix}-claim`}>
        Note on the article's claim <span class="sl-field__optional">(optional)</span>
      </label>
      <textarea
        id={`${idPrefix}-claim`}
        class="sl-textarea"
        rows={compact ? 2 : 3}
        maxLength={20_000}
        value={value.claimNote}
        onInput={(e) => onChange({ ...value, claimNote: e.currentTarget.value })}
      />
    </div>
  );
}
