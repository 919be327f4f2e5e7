"use server";

import { getLocale, getTranslations } from "next-intl/server";
import { refresh } from "next/cache";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { withVisitor, type Visitor } from "@/lib/actions/guards";
import { transcriptConversation } from "@/lib/session";
import { failed, succeeded, type ActionFailure, type ActionResult } from "@/lib/actions/result";
import { ratingForm } from "@/lib/chat/rating-form";
import { RATING_COMMENT_MAX } from "@/lib/chat/types";
// The data module's functions share their actions' names (startChat, endChat, rateChat): read as visitorData.x.
import * as visitorData from "@/lib/data/visitor";
import { readInvitation, readPageContext, type PageContext } from "@/lib/embed/protocol";
import { getEnv } from "@/lib/env";
import { LOCALE_COOKIE, isLocale } from "@/lib/i18n/locales";
import { readPreEngagement, type Translate } from "@/lib/pre-engagement";
import { clientIp, limitMessage } from "@/lib/rate-limit";
import { chatStartLimiter, keepChattingCooldown, transcriptLimiter } from "@/lib/rate-limit/instance";
import { requestPreferences } from "@/lib/request-preferences";
import { localeCookieOptions } from "@/lib/session/cookie";
import { surfaceOf, surfacePath } from "@/lib/surface";
import { THEME_COOKIE } from "@/lib/theme";
import { CONVERSATION_WEBHOOK_PATH } from "@/lib/transcripts/request";
import { describeTwilioError, twilioCode } from "@/lib/twilio/errors";
import { PreEngagementTooLarge, WebChatStartFailed } from "@/lib/twilio/webchat";
import { readKnownIdentity, readVisitorContext } from "@/lib/visitor-context";
import { answering, leaveMessageFields, visitorFormFields, widgetConfig } from "@/lib/widget-config";

// The visitor's actions. Each goes through withVisitor (lib/actions/guards.ts), which reads the encrypted cookie
// once: an action only ever acts on the chat the cookie names. Each answers an ActionResult (lib/actions/result.ts).

/** Logs a failed Twilio call under its code (never shown to the visitor) and gives its catalog key. */
function logged(error: unknown, operation: string) {
  const failure = describeTwilioError(error, operation);
  console.error(failure.code, error instanceof Error ? error.message : error);
  return failure;
}

/** A failed Start chat: the sentence, the visitor's own input (so a form posted without JavaScript comes back filled in). */
export type StartChatFailure = ActionFailure<{
  fieldErrors?: Record<string, string[]>;
  values: Record<string, string>;
  /** The signed visitor context was refused (expired, say): the form asks for everything again. */
  contextRejected?: boolean;
}>;
/** null until the form is first submitted; a success redirects to the chat. */
export type StartChatState = StartChatFailure | null;

function echo(formData: FormData): Record<string, string> {
  return Object.fromEntries(
    widgetConfig.preEngagement.fields.map((f) => [f.name, String(formData.get(f.name) ?? "").slice(0, 2000)]),
  );
}

