import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { acceptDemoChat, completeDemoChat, endDemoChat, refreshDemoToken } from "@/app/(site)/demo/actions";
import { AgentConversation } from "@/components/agent/agent-conversation";
import { DemoRefresh } from "@/components/agent/demo-refresh";
import { ReadonlyMessages } from "@/components/agent/readonly-messages";
import { demoAvailable, readDemo } from "@/lib/data/demo";
import { getSession } from "@/lib/session";
import "@/components/chat/chat.css";
import "@/components/chat/log.css";
import "../../agent/console.css";

export const metadata: Metadata = { title: "The agent's side · See both sides" };

const DEMO_ACTIONS = { refreshToken: refreshDemoToken, endChat: endDemoChat };

/** The agent's side of the demo: the visitor's own chat only, from the queue to wrap-up. Rendering it only reads. */
export default async function DemoAgentPage({ searchParams }: { searchParams: Promise<{ problem?: string }> }) {
  if (!demoAvailable()) notFound();
  const { problem } = await searchParams;
  const view = await readDemo(await getSession());
  const notice = problem ? (
    <p className="console-notice" role="alert">
      {problem.slice(0, 200)}
    </p>
  ) : null;

  if (view.state === "none") {
    return (
      <section className="card" aria-labelledby="demo-agent-title">
        <h1 id="demo-agent-title">The agent&apos;s side</h1>
        {notice}
        <p className="lead">
          No chat yet. Start one on the visitor&apos;s side: it appears here when it reaches the queue.
        </p>
        <DemoRefresh />
      </section>
    );
  }
  const { conversation, visitor, task, token, agentIdentity, conversationSid } = view;
  if (token) {
    return (
      <>
        {notice}
        <AgentConversation
          conversationSid={conversationSid}
          identity={agentIdentity}
          visitorName={visitor.name}
          token={token}
          initialMessages={conversation.messages}
          initialState={conversation.state}
          actions={DEMO_ACTIONS}
        />
      </>
    );
  }
  const waiting = task && (task.status === "pending" || task.status === "reserved") && conversation.state !== "closed";
  const status = !task
    ? conversation.state === "closed"
      ? "This chat ended before it reached an agent."
      : "The visitor is with the bot: the chat reaches the queue when the flow sends it to Flex."
    : waiting
      ? "This chat is waiting in the queue. Accept it to join the conversation."
      : task.status === "wrapping"
        ? "The chat has ended. Complete the task when your notes are done."
        : "This chat is over. Start a new chat on the visitor's side to try again.";
  return (
    <section className="card card-wide" aria-labelledby="demo-agent-title">
      <h1 id="demo-agent-title">Chat with {visitor.name}</h1>
      {notice}
      <p className="lead">{status}</p>
      {waiting ? (
        <form action={acceptDemoChat}>
          <button type="submit" className="button button-primary" aria-label={`Accept ${visitor.name}`}>
            Accept
          </button>
        </form>
      ) : task?.status === "wrapping" ? (
        <form action={completeDemoChat}>
          <button type="submit" className="button button-primary">
            Complete
          </button>
        </form>
      ) : null}
      {conversation.messages.length > 0 ? (
        <ReadonlyMessages messages={conversation.messages} visitorName={visitor.name} agentIdentity={agentIdentity} />
      ) : null}
      {task?.status === "wrapping" ? null : <DemoRefresh />}
    </section>
  );
}
