// Next requires error boundaries to be client components.
"use client";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="page">
      <main className="main">
        <section className="card" role="alert">
          <h1>Something went wrong</h1>
          <p>We couldn&apos;t load the chat. Please try again in a moment.</p>
          <button type="button" className="button button-primary" onClick={reset}>
            Try again
          </button>
        </section>
      </main>
    </div>
  );
}
