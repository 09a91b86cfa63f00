// One radio fieldset of the options page: a legend, then a labelled choice per option, each with an
// optional help line its input is described by.
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
