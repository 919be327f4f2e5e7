import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { acceptChat, dismissChat } from "@/app/(site)/agent/actions";
import { AutoRefresh } from "@/components/agent/auto-refresh";
import { LocalTime } from "@/components/local-time";
import { getEnv } from "@/lib/env";
import { readQueue, waitedFor, type ConsoleTask } from "@/lib/data/console";
import "./console.css";

export const metadata: Metadata = { title: "Agent console" };

function Problem({ text }: { text: string | undefined }) {
  return text ? (
    <p className="console-notice" role="alert">
      {text.slice(0, 200)}
    </p>
  ) : null;
}

const STATE_LABEL = { waiting: "Waiting", active: "Active", wrapping: "Wrap-up", left: "Visitor left" } as const;

/** Where the chat stands, as a labelled pill (its colour is a cue only: the word carries the meaning). */
function State({ task }: { task: ConsoleTask }) {
  const state =
    task.status === "wrapping"
      ? "wrapping"
      : task.conversationState === "closed"
        ? "left"
        : task.status === "assigned"
          ? "active"
          : "waiting";
  return <span className={`conversation-state conversation-state-${state}`}>{STATE_LABEL[state]}</span>;
}

function Waiting({ task }: { task: ConsoleTask }) {
  return (
    <>
      <span className="conversation-time">
        waiting <time dateTime={task.created}>{waitedFor(task.created)}</time> (since <LocalTime iso={task.created} />)
      </span>
      {task.visitor.email ? <span className="conversation-email">{task.visitor.email}</span> : null}
      {task.visitor.leftMessage ? <span className="conversation-state">Message left while closed</span> : null}
    </>
  );
}

/** Unread messages from the visitor, in words for screen readers, as a count for the eye. */
function Unread({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <span className="conversation-unread">
      <span aria-hidden="true">{count > 99 ? "99+" : count}</span>
      <span className="visually-hidden">{count === 1 ? "1 unread message" : `${count} unread messages`}</span>
    </span>
  );
}

/** The newest message, one line: who wrote it and what (or that it carries files). */
function LastMessage({ task }: { task: ConsoleTask }) {
  const last = task.lastMessage;
  if (!last) return null;
  const files = last.files === 1 ? "1 file" : `${last.files} files`;
  const text = last.text || (last.files > 0 ? `📎 ${files}` : "");
  return (
    <p className="conversation-last">
      <span className="conversation-last-who">{last.fromAgent ? "You" : task.visitor.name}:</span> {text}
    </p>
  );
}

/** Who, where the chat stands, and what is unread: the start of every row. */
function Summary({ task }: { task: ConsoleTask }) {
  return (
    <>
      <Link href={`/agent/${task.conversationSid}`} className="conversation-link">
        {task.visitor.name}
      </Link>
      <State task={task} />
      <Unread count={task.unread} />
    </>
  );
}

function Question({ task }: { task: ConsoleTask }) {
  return task.visitor.question ? <p className="conversation-question">{task.visitor.question}</p> : null;
}

export default async function AgentConsole({
  searchParams,
}: {
  searchParams: Promise<{ problem?: string; page?: string }>;
}) {
  if (getEnv().mode !== "sandbox") notFound();
  const { problem, page: pageParam } = await searchParams;
  const requested = Number.parseInt(pageParam ?? "1", 10);
  const { waiting, waitingTotal, page, pages, mine, unrouted } = readQueue(
    Number.isFinite(requested) ? requested - 1 : 0,
  );

  return (
    <section className="card card-wide" aria-labelledby="agent-title">
      <AutoRefresh seconds={3} />
      <h1 id="agent-title">Agent console</h1>
      <p className="lead">
        A small Flex for the sandbox: chats reach this queue the way Flex routes them (address → Studio “Send to Flex” →
        task). Accept one to join it. With Twilio configured, agents use Flex itself.
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
              <Summary task={task} />
              <Waiting task={task} />
              {task.conversationState === "closed" ? (
                <form action={dismissChat} className="conversation-actions">
                  <span className="conversation-time">The visitor has left.</span>
                  <input type="hidden" name="taskSid" value={task.taskSid} />
                  <button
                    type="submit"
                    className="button button-quiet button-small"
                    aria-label={`Dismiss ${task.visitor.name}`}
                  >
                    Dismiss
                  </button>
                </form>
              ) : (
                <form action={acceptChat} className="conversation-actions">
                  <input type="hidden" name="taskSid" value={task.taskSid} />
                  <button
                    type="submit"
                    className="button button-primary button-small"
                    aria-label={`Accept ${task.visitor.name}`}
                  >
                    Accept
                  </button>
                </form>
              )}
              <Question task={task} />
              {task.lastMessage && task.lastMessage.text !== task.visitor.question ? <LastMessage task={task} /> : null}
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
              <Summary task={task} />
              {task.rating ? <span className="conversation-time">Rated {task.rating.score} of 5</span> : null}
              <LastMessage task={task} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
