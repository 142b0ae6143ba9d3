import { cn } from '../lib/cn';

export type FilterChip = { key: string; label: string; value: string; onRemove: () => void };

/**
 * The filters in force, each a chip with a button that removes it.
 *
 * @example
 * <FilterChips chips={[{ key: 'status', label: 'Status', value: 'Paid', onRemove }]} />
 */
export function FilterChips({
  chips,
  onClearAll,
  className,
}: {
  chips: FilterChip[];
  onClearAll?: () => void;
  className?: string;
}) {
  if (chips.length === 0) return null;
  return (
    <ul
      aria-label="Active filters"
      className={cn('my-2 flex list-none flex-wrap items-center gap-2 p-0', className)}
    >
      {chips.map((chip) => (
        <li
          key={chip.key}
          className="inline-flex items-center gap-1 rounded-full border border-border bg-muted py-0.5 pr-1 pl-3 text-sm"
        >
          <span className="text-muted-foreground">{chip.label}:</span>
          <span className="max-w-[16rem] truncate font-medium">{chip.value}</span>
          <button
            type="button"
            data-slot="chip-remove"
            aria-label={`Remove filter ${chip.label}: ${chip.value}`}
            onClick={chip.onRemove}
            className="inline-flex size-6 cursor-pointer items-center justify-center rounded-full text-base leading-none hover:bg-surface focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring"
          >
            <span aria-hidden="true">×</span>
          </button>
        </li>
      ))}
      {onClearAll && chips.length > 1 ? (
        <li>
          <button
            type="button"
            data-slot="chip-clear"
            onClick={onClearAll}
            className="cursor-pointer rounded-md px-2 py-0.5 text-sm text-link underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring"
          >
            Clear all
          </button>
        </li>
      ) : null}
    </ul>
  );
}
