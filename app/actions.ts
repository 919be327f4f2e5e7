"use server";

import { getLocale, getTranslations } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getEnv } from "@/lib/env";
import { isOpen } from "@/lib/hours";
import { LOCALE_COOKIE } from "@/lib/i18n/locales";
import { readPreEngagement, type Translate } from "@/lib/pre-engagement";
import { CONVERSATION_WEBHOOK_PATH } from "@/lib/transcript-request";
import { isLocale } from "@/lib/i18n/locales";
import { readPageContext, type PageContext } from "@/lib/embed/protocol";
import { chatStartLimiter } from "@/lib/rate-limit-instance";
import { clientIp, limitMessage } from "@/lib/rate-limit";
import { activeChat, getSession, transcriptConversation } from "@/lib/session";
import { agentNamesOnce } from "@/lib/agent-names";
import { RATING_COMMENT_MAX, rateConversation } from "@/lib/twilio/rating";
import { withoutControlCharacters } from "@/lib/text";
import { z } from "zod";
import { localeCookieOptions } from "@/lib/session-cookie";
import { THEME_HEADER } from "@/lib/request-preferences";
import { THEME_COOKIE, isTheme } from "@/lib/theme";
import { readVisitorContext } from "@/lib/visitor-context";
import { visitorFormFields, widgetConfig } from "@/lib/widget-config";
import { surfaceOf, surfacePath, type Surface } from "@/lib/surface";
import { getTwilio } from "@/lib/twilio/client";
import { describeTwilioError } from "@/lib/twilio/errors";
import {
  PreEngagementTooLarge,
  WebChatStartFailed,
  agentDisplayNames,
  endWebChat,
  fetchConversationState,
  mintAccessToken,
  restartTimers,
  startWebChat,
} from "@/lib/twilio/webchat";

export type StartChatState =
  | { status: "idle" }
  | {
      status: "error";
      message: string;
      fieldErrors?: Record<string, string[]>;
      /** The visitor's own input, so a form submitted without JavaScript comes back filled in. */
      values: Record<string, string>;
      /** The signed visitor context was refused (expired, say): the form asks for everything again. */
      contextRejected?: boolean;
    };

function echo(formData: FormData): Record<string, string> {
  return Object.fromEntries(
    widgetConfig.preEngagement.fields.map((f) => [f.name, String(formData.get(f.name) ?? "").slice(0, 2000)]),
  );
}

