/** A status word with a colour class; the word itself carries the meaning (not colour alone). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status.replace(/[^a-z_]/g, '')}`}>{status}</span>;
}
