export const DISCLAIMER =
  'SuppLens informs; it does not give medical advice. Talk to a health professional before starting, stopping or changing a supplement or medicine.';

export function Disclaimer() {
  return (
    <p class="sl-disclaimer" role="note">
      {DISCLAIMER}
    </p>
  );
}
