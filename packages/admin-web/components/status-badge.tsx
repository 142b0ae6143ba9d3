import { Badge } from '@ducat/ui';
import { statusInfo } from '@/lib/status';

/** A status in words with a colour (lib/status.ts); the words carry the meaning, not colour alone. */
export function StatusBadge({ status }: { status: string }) {
  const { label, tone } = statusInfo(status);
  return (
    <Badge tone={tone} data-status={status}>
      {label}
    </Badge>
  );
}
