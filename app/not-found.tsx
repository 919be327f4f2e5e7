import Link from "next/link";

export default function NotFound() {
  return (
    <div className="page">
      <main className="main">
        <section className="card">
          <h1>Page not found</h1>
          <p>There is nothing at this address.</p>
          <Link href="/chat" className="button button-primary">
            Go to the chat
          </Link>
        </section>
      </main>
    </div>
  );
}
