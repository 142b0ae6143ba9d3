export default function Home() {
  return (
    <main>
      <h1>Ducat portal</h1>
    </main>
  );
}
