import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/agent/auto-refresh";
import { LocalTime } from "@/components/local-time";
import { visitorDetails } from "@/lib/agent";
import { parseAttributes } from "@/lib/chat/wire";
import { getEnv } from "@/lib/env";
import { getTwilio } from "@/lib/twilio/client";

export const metadata: Metadata = { title: "Agent console" };

export default async function AgentConsole() {
  if (getEnv().mode !== "sandbox") notFound();
  const conversations = await getTwilio().client.conversations.v1.conversations.list({ state: "active", limit: 50 });

  return (
    <section className="card card-wide" aria-labelledby="agent-title">
      <AutoRefresh seconds={3} />
      <h1 id="agent-title">Agent console</h1>
      <p className="lead">
        Answer visitors as the Flex agent would. This console exists only in sandbox mode; with Twilio configured,
        agents use Flex.
      </p>
      <h2>Open conversations</h2>
      {conversations.length === 0 ? (
        <p className="empty">No open conversations. Start one from the chat page in another window.</p>
      ) : (
        <ul className="conversation-list">
          {conversations.map((conversation) => {
            const visitor = visitorDetails(parseAttributes(conversation.attributes));
            return (
              <li key={conversation.sid} className="conversation-item">
                <Link href={`/agent/${conversation.sid}`} className="conversation-link">
                  {visitor.name}
                </Link>
                <span className="conversation-time">
                  started <LocalTime iso={(conversation.dateCreated ?? new Date(0)).toISOString()} />
                </span>
                {visitor.email ? <span className="conversation-email">{visitor.email}</span> : null}
                {visitor.question ? <p className="conversation-question">{visitor.question}</p> : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