export const startChat = withVisitor(
  async (
    { session, chat: current }: Visitor,
    _previous: StartChatState,
    formData: FormData,
  ): Promise<StartChatState> => {
    const t = (await getTranslations()) as unknown as Translate;
    const env = getEnv();
    const refused = (message: string, extra: Partial<StartChatFailure> = {}): StartChatFailure =>
      failed(message, "invalid", { values: echo(formData), ...extra });
    // No one answering: the form was "Leave us a message" (or, where no reply could be emailed, there is no form).
    const open = answering(env);
    const fields = open ? visitorFormFields(env) : leaveMessageFields(env);
    if (!fields) return refused(t("hours.closedTitle"));
    // Closed since the form was shown: the page is shown again as "Leave us a message", with what was typed.
    if (!open && formData.get("mode") !== "message") {
      refresh();
      return refused(t("form.nowAway"));
    }
    // A signed context from the embedding site's server fills in what it vouches for, over anything posted.
    // Its `sub`, when it names the visitor, gives them one identity across visits and devices (their history).
    const token = formData.get("context");
    let knownIdentity: string | null = null;
    if (typeof token === "string" && token) {
      const known = readVisitorContext(token, env.contextSecret, fields);
      knownIdentity = readKnownIdentity(token, env.contextSecret);
      if (!known && !knownIdentity) return refused(t("errors.context"), { contextRejected: true });
      for (const [name, value] of Object.entries(known ?? {})) {
        formData.set(name, value === true ? "on" : String(value));
      }
    }
    const parsed = readPreEngagement(formData, fields, t);
    if (!parsed.success) {
      return refused(t("form.checkFields"), { fieldErrors: parsed.fieldErrors, values: parsed.values });
    }
    if (!open) parsed.data.leftMessage = true;
    const page = pageFromForm(formData.get("page"));
    if (page) parsed.data.page = page;
    const invitation = readInvitation(formData.get("invitation"));
    if (invitation) parsed.data.invitation = invitation;
    const surface = surfacePath(surfaceOf(formData.get("surface")), env.embedOrigins);
    // One open chat per visitor: a second submit (another tab, a resubmitted form) resumes it instead of abandoning
    // it in Flex's queue. Only the same person's: a signed-in visitor never takes over a chat someone else left here.
    const samePerson = !knownIdentity || current?.identity === knownIdentity;
    if (current && samePerson && (await stillOpen(current.conversationSid))) redirect(surface);
    // A known visitor's chat still open on another device is continued, this question its next message: one open
    // chat per person (Flex is silent on two under one identity), and nothing they typed is lost.
    if (knownIdentity) {
      let open: string | null;
      try {
        open = await visitorData.continueOpenChat(knownIdentity, parsed.data.question);
      } catch (error) {
        return failed(t(logged(error, "webchat_continue").messageKey), "network", { values: echo(formData) });
      }
      if (open) {
        session.conversationSid = open;
        session.identity = knownIdentity;
        session.known = true;
        delete session.endedConversationSid;
        delete session.leftMessageFor;
        session.startedAt = Date.now();
        await session.save();
        return showChat(surface);
      }
    }
    // Each chat is a Flex task that costs money: limit how often one client, and the whole site, may start one.
    const ip = clientIp(await headers(), env.hosting);
    // Each transcript is an email in the site's name: one client asks for only so many, whatever the address.
    const transcripts = transcriptLimiter();
    const wantsTranscript = Boolean(env.transcripts && parsed.data.transcriptTo && ip !== null);
    if (wantsTranscript && !(await transcripts.request(ip!))) {
      console.warn("rate_limited:transcript_request");
      return refused(t("errors.transcriptsToday"));
    }
    const limit = await chatStartLimiter().check(ip);
    if (!limit.ok) {
      console.warn("rate_limited:chat_start", limit.retryAfterSeconds);
      if (wantsTranscript) await transcripts.giveBack(ip!);
      return refused(limitMessage(limit, t));
    }
    let chat: { conversationSid: string; identity: string };
    try {
      // A returning visitor keeps their identity, so all their chats belong to one Conversations user.
      const locale = await getLocale();
      const emails =
        env.transcripts && (parsed.data.transcriptTo || parsed.data.repliesTo) && isLocale(locale)
          ? { locale, webhookUrl: new URL(CONVERSATION_WEBHOOK_PATH, env.transcripts.webhookOrigin).toString() }
          : undefined;
      // A known visitor's own identity; never a known one for a visitor the site did not vouch for this time.
      const identity = knownIdentity ?? (session.known ? undefined : session.identity);
      chat = await visitorData.startChat(parsed.data, identity, emails);
    } catch (error) {
      if (error instanceof PreEngagementTooLarge) return refused(t("validation.tooMuch"));
      const cause = error instanceof WebChatStartFailed ? error.cause : error;
      const failure = logged(cause, error instanceof WebChatStartFailed ? "webchat_first_message" : "webchat_create");
      return failed(t(failure.messageKey), "network", { values: echo(formData) });
    }
    session.conversationSid = chat.conversationSid;
    session.identity = chat.identity;
    if (knownIdentity) session.known = true;
    else delete session.known;
    delete session.endedConversationSid;
    session.startedAt = Date.now();
    if (parsed.data.leftMessage && parsed.data.repliesTo) session.leftMessageFor = parsed.data.repliesTo;
    else delete session.leftMessageFor;
    await session.save();
    // Starting a chat is when the visitor's language and appearance may be remembered (nothing is stored before).
    const jar = await cookies();
    jar.set(LOCALE_COOKIE, await getLocale(), localeCookieOptions(env));
    const requestHeaders = await headers();
    const { theme } = requestPreferences((name) => requestHeaders.get(name));
    if (theme !== "system") jar.set(THEME_COOKIE, theme, localeCookieOptions(env));
    return showChat(surface);
  },
);

