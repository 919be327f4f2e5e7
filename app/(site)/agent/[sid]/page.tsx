import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { acceptChat, completeChat } from "@/app/(site)/agent/actions";
import { AgentConversation } from "@/components/agent/agent-conversation";
import { AGENT_IDENTITY, visitorDetails } from "@/lib/agent";
import { getEnv } from "@/lib/env";
import { agentHasJoined, fetchConversationTask } from "@/lib/sandbox/console";
import { isSid } from "@/lib/sandbox/sids";
import { getTwilio } from "@/lib/twilio/client";
import { loadConversation, mintAccessToken } from "@/lib/twilio/webchat";

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
  const env = getEnv();
  if (env.mode !== "sandbox" || !isSid(sid, "CH")) notFound();
  const twilio = getTwilio();
  const conversation = await loadConversation(twilio, sid);
  if (!conversation) notFound();

  const visitor = visitorDetails(conversation.attributes);
  const task = fetchConversationTask(sid);
  const participants = await twilio.client.conversations.v1.conversations(sid).participants.list({ limit: 20 });
  const visitorIdentity = participants.find((p) => p.identity && p.identity !== AGENT_IDENTITY)?.identity;
  const joined = agentHasJoined(sid);
  const taskLabel = !task
    ? "Never routed to Flex"
    : { pending: "Waiting", reserved: "Waiting", assigned: "In conversation", wrapping: "Wrap-up", completed: "Completed", canceled: "Canceled" }[task.status];

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
          <dt>Email</dt>
          <dd>{visitor.email ?? "Not given"}</dd>
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
          <dt>Question</dt>
          <dd className="details-question">{visitor.question ?? "Not given"}</dd>
          <dt>Task</dt>
          <dd className="details-task">{taskLabel}</dd>
          <dt>Rating</dt>
          <dd className="details-rating">
            {task?.rating ? `${task.rating.score} of 5${task.rating.comment ? ` — “${task.rating.comment}”` : ""}` : "Not rated"}
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
      {joined ? (
        <AgentConversation
          conversationSid={sid}
          identity={AGENT_IDENTITY}
          visitorName={visitor.name}
          token={mintAccessToken(twilio.settings, AGENT_IDENTITY, env.tokenTtl)}
          initialMessages={conversation.messages}
          initialState={conversation.state}
        />
      ) : (
        <section className="card" aria-labelledby="agent-chat-title">
          <h1 id="agent-chat-title">Chat with {visitor.name}</h1>
          {task && (task.status === "pending" || task.status === "reserved") && conversation.state !== "closed" ? (
            <form action={acceptChat}>
              <p className="lead">This chat is waiting in the queue. Accept it to join the conversation.</p>
              <input type="hidden" name="taskSid" value={task.taskSid} />
              <button type="submit" className="button button-primary" aria-label={`Accept ${visitor.name}`}>
                Accept
              </button>
            </form>
          ) : (
            <p className="lead">
              {task ? "You are not in this conversation." : "This conversation never reached Flex, so no agent can accept it."}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
