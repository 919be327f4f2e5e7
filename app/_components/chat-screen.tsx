import { getTranslations } from "next-intl/server";
import { BrandLogo } from "@/components/brand-logo";
import { EndedLog } from "@/components/chat/lazy-ended-log";
import { EndedPanel } from "@/components/chat/ended-panel";
import { ChatView } from "@/components/chat/lazy-chat-view";
import { HISTORY_LIST, HistoryView } from "@/app/_components/history-view";
import { HoursNote, OfflinePanel } from "@/components/offline-panel";
import { PreEngagementForm } from "@/components/pre-engagement-form";
import {
  browserConnection,
  readAgentNames,
  readConversation,
  visitorToken,
  type ConversationView,
} from "@/lib/data/visitor";
import { getEnv } from "@/lib/env";
import { idleTimer } from "@/lib/idle";
import { RESUME_LINK_DAYS } from "@/lib/replies/link";
import { activeChat, getSession, transcriptConversation } from "@/lib/session";
import { surfacePath, type Surface } from "@/lib/surface";
import { readKnownIdentity, readVisitorContext } from "@/lib/visitor-context";
import { answering, leaveMessageFields, visitorFormFields, widgetConfig } from "@/lib/widget-config";
import "@/components/chat/chat.css";
import "@/components/chat/log.css";

// The page-level Server Component of /chat and /embed: it reads the cookie and the data layer (lib/data/visitor.ts)
// and hands components/ what they render. Rendering only reads.

/** `?history=`: `all` or a conversation SID; anything else (or a repeated parameter) shows the chat. */
export function historyParam(value: unknown): string | undefined {
  return typeof value === "string" && (value === HISTORY_LIST || /^CH[0-9a-fA-F]{32}$/.test(value)) ? value : undefined;
}

/** The visitor's chat in whatever state the cookie says: the form, the live chat, or the ended view. */
export async function ChatScreen({
  surface,
  ended,
  context,
  link,
  history,
}: {
  surface: Surface;
  ended: boolean;
  context?: string;
  /** An email's link back to a chat that could not be followed: said above the form. */
  link?: "expired" | "invalid";
  /** A known visitor's earlier chats: `all`, or one conversation's SID. */
  history?: string;
}) {
  const session = await getSession();
  if (history) return <HistoryView surface={surface} history={history} context={context} session={session} />;
  const chat = activeChat(session);
  // Where a known visitor finds their earlier chats: the cookie vouches for them once their chat has started.
  const historyHref = session.known
    ? surfacePath(surface, getEnv().embedOrigins, { history: HISTORY_LIST })
    : undefined;

  if (!chat && ended) {
    return (
      <EndedView
        surface={surface}
        conversationSid={transcriptConversation(session)}
        identity={session.identity}
        historyHref={historyHref}
      />
    );
  }

  if (!chat) {
    // A chat already under way carries on after hours; a new one is left as a message for the team.
    const env = getEnv();
    const open = answering(env);
    const fields = open ? visitorFormFields(env) : leaveMessageFields(env);
    if (!fields) return <OfflinePanel hours={env.hours} />;
    const named = readKnownIdentity(context, env.contextSecret) !== null;
    const [t, tResume, tChat] = await Promise.all([
      getTranslations("form"),
      getTranslations("resume"),
      getTranslations("chat"),
    ]);
    return (
      <section className="card" aria-labelledby="start-title">
        <div className="brand-heading">
          <BrandLogo src={widgetConfig.brand.logo} />
          <h1 id="start-title">{open ? t("title") : t("messageTitle")}</h1>
        </div>
        {link ? (
          <p className="banner banner-warning form-link-notice" role="alert">
            {link === "expired" ? tResume("expired", { days: RESUME_LINK_DAYS }) : tResume("invalid")}
          </p>
        ) : null}
        <p className="lead">{open ? t("lead") : t("messageLead")}</p>
        {!open && env.hours ? (
          <div className="form-hours">
            <HoursNote hours={env.hours} />
          </div>
        ) : null}
        <PreEngagementForm
          mode={open ? "chat" : "message"}
          fields={fields}
          backend={browserConnection().backend}
          surface={surface}
          known={readVisitorContext(context, env.contextSecret, fields)}
          context={context}
          named={named}
        />
        {named ? (
          <p className="form-history">
            <a href={surfacePath(surface, env.embedOrigins, { history: HISTORY_LIST, context: context! })}>
              {tChat("previous")}
            </a>
          </p>
        ) : null}
      </section>
    );
  }

  const env = getEnv();
  // History is rendered into the HTML, so a reload shows it before the live connection is up; the agents' names
  // are read alongside it (AGENT_NAMES=friendly), not after it.
  const [conversation, agentNames] = await Promise.all([
    readConversation(chat.conversationSid),
    readAgentNames(chat.conversationSid, chat.identity),
  ]);
  if (!conversation || conversation.state === "closed") {
    return (
      <EndedView
        surface={surface}
        conversationSid={conversation ? chat.conversationSid : null}
        identity={chat.identity}
        loaded={conversation}
        historyHref={historyHref}
      />
    );
  }

  return (
    <ChatView
      surface={surface}
      logo={widgetConfig.brand.logo}
      {...browserConnection()}
      attachmentPolicy={env.attachments}
      agentNames={agentNames}
      liveAgentNames={env.agentNames === "friendly"}
      conversationSid={chat.conversationSid}
      identity={chat.identity}
      token={visitorToken(chat.identity)}
      initialMessages={conversation.messages}
      initialState={conversation.state}
      // A message left for the team waits for it: no "Still there?", no timer to end it.
      idleTimer={session.leftMessageFor ? undefined : idleTimer(env)}
      leftMessageFor={session.leftMessageFor}
      historyHref={historyHref}
    />
  );
}

/**
 * The chat after its end: the conversation stays on screen, read-only, and only the composer's place changes — the
 * thank-you, the optional rating, the transcript and Start new chat. Without the conversation (gone, or unreadable
 * right now), the ended card alone.
 */
async function EndedView({
  surface,
  conversationSid,
  identity,
  loaded,
  historyHref,
}: {
  surface: Surface;
  conversationSid: string | null;
  identity: string | undefined;
  loaded?: ConversationView | null;
  historyHref?: string;
}) {
  const conversation = loaded ?? (conversationSid ? await readConversation(conversationSid).catch(() => null) : null);
  if (!conversation || !conversationSid || !identity) {
    return (
      <section className="card">
        <EndedPanel
          headingLevel={1}
          surface={surface}
          transcript={conversationSid !== null}
          rating={conversationSid !== null}
          historyHref={historyHref}
        />
      </section>
    );
  }
  const t = await getTranslations("chat");
  // The agent has usually left the conversation by now (wrap-up): their messages still name them.
  const agentNames = await readAgentNames(conversationSid, identity, {
    authors: conversation.messages.map((m) => m.author),
  });
  return (
    <section className="chat chat-ended" aria-labelledby="chat-title">
      <header className="chat-header">
        <div className="chat-heading">
          <h1 id="chat-title">{t("title")}</h1>
          <p className="chat-subtitle">{t("closedSubtitle")}</p>
        </div>
      </header>
      <EndedLog messages={conversation.messages} identity={identity} agentNames={agentNames} />
      <EndedPanel surface={surface} transcript rating historyHref={historyHref} />
    </section>
  );
}
