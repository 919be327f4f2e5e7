import { getTranslations } from "next-intl/server";
import { ChatView } from "@/components/chat/lazy-chat-view";
import { EndedPanel } from "@/components/chat/ended-panel";
import { OfflinePanel } from "@/components/offline-panel";
import { PreEngagementForm } from "@/components/pre-engagement-form";
import { browserBackend, getEnv } from "@/lib/env";
import { TWILSOCK_PATH } from "@/lib/sandbox/twilsock/path";
import { isOpen } from "@/lib/hours";
import { activeChat, getSession, transcriptConversation } from "@/lib/session";
import type { Surface } from "@/lib/surface";
import { readVisitorContext } from "@/lib/visitor-context";
import { idleTimer } from "@/lib/idle";
import { visitorFormFields } from "@/lib/widget-config";
import { getTwilio } from "@/lib/twilio/client";
import { agentDisplayNames, loadConversation, mintAccessToken } from "@/lib/twilio/webchat";

/** The visitor's chat in whatever state the cookie says: the form, the live chat, or the ended view. */
export async function ChatScreen({ surface, ended, context }: { surface: Surface; ended: boolean; context?: string }) {
  const session = await getSession();
  const chat = activeChat(session);

  if (!chat && ended) {
    return (
      <section className="card">
        <EndedPanel
          headingLevel={1}
          surface={surface}
          transcript={transcriptConversation(session) !== null}
          rating={transcriptConversation(session) !== null}
        />
      </section>
    );
  }

  if (!chat) {
    // A chat already under way carries on after hours; only new ones wait for the team.
    const { hours } = getEnv();
    if (hours && !isOpen(hours)) return <OfflinePanel hours={hours} />;
    const t = await getTranslations("form");
    const env = getEnv();
    const fields = visitorFormFields(env);
    return (
      <section className="card" aria-labelledby="start-title">
        <h1 id="start-title">{t("title")}</h1>
        <p className="lead">{t("lead")}</p>
        <PreEngagementForm
          fields={fields}
          backend={browserBackend(env)}
          surface={surface}
          known={readVisitorContext(context, env.contextSecret, fields)}
          context={context}
        />
      </section>
    );
  }

  const twilio = getTwilio();
  // History is rendered into the HTML, so a reload shows it before the live connection is up.
  const conversation = await loadConversation(twilio, chat.conversationSid);
  if (!conversation || conversation.state === "closed") {
    return (
      <section className="card">
        <EndedPanel headingLevel={1} surface={surface} transcript={conversation !== null} rating={conversation !== null} />
      </section>
    );
  }

  const env = getEnv();
  return (
    <ChatView
      surface={surface}
      backend={browserBackend(env)}
      attachmentPolicy={env.attachments}
      agentNames={env.agentNames === "friendly" ? await agentDisplayNames(twilio, chat.conversationSid, chat.identity) : {}}
      conversationSid={chat.conversationSid}
      identity={chat.identity}
      token={mintAccessToken(twilio.settings, chat.identity, env.tokenTtl)}
      region={env.mode === "twilio" ? env.twilio.region : undefined}
      twilsock={env.mode === "sandbox" && env.sandboxClient === "sdk" ? TWILSOCK_PATH : undefined}
      initialMessages={conversation.messages}
      initialState={conversation.state}
      idleTimer={idleTimer(env)}
    />
  );
}
