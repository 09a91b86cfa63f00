// The options page's choices: a radio fieldset (a legend, then a labelled choice per option, each
// with an optional help line its input is described by) and a checkbox with its label and help.
import type { ComponentChildren } from 'preact';

export interface RadioChoice<T extends string> {
  value: T;
  label: ComponentChildren;
  help?: string;
}

export function RadioGroup<T extends string>({
  name,
  legend,
  choices,
  value,
  onChange,
}: {
  /** The inputs' shared name, also the prefix of their ids. */
  name: string;
  legend: string;
  choices: readonly RadioChoice<T>[];
  value: T;
  onChange(value: T): void;
}) {
  return (
    <fieldset class="sl-fieldset">
      <legend>{legend}</legend>
      {choices.map((c) => {
        const id = `${name}-${c.value}`;
        return (
          <div key={c.value} class="sl-radio">
            <input
              type="radio"
              id={id}
              name={name}
              value={c.value}
              checked={value === c.value}
              aria-describedby={c.help ? `${id}-help` : undefined}
              onChange={() => onChange(c.value)}
            />
            <label for={id}>{c.label}</label>
            {c.help && (
              <p id={`${id}-help`} class="sl-help">
                {c.help}
              </p>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

export function CheckRow({
  id,
  label,
  help,
  checked,
  onChange,
}: {
  id: string;
  label: ComponentChildren;
  help: ComponentChildren;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  return (
    <div class="sl-check-row">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        aria-describedby={`${id}-help`}
        onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={id}>{label}</label>
      <div id={`${id}-help`} class="sl-help">
        {help}
      </div>
    </div>
  );
}
