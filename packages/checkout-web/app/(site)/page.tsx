import Link from 'next/link';

export default function Home() {
  return (
    <section className="stack">
      <h1>Ducat checkout</h1>
      <p>
        Pay shops with your Ducat wallet or a card, keep track of your orders and manage your money
        in one place.
      </p>
      <p className="row">
        <Link className="button button-primary" href="/wallet">
          Open your wallet
        </Link>
        <Link className="button" href="/signup">
          Create an account
        </Link>
      </p>
    </section>
  );
}