export async function startChat(_previous: StartChatState, formData: FormData): Promise<StartChatState> {
  const t = (await getTranslations()) as unknown as Translate;
  const env = getEnv();
  const fields = visitorFormFields(env);
  // A signed context from the embedding site's server fills in what it vouches for, over anything posted.
  const token = formData.get("context");
  if (typeof token === "string" && token) {
    const known = readVisitorContext(token, getEnv().contextSecret, fields);
    if (!known) return { status: "error", message: t("errors.context"), values: echo(formData), contextRejected: true };
    for (const [name, value] of Object.entries(known)) formData.set(name, value === true ? "on" : String(value));
  }
  const parsed = readPreEngagement(formData, fields, t);
  if (!parsed.success) {
    return { status: "error", message: t("form.checkFields"), fieldErrors: parsed.fieldErrors, values: parsed.values };
  }
  const page = pageFromForm(formData.get("page"));
  if (page) parsed.data.page = page;
  const session = await getSession();
  const surface = surfacePath(surfaceOf(formData.get("surface")), getEnv().embedOrigins);
  // One open chat per visitor: a second submit (another tab, a resubmitted form) resumes it instead of abandoning
  // it in Flex's queue.
  const current = activeChat(session);
  if (current && (await stillOpen(current.conversationSid))) redirect(surface);
  const { hours } = getEnv();
  if (hours && !isOpen(hours)) {
    return { status: "error", message: t("hours.closedTitle"), values: echo(formData) };
  }
  // Each chat is a Flex task that costs money: limit how often one client, and the whole site, may start one.
  const limit = await chatStartLimiter().check(clientIp(await headers()));
  if (!limit.ok) {
    console.warn("rate_limited:chat_start", limit.retryAfterSeconds);
    return { status: "error", message: limitMessage(limit, t), values: echo(formData) };
  }
  let chat: { conversationSid: string; identity: string };
  try {
    // A returning visitor keeps their identity, so all their chats belong to one Conversations user.
    const locale = await getLocale();
    const transcript =
      env.transcripts && parsed.data.transcriptTo && isLocale(locale)
        ? { locale, webhookUrl: new URL(CONVERSATION_WEBHOOK_PATH, env.transcripts.webhookOrigin).toString() }
        : undefined;
    chat = await startWebChat(getTwilio(), parsed.data, session.identity, env.chatTimers, transcript);
  } catch (error) {
    if (error instanceof PreEngagementTooLarge) {
      return { status: "error", message: t("validation.tooMuch"), values: echo(formData) };
    }
    const cause = error instanceof WebChatStartFailed ? error.cause : error;
    const failure = describeTwilioError(cause, error instanceof WebChatStartFailed ? "webchat_first_message" : "webchat_create");
    console.error(failure.code, cause instanceof Error ? cause.message : cause);
    return { status: "error", message: t(failure.messageKey), values: echo(formData) };
  }
  session.conversationSid = chat.conversationSid;
  session.identity = chat.identity;
  delete session.endedConversationSid;
  session.startedAt = Date.now();
  await session.save();
  // Starting a chat is when the visitor's language and appearance may be remembered (nothing is stored before).
  const jar = await cookies();
  jar.set(LOCALE_COOKIE, await getLocale(), localeCookieOptions(getEnv()));
  const theme = (await headers()).get(THEME_HEADER);
  if (isTheme(theme) && theme !== "system") jar.set(THEME_COOKIE, theme, localeCookieOptions(getEnv()));
  // A redirect, not a returned state: the page re-reads the cookie and renders the chat, with or without JS.
  redirect(surface);
}

