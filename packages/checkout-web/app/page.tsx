export default function Home() {
  return (
    <main>
      <h1>Ducat checkout</h1>
    </main>
  );
}
