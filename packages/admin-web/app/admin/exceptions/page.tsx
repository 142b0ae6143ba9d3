import { PageHeader, PageTitle } from '@ducat/ui';
import { ExceptionQueue } from '@/components/admin/exception-queue';

export default function ExceptionsPage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Exception queue</PageTitle>
      </PageHeader>
      <p className="muted">
        Payments that succeeded after their order had ended (<code>exception_checkout</code>). The
        money waits in suspense: refund the shopper, or honour the payment (the merchant is credited
        and the order succeeds).
      </p>
      <ExceptionQueue />
    </>
  );
}