/**
 * The chat is shown where the form was. Posted by the page's own script from that very address, the page is rendered
 * again into the action's answer (Next renders the current page after an action that sets cookies; `refresh()` says
 * so): a redirect would have Next fetch the page from this server over HTTP, a second request through the whole
 * stack. A form posted without JS, or from another address (a form under `?ended=1`), is redirected.
 */
async function showChat(surface: string): Promise<null> {
  const request = await headers();
  const from = URL.parse(request.get("referer") ?? "");
  if (request.has("next-action") && from && from.pathname + from.search === surface) {
    refresh();
    return null;
  }
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
    const state = await visitorData.readConversationState(conversationSid);
    return state !== null && state !== "closed";
  } catch (error) {
    logged(error, "conversation_fetch");
    return true;
  }
}

/** null until the confirmation is first posted; a success redirects to the ended view. */
export type EndChatState = ActionFailure | null;

/**
 * Ends the chat in Flex (the agent's task to wrapping) and closes the conversation, forgets it, then shows the
 * ended view (which offers a new chat). The cookie keeps only the visitor's identity, for their next chat. Only a
 * failure comes back. A form action, so that a confirmation posted before the page's scripts have run works too.
 */
export const endChat = withVisitor(
  async ({ session, chat }: Visitor, _previous: EndChatState, formData: FormData): Promise<EndChatState> => {
    const surface = surfaceOf(formData.get("surface"));
    if (chat) {
      try {
        await visitorData.endChat(chat.conversationSid);
      } catch (error) {
        logged(error, "webchat_end");
        return failed((await getTranslations("errors"))("endFailed"), "network");
      }
    }
    await forgetConversation(session, { keepTranscript: true });
    redirect(surfacePath(surface, getEnv().embedOrigins, { ended: "1" }));
  },
);

export const startNewChat = withVisitor(async ({ session }: Visitor, formData: FormData): Promise<void> => {
  await forgetConversation(session, { keepTranscript: false });
  redirect(surfacePath(surfaceOf(formData.get("surface")), getEnv().embedOrigins));
});

async function forgetConversation(
  session: Visitor["session"],
  { keepTranscript }: { keepTranscript: boolean },
): Promise<void> {
  if (!session.identity) return session.destroy();
  if (keepTranscript && session.conversationSid) session.endedConversationSid = session.conversationSid;
  else delete session.endedConversationSid;
  delete session.conversationSid;
  delete session.startedAt;
  delete session.leftMessageFor;
  await session.save();
}

/** null until the form is first submitted; then the thank-you (its value) or why not. */
export type RateChatState = ActionResult<string> | null;

