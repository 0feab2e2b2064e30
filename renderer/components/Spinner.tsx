/** A small busy indicator; its meaning is always given by nearby text or a label. */
export function Spinner({ label }: { label?: string }) {
  return label ? (
    <span className="spinner" role="img" aria-label={label} title={label} />
  ) : (
    <span className="spinner" aria-hidden="true" />
  );
}
