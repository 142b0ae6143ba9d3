import { Button, PageDescription, PageHeader, PageTitle } from '@ducat/ui';
import Link from 'next/link';

export default function Home() {
  return (
    <section className="grid max-w-2xl gap-4">
      <PageHeader>
        <PageTitle>Ducat checkout</PageTitle>
        <PageDescription>
          Pay shops with your Ducat wallet or a card, keep track of your orders and manage your
          money in one place.
        </PageDescription>
      </PageHeader>
      <div className="flex flex-wrap gap-3">
        <Button asChild>
          <Link href="/wallet">Open your wallet</Link>
        </Button>
        <Button asChild variant="outline">
          <Link href="/signup">Create an account</Link>
        </Button>
      </div>
    </section>
  );
}