/** The visitor rates the chat that just ended (theirs, from the cookie): once, into the agent's task (lib/twilio/rating.ts). */
export const rateChat = withVisitor(
  async ({ session }: Visitor, _previous: RateChatState, formData: FormData): Promise<RateChatState> => {
    const t = await getTranslations("rating");
    const conversationSid = transcriptConversation(session);
    if (!conversationSid) return failed(t("noChat"), "forbidden");
    const parsed = ratingForm.safeParse({
      score: formData.get("score") ?? "",
      comment: formData.get("comment") ?? "",
    });
    if (!parsed.success) {
      const tooLong = parsed.error.issues.some((issue) => issue.path[0] === "comment");
      return failed(tooLong ? t("tooLong", { max: RATING_COMMENT_MAX }) : t("chooseScore"), "invalid");
    }
    try {
      if ((await visitorData.readConversationState(conversationSid)) !== "closed")
        return failed(t("notEnded"), "invalid");
      const outcome = await visitorData.rateChat(conversationSid, {
        score: parsed.data.score,
        comment: parsed.data.comment || undefined,
      });
      if (outcome === "no-agent") return failed(t("noAgent"), "invalid");
      return succeeded(outcome === "saved" ? t("thanks") : t("alreadyRated"));
    } catch (error) {
      logged(error, "rating_save");
      return failed(t("failed"), "network");
    }
  },
);

/**
 * "Keep chatting" in answer to "Still there?": restarts the conversation's timers (the same durations, counted from
 * now, as a new message would) and makes an inactive conversation active again. Once per 30 s per conversation at
 * most, counted on the server.
 */
export const keepChatting = withVisitor(async ({ chat }: Visitor): Promise<ActionResult> => {
  const t = await getTranslations("chat");
  if (!chat) return failed(t("keepChattingFailed"), "closed");
  // Done already within the window (another tab, a replayed request): the timers were just restarted.
  const cooldown = keepChattingCooldown();
  if (!(await cooldown.take(chat.conversationSid))) return succeeded(undefined);
  try {
    await visitorData.keepChatOpen(chat.conversationSid);
  } catch (error) {
    await cooldown.release(chat.conversationSid);
    // A chat that closed meanwhile cannot be kept open (Twilio 50377): the page shows it ended, not a network fault.
    if (twilioCode(error) === 50377) return failed(t("keepChattingFailed"), "closed");
    logged(error, "keep_chatting");
    return failed(t("keepChattingFailed"), "network");
  }
  return succeeded(undefined);
});

/**
 * The names of the chat's other participants (AGENT_NAMES=friendly), for an agent who joined after the page was
 * rendered: read from the cookie's conversation only, and looked up at most every 10 s per conversation.
 */
export const fetchAgentNames = withVisitor(async ({ chat }: Visitor): Promise<ActionResult<Record<string, string>>> => {
  if (!chat) return failed((await getTranslations())("ended.title"), "closed");
  return succeeded(await visitorData.readAgentNames(chat.conversationSid, chat.identity, { cached: true }));
});

/** Mints a fresh token for the identity in the cookie (never one the browser names), for an open chat only. */
export const refreshToken = withVisitor(async ({ chat }: Visitor): Promise<ActionResult<string>> => {
  const t = await getTranslations();
  if (!chat) return failed(t("ended.title"), "closed");
  try {
    const state = await visitorData.readConversationState(chat.conversationSid);
    if (state === null || state === "closed") return failed(t("ended.title"), "closed");
  } catch (error) {
    return failed(t(logged(error, "token_refresh").messageKey), "network");
  }
  return succeeded(visitorData.visitorToken(chat.identity));
});

/** null until the form is posted; then "no more emails" (its value) or why not. */
export type StopReplyEmailsState = ActionResult<string> | null;

/** Stops the missed-reply emails of the conversation the email's own signed link names (no cookie needed). */
export async function stopReplyEmails(
  _previous: StopReplyEmailsState,
  formData: FormData,
): Promise<StopReplyEmailsState> {
  const t = await getTranslations("resume");
  const check = visitorData.checkResumeLink(String(formData.get("t") ?? ""));
  if (!check.ok) return failed(t("stopInvalid"), "invalid");
  try {
    await visitorData.stopReplyEmails(check.link.conversationSid);
  } catch (error) {
    logged(error, "replies_stop");
    return failed(t("stopFailed"), "network");
  }
  return succeeded(t("stopped"));
}
