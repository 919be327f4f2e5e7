import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { acceptChat, dismissChat } from "@/app/(site)/agent/actions";
import { AutoRefresh } from "@/components/agent/auto-refresh";
import { LocalTime } from "@/components/local-time";
import { getEnv } from "@/lib/env";
import { fetchQueue, type ConsoleTask } from "@/lib/sandbox/console";

export const metadata: Metadata = { title: "Agent console" };

function Problem({ text }: { text: string | undefined }) {
  return text ? (
    <p className="console-notice" role="alert">
      {text.slice(0, 200)}
    </p>
  ) : null;
}

function Waiting({ task }: { task: ConsoleTask }) {
  return (
    <>
      <span className="conversation-time">
        waiting since <LocalTime iso={task.created} />
      </span>
      {task.visitor.email ? <span className="conversation-email">{task.visitor.email}</span> : null}
    </>
  );
}

function Question({ task }: { task: ConsoleTask }) {
  return task.visitor.question ? <p className="conversation-question">{task.visitor.question}</p> : null;
}

export default async function AgentConsole({ searchParams }: { searchParams: Promise<{ problem?: string; page?: string }> }) {
  if (getEnv().mode !== "sandbox") notFound();
  const { problem, page: pageParam } = await searchParams;
  const requested = Number.parseInt(pageParam ?? "1", 10);
  const { waiting, waitingTotal, page, pages, mine, unrouted } = fetchQueue(Number.isFinite(requested) ? requested - 1 : 0);

  return (
    <section className="card card-wide" aria-labelledby="agent-title">
      <AutoRefresh seconds={3} />
      <h1 id="agent-title">Agent console</h1>
      <p className="lead">
        A small Flex for the sandbox: chats reach this queue the way Flex routes them (address → Studio “Send to
        Flex” → task). Accept one to join it. With Twilio configured, agents use Flex itself.
      </p>
      <p>
        <Link href="/agent/mail">Mail sent by the app</Link>
      </p>
      <Problem text={problem} />
      {unrouted > 0 ? (
        <p className="console-notice" role="status">
          {unrouted === 1 ? "1 open conversation has" : `${unrouted} open conversations have`} never reached Flex: no
          message in {unrouted === 1 ? "it" : "them"} fired the address&apos;s webhook, so no task was created.
        </p>
      ) : null}

      <h2 id="queue-title">Waiting ({waitingTotal})</h2>
      {waiting.length === 0 ? (
        <p className="empty">Nobody is waiting. Start a chat from the chat page in another window.</p>
      ) : (
        <ul className="conversation-list" aria-labelledby="queue-title">
          {waiting.map((task) => (
            <li key={task.taskSid} className="conversation-item">
              <Link href={`/agent/${task.conversationSid}`} className="conversation-link">
                {task.visitor.name}
              </Link>
              <Waiting task={task} />
              {task.conversationState === "closed" ? (
                <form action={dismissChat} className="conversation-actions">
                  <span className="conversation-time">The visitor has left.</span>
                  <input type="hidden" name="taskSid" value={task.taskSid} />
                  <button type="submit" className="button button-quiet button-small" aria-label={`Dismiss ${task.visitor.name}`}>
                    Dismiss
                  </button>
                </form>
              ) : (
                <form action={acceptChat} className="conversation-actions">
                  <input type="hidden" name="taskSid" value={task.taskSid} />
                  <button type="submit" className="button button-primary button-small" aria-label={`Accept ${task.visitor.name}`}>
                    Accept
                  </button>
                </form>
              )}
              <Question task={task} />
            </li>
          ))}
        </ul>
      )}

      {pages > 1 ? (
        <nav className="queue-pages" aria-label="Queue pages">
          {page > 0 ? <Link href={`/agent?page=${page}`}>← Earlier</Link> : null}
          <span>
            Page {page + 1} of {pages}
          </span>
          {page + 1 < pages ? <Link href={`/agent?page=${page + 2}`}>Later →</Link> : null}
        </nav>
      ) : null}

      <h2 id="mine-title">Your chats ({mine.length})</h2>
      {mine.length === 0 ? (
        <p className="empty">You have no chats. Accept one from the queue.</p>
      ) : (
        <ul className="conversation-list" aria-labelledby="mine-title">
          {mine.map((task) => (
            <li key={task.taskSid} className="conversation-item">
              <Link href={`/agent/${task.conversationSid}`} className="conversation-link">
                {task.visitor.name}
              </Link>
              <span className="conversation-time">{task.status === "wrapping" ? "Wrap-up" : "In conversation"}</span>
              {task.rating ? <span className="conversation-time">Rated {task.rating.score} of 5</span> : null}
              <Question task={task} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
