import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { demoAvailable } from "@/lib/data/demo";
import { isLocale } from "@/lib/i18n/locales";
import "./demo.css";

export const metadata: Metadata = { title: "See both sides" };

/**
 * "See both sides" (sandbox only): the visitor's chat and the agent's side of it, side by side (stacked on a phone),
 * so one person can try the whole journey in one window. Two frames of this site: /chat, and /demo/agent, which acts
 * only on the chat the visitor's own cookie names.
 */
export default async function DemoPage({ searchParams }: { searchParams: Promise<{ lang?: string }> }) {
  if (!demoAvailable()) notFound();
  const { lang } = await searchParams;
  // The landing page's language goes on to the visitor's side (the agent's side is in English, as the console is).
  const chat = lang && isLocale(lang) ? `/chat?lang=${lang}` : "/chat";
  return (
    <section className="demo" aria-labelledby="demo-title">
      <header className="demo-intro">
        <h1 id="demo-title">See both sides</h1>
        <p>
          You are the visitor on one side and the agent on the other. Start a chat, accept it, reply, end it — each side
          shows what the other did. As the agent you see only your own chats.
        </p>
      </header>
      <div className="demo-sides">
        <iframe className="demo-side" src={chat} title="The visitor's chat" />
        <iframe className="demo-side" src="/demo/agent" title="The agent's side" />
      </div>
    </section>
  );
}
