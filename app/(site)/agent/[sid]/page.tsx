import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { acceptChat, completeChat } from "@/app/(site)/agent/actions";
import { AgentConversation } from "@/components/agent/agent-conversation";
import { ReadonlyMessages } from "@/components/agent/readonly-messages";
import { AGENT_IDENTITY, readConversation } from "@/lib/data/console";
import { getEnv } from "@/lib/env";
import { isSid } from "@/lib/sid";
import "@/components/chat/chat.css";
import "@/components/chat/log.css";
import "../console.css";

export const metadata: Metadata = { title: "Conversation · Agent console" };

/** One conversation in the console. Rendering it only reads: accepting is the queue's Accept button. */
export default async function AgentConversationPage({
  params,
  searchParams,
}: {
  params: Promise<{ sid: string }>;
  searchParams: Promise<{ problem?: string }>;
}) {
  const { sid } = await params;
  const { problem } = await searchParams;
  if (getEnv().mode !== "sandbox" || !isSid(sid, "CH")) notFound();
  const view = await readConversation(sid);
  if (!view) notFound();
  const { conversation, visitor, visitorIdentity, task, token } = view;
  const waiting =
    task && (task.status === "pending" || task.status === "reserved") && conversation.state !== "closed" ? task : null;
  const taskLabel = !task
    ? "Never routed to Flex"
    : {
        pending: "Waiting",
        reserved: "Waiting",
        assigned: "In conversation",
        wrapping: "Wrap-up",
        completed: "Completed",
        canceled: "Canceled",
      }[task.status];

  return (
    <div className="agent-layout">
      <aside className="card agent-aside" aria-labelledby="visitor-title">
        <p>
          <Link href="/agent">← All chats</Link>
        </p>
        <h2 id="visitor-title">Visitor</h2>
        <dl className="details">
          <dt>Name</dt>
          <dd>{visitor.name}</dd>
          {/* Every configured field of the form (lib/widget-config.ts), in its order, with its English label. */}
          {visitor.answers.map((answer) => (
            <div key={answer.name} className={`details-field details-field-${answer.name}`}>
              <dt>{answer.label}</dt>
              <dd>{answer.value ?? "Not given"}</dd>
            </div>
          ))}
          <dt>Visitor ID</dt>
          <dd className="details-id">{visitorIdentity ?? "Unknown"}</dd>
          <dt>Page</dt>
          <dd className="details-page">
            {visitor.page ? (
              <>
                {visitor.page.title || "Untitled page"} <span className="details-path">{visitor.page.path}</span>
              </>
            ) : (
              "Not known"
            )}
          </dd>
          {visitor.leftMessage ? (
            <>
              <dt>Left</dt>
              <dd className="details-left">A message while closed: the visitor expects the reply by email.</dd>
            </>
          ) : null}
          <dt>Task</dt>
          <dd className="details-task">{taskLabel}</dd>
          <dt>Rating</dt>
          <dd className="details-rating">
            {task?.rating
              ? `${task.rating.score} of 5${task.rating.comment ? ` — “${task.rating.comment}”` : ""}`
              : "Not rated"}
          </dd>
        </dl>
        {problem ? (
          <p className="console-notice" role="alert">
            {problem.slice(0, 200)}
          </p>
        ) : null}
        {task?.status === "wrapping" ? (
          <form action={completeChat}>
            <input type="hidden" name="taskSid" value={task.taskSid} />
            <input type="hidden" name="conversationSid" value={sid} />
            <button type="submit" className="button button-primary">
              Complete
            </button>
          </form>
        ) : null}
      </aside>
      {token ? (
        <AgentConversation
          conversationSid={sid}
          identity={AGENT_IDENTITY}
          visitorName={visitor.name}
          token={token}
          initialMessages={conversation.messages}
          initialState={conversation.state}
        />
      ) : task && (task.status === "wrapping" || task.status === "completed") ? (
        // The agent has left the conversation (End chat or the visitor's end take them out of it, as Flex does):
        // wrap-up still shows what was said, read-only.
        <section className="chat" aria-labelledby="agent-chat-title">
          <header className="chat-header">
            <div>
              <h1 id="agent-chat-title">Chat with {visitor.name}</h1>
              <p className="chat-subtitle">
                You have left this conversation. Complete the task when your notes are done.
              </p>
            </div>
          </header>
          <ReadonlyMessages
            messages={conversation.messages}
            visitorName={visitor.name}
            agentIdentity={AGENT_IDENTITY}
          />
          {conversation.state === "closed" ? (
            <p className="ended-note" role="status">
              This conversation is closed.
            </p>
          ) : null}
        </section>
      ) : (
        <section className="card" aria-labelledby="agent-chat-title">
          <h1 id="agent-chat-title">Chat with {visitor.name}</h1>
          {waiting ? (
            <>
              <form action={acceptChat}>
                <p className="lead">This chat is waiting in the queue. Accept it to join the conversation.</p>
                <input type="hidden" name="taskSid" value={waiting.taskSid} />
                <button type="submit" className="button button-primary" aria-label={`Accept ${visitor.name}`}>
                  Accept
                </button>
              </form>
              {/* What happened before the hand-off (the flow's bot, the visitor), as Flex shows a chat on offer. */}
              {conversation.messages.length > 0 ? (
                <ReadonlyMessages
                  messages={conversation.messages}
                  visitorName={visitor.name}
                  agentIdentity={AGENT_IDENTITY}
                />
              ) : null}
            </>
          ) : (
            <p className="lead">
              {task
                ? "You are not in this conversation."
                : "This conversation never reached Flex, so no agent can accept it."}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
