import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import { ChatScreen, historyParam } from "@/app/_components/chat-screen";
import { EmbedHost } from "@/components/embed/embed-host";
import { getEnv } from "@/lib/env";
import { answering } from "@/lib/widget-config";
import { getSession } from "@/lib/session";
import "@/components/embed/embed.css";

export const metadata: Metadata = { title: "Chat", robots: { index: false } };

/** This site's own origin, as the visitor's browser sees it (behind the hosting proxy). */
async function ownOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host");
  const proto = h.get("x-forwarded-proto") ?? (getEnv().nodeEnv === "production" ? "https" : "http");
  return `${proto.split(",")[0]}://${host}`;
}

/**
 * Whether the host page may invite this visitor now: someone answers chats, and no chat of theirs is under way or
 * just ended (the panel would show that chat, not the form the invitation opens).
 */
async function invitable(endedView: boolean): Promise<boolean> {
  const env = getEnv();
  if (endedView || !answering(env)) return false;
  const session = await getSession();
  return !session.conversationSid && !session.endedConversationSid;
}

/**
 * The chat as the launcher's panel shows it, inside an iframe (public/embed.js). `host` names the embedding page's
 * origin: this site or one of EMBED_ALLOWED_ORIGINS (frame-ancestors enforces the same list in the browser).
 */
export default async function EmbedPage({
  searchParams,
}: {
  searchParams: Promise<{ host?: string; ended?: string; context?: string; history?: string }>;
}) {
  const params = await searchParams;
  const self = await ownOrigin();
  const host = params.host ?? self;
  const allowed = host === self || getEnv().embedOrigins.includes(host);
  const t = await getTranslations("embed");
  return (
    <div className="embed">
      {allowed ? (
        <>
          <EmbedHost hostOrigin={host} invitable={await invitable(params.ended === "1")} />
          <ChatScreen
            surface={host === self ? "embed" : `embed:${host}`}
            ended={params.ended === "1"}
            context={params.context}
            history={historyParam(params.history)}
          />
        </>
      ) : (
        <section className="card" role="alert">
          <h1>{t("unavailableTitle")}</h1>
          <p>{t("unavailableBody")}</p>
        </section>
      )}
    </div>
  );
}
