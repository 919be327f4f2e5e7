import { getTranslations } from "next-intl/server";
import { EndedLog } from "@/components/chat/lazy-ended-log";
import { LocalDateTime } from "@/components/local-date-time";
import { readAgentNames, readPastChat, readPastChats } from "@/lib/data/visitor";
import { getEnv } from "@/lib/env";
import { historyIdentity, type SessionData } from "@/lib/session";
import { surfacePath, type Surface } from "@/lib/surface";
import { readKnownIdentity } from "@/lib/visitor-context";

/** `?history=all`: the list; `?history=CH…`: one earlier chat. */
export const HISTORY_LIST = "all";

/**
 * A known visitor's earlier chats (docs/features.md, "Returning visitors"): the list, newest first, or one of them
 * read-only with its transcript. Whose they are comes from the signed context in the URL or the cookie of a chat
 * started with one (lib/session historyIdentity); anyone else is told why there is nothing to show, and shown nothing.
 */
export async function HistoryView({
  surface,
  history,
  context,
  session,
}: {
  surface: Surface;
  history: string;
  context?: string;
  session: SessionData;
}) {
  const env = getEnv();
  const t = await getTranslations("history");
  const identity = historyIdentity(session, readKnownIdentity(context, env.contextSecret), Boolean(context));
  // Links keep the context they came with: it is what lets the next page show the same history.
  const href = (query: Record<string, string> = {}) =>
    surfacePath(surface, env.embedOrigins, { ...query, ...(context ? { context } : {}) });
  const back = (
    <a className="button button-quiet" href={href()}>
      {t("back")}
    </a>
  );

  if (!identity) {
    return (
      <section className="card" aria-labelledby="history-title">
        <h1 id="history-title">{t("title")}</h1>
        <p className="lead" role="alert">
          {context ? t("invalid") : t("unknown")}
        </p>
        <div className="history-actions">{back}</div>
      </section>
    );
  }

  if (history === HISTORY_LIST) {
    const chats = await readPastChats(identity).catch((error: unknown) => {
      console.error("history_list", error instanceof Error ? error.message : error);
      return null;
    });
    return (
      <section className="card" aria-labelledby="history-title">
        <h1 id="history-title">{t("title")}</h1>
        {chats === null ? (
          <p className="lead" role="alert">
            {t("failed")}
          </p>
        ) : chats.length === 0 ? (
          <p className="lead">{t("empty")}</p>
        ) : (
          <>
            <p className="lead">{t("lead")}</p>
            <ol className="history-list">
              {chats.map((chat) => (
                <li key={chat.conversationSid}>
                  <a className="history-item" href={href({ history: chat.conversationSid })}>
                    <span className="history-when">
                      <LocalDateTime iso={chat.startedAt} />
                    </span>
                    <span className="history-question">{chat.question ?? t("noQuestion")}</span>
                  </a>
                </li>
              ))}
            </ol>
          </>
        )}
        <div className="history-actions">{back}</div>
      </section>
    );
  }

  const chat = await readPastChat(identity, history).catch((error: unknown) => {
    console.error("history_chat", error instanceof Error ? error.message : error);
    return undefined;
  });
  const all = (
    <a className="button button-quiet" href={href({ history: HISTORY_LIST })}>
      {t("all")}
    </a>
  );
  if (!chat) {
    return (
      <section className="card" aria-labelledby="history-title">
        <h1 id="history-title">{t("conversationTitle")}</h1>
        <p className="lead" role="alert">
          {chat === null ? t("notFound") : t("failed")}
        </p>
        <div className="history-actions">
          {all}
          {back}
        </div>
      </section>
    );
  }
  // The agent has left the conversation since: their messages still name them.
  const agentNames = await readAgentNames(history, identity, { authors: chat.messages.map((m) => m.author) });
  const transcript = `/transcript?${new URLSearchParams({ conversation: history, ...(context ? { context } : {}) })}`;
  return (
    <section className="chat chat-ended" aria-labelledby="chat-title">
      <header className="chat-header">
        <div className="chat-heading">
          <h1 id="chat-title">{t("conversationTitle")}</h1>
          <p className="chat-subtitle">
            <LocalDateTime iso={chat.startedAt} />
          </p>
        </div>
      </header>
      <EndedLog messages={chat.messages} identity={identity} agentNames={agentNames} />
      <div className="ended-actions history-footer">
        {/* A plain link: the route answers with a file download, which client navigation must not intercept. */}
        <a href={transcript} className="button button-quiet" download>
          {t("transcript")}
        </a>
        {all}
        {back}
      </div>
    </section>
  );
}
