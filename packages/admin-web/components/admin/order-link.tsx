import Link from 'next/link';

/** An order id that opens the order's full page (platform area). */
export function OrderLink({ orderId }: { orderId: string }) {
  return (
    <Link href={`/admin/orders/${orderId}`}>
      <code>{orderId}</code>
    </Link>
  );
}
