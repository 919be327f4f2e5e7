import { headers } from "next/headers";
import Link from "next/link";

/**
 * The hosted site's landing page: a stand-in for a contact center's own website, with the chat launcher in the
 * corner — the same public/embed.js that other sites include.
 */
export default async function Home() {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <section className="card landing" aria-labelledby="landing-title">
      <h1 id="landing-title">We&apos;re here to help</h1>
      <p className="lead">
        Questions about an order, your account or anything else? Our team answers live, in English, Spanish and
        Arabic.
      </p>
      <ul className="landing-points">
        <li>Use the chat button in the corner to talk to us without leaving this page.</li>
        <li>Prefer a whole window? The chat also has its own page.</li>
      </ul>
      <p>
        <Link href="/chat" className="button button-primary">
          Open the full-page chat
        </Link>
      </p>
      {/* The launcher: one script tag, exactly what an embedding site adds. */}
      <script src="/embed.js" nonce={nonce} async />
    </section>
  );
}