/** The page the form was filled on, if the browser said (JSON of a PageContext); anything else is ignored. */
function pageFromForm(value: FormDataEntryValue | null): PageContext | undefined {
  if (typeof value !== "string" || value.length > 1000) return undefined;
  try {
    return readPageContext(JSON.parse(value)) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Whether the session's chat can still be resumed; if Twilio cannot say, assume so rather than start a second. */
async function stillOpen(conversationSid: string): Promise<boolean> {
  try {
    const state = await fetchConversationState(getTwilio(), conversationSid);
    return state !== null && state !== "closed";
  } catch (error) {
    console.error(describeTwilioError(error, "conversation_fetch").code, error instanceof Error ? error.message : error);
    return true;
  }
}

export type EndChatResult = { status: "error"; message: string };

/**
 * Ends the chat in Flex (the agent's task to wrapping) and closes the conversation, forgets it, then shows the
 * ended view (which offers a new chat). The cookie keeps only the visitor's identity, for their next chat.
 */
export async function endChat(surface: Surface): Promise<EndChatResult> {
  const session = await getSession();
  const chat = activeChat(session);
  if (chat) {
    try {
      await endWebChat(getTwilio(), chat.conversationSid);
    } catch (error) {
      const failure = describeTwilioError(error, "webchat_end");
      console.error(failure.code, error instanceof Error ? error.message : error);
      return { status: "error", message: (await getTranslations("errors"))("endFailed") };
    }
  }
  await forgetConversation(session, { keepTranscript: true });
  redirect(surfacePath(surfaceOf(surface), getEnv().embedOrigins, { ended: "1" }));
}

export async function startNewChat(formData: FormData): Promise<void> {
  await forgetConversation(await getSession(), { keepTranscript: false });
  redirect(surfacePath(surfaceOf(formData.get("surface")), getEnv().embedOrigins));
}

async function forgetConversation(
  session: Awaited<ReturnType<typeof getSession>>,
  { keepTranscript }: { keepTranscript: boolean },
): Promise<void> {
  if (!session.identity) return session.destroy();
  if (keepTranscript && session.conversationSid) session.endedConversationSid = session.conversationSid;
  else delete session.endedConversationSid;
  delete session.conversationSid;
  delete session.startedAt;
  await session.save();
}

export type RateChatState = { status: "idle" } | { status: "saved"; message: string } | { status: "error"; message: string };

const ratingSchema = z.object({
  score: z.coerce.number().int().min(1).max(5),
  comment: z.string().transform(withoutControlCharacters).pipe(z.string().trim().max(RATING_COMMENT_MAX)),
});

/** The visitor rates the chat that just ended (theirs, from the cookie): once, into the agent's task (lib/twilio/rating.ts). */
export async function rateChat(_previous: RateChatState, formData: FormData): Promise<RateChatState> {
  const t = await getTranslations("rating");
  const session = await getSession();
  const conversationSid = transcriptConversation(session);
  if (!conversationSid) return { status: "error", message: t("noChat") };
  const parsed = ratingSchema.safeParse({ score: formData.get("score") ?? "", comment: formData.get("comment") ?? "" });
  if (!parsed.success) {
    const tooLong = parsed.error.issues.some((issue) => issue.path[0] === "comment");
    return { status: "error", message: tooLong ? t("tooLong", { max: RATING_COMMENT_MAX }) : t("chooseScore") };
  }
  const twilio = getTwilio();
  try {
    if ((await fetchConversationState(twilio, conversationSid)) !== "closed") return { status: "error", message: t("notEnded") };
    const outcome = await rateConversation(twilio, conversationSid, {
      score: parsed.data.score,
      comment: parsed.data.comment || undefined,
    });
    if (outcome === "no-agent") return { status: "error", message: t("noAgent") };
    return { status: "saved", message: outcome === "saved" ? t("thanks") : t("alreadyRated") };
  } catch (error) {
    const failure = describeTwilioError(error, "rating_save");
    console.error(failure.code, error instanceof Error ? error.message : error);
    return { status: "error", message: t("failed") };
  }
}

/**
 * "Keep chatting" in answer to "Still there?": restarts the conversation's timers (the same durations, counted from
 * now, as a new message would) and makes an inactive conversation active again. Once per 30 s per visitor at most.
 */
export async function keepChatting(): Promise<boolean> {
  const session = await getSession();
  const chat = activeChat(session);
  if (!chat) return false;
  if (session.keptAt && Date.now() - session.keptAt < 30_000) return true;
  try {
    await restartTimers(getTwilio(), chat.conversationSid, getEnv().chatTimers);
  } catch (error) {
    console.error(describeTwilioError(error, "keep_chatting").code, error instanceof Error ? error.message : error);
    return false;
  }
  session.keptAt = Date.now();
  await session.save();
  return true;
}

/**
 * The names of the chat's other participants (AGENT_NAMES=friendly), for an agent who joined after the page was
 * rendered: read from the cookie's conversation only, and looked up at most every 10 s per conversation.
 */
export async function fetchAgentNames(): Promise<Record<string, string>> {
  if (getEnv().agentNames !== "friendly") return {};
  const chat = activeChat(await getSession());
  if (!chat) return {};
  return agentNamesOnce(chat.conversationSid, () => agentDisplayNames(getTwilio(), chat.conversationSid, chat.identity));
}

export type RefreshTokenResult = { status: "ok"; token: string } | { status: "closed" } | { status: "error" };

/** Mints a fresh token for the identity in the cookie (never one the browser names), for an open chat only. */
export async function refreshToken(): Promise<RefreshTokenResult> {
  const session = await getSession();
  const chat = activeChat(session);
  if (!chat) return { status: "closed" };
  const twilio = getTwilio();
  try {
    const state = await fetchConversationState(twilio, chat.conversationSid);
    if (state === null || state === "closed") return { status: "closed" };
  } catch (error) {
    console.error(describeTwilioError(error, "token_refresh").code, error instanceof Error ? error.message : error);
    return { status: "error" };
  }
  return { status: "ok", token: mintAccessToken(twilio.settings, chat.identity, getEnv().tokenTtl) };
}
