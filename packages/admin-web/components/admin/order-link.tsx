import { CopyButton, ShortId } from '@ducat/ui';
import Link from 'next/link';

/** An order id (short, copyable) that opens the order's full page (platform area). */
export function OrderLink({ orderId }: { orderId: string }) {
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap">
      <Link href={`/admin/orders/${orderId}`}>
        <ShortId value={orderId} />
      </Link>
      <CopyButton value={orderId} label="Copy order id" />
    </span>
  );
}
