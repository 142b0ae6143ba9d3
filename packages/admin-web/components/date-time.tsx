/** A timestamp, readable and machine-readable (UTC, so every reader sees the same). */
export function DateTime({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="muted">—</span>;
  const date = new Date(value);
  return <time dateTime={value}>{date.toISOString().replace('T', ' ').slice(0, 19)} UTC</time>;
}
