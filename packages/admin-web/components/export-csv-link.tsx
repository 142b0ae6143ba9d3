import { buttonVariants } from '@ducat/ui';

/**
 * "Export CSV" of exactly the filter the list shows: a plain download link to the streamed
 * export (`/portal/exports/orders.csv`), so the browser saves it as it arrives.
 */
export function ExportCsvLink({ filter }: { filter: Record<string, string | number | undefined> }) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  return (
    <a
      href={`/portal/exports/orders.csv?${params.toString()}`}
      download
      className={buttonVariants({ variant: 'outline', size: 'sm' })}
    >
      Export CSV
    </a>
  );
}
