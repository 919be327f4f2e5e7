import "server-only";
import { getTranslations } from "next-intl/server";
import { authorKind } from "@/lib/chat/authors";
import { markdownHtml, mayBeMarkdown } from "@/lib/chat/markdown";
import type { ChatMessage } from "@/lib/chat/types";
import { getEnv, type Env } from "@/lib/env";
import { escapeHtml } from "@/lib/html";
import { direction } from "@/lib/i18n/locales";
import { sharedStore } from "@/lib/rate-limit/instance";
import { DueReplies } from "@/lib/replies/due";
import { RESUME_PATH, signResumeLink } from "@/lib/replies/link";
import { hexColour } from "@/lib/theme";
import { mailTransport } from "@/lib/transcripts";
import { REPLIES_ATTRIBUTE, readEmailRequest, type EmailRequest } from "@/lib/transcripts/request";
import { getTwilio } from "@/lib/twilio/client";
import { twilioStatus } from "@/lib/twilio/errors";
import { listAllMessages, type TwilioContext } from "@/lib/twilio/webchat";
import { widgetConfig } from "@/lib/widget-config";

/**
 * Replies the visitor missed, by email. A visitor who ticked "Email me replies I miss" (or left a message) has a
 * signed request in the conversation's attributes and a webhook for `onMessageAdded` (lib/twilio/webchat.ts). Each
 * message a participant writes makes the conversation due for a look `MISSED_REPLY_EMAIL_AFTER` later (one entry per
 * burst, lib/replies/due.ts). When it comes due, the visitor's read horizon — Twilio's own record of what they have
 * seen — decides: the agents' messages past it, not emailed before and old enough, go out in one email with a link
 * back to the chat. Nothing is sent once the visitor has read them.
 */

/** Where the last email left off, beside the signed request (only this server writes conversation attributes). */
export const REPLIES_SENT_ATTRIBUTE = "webchat_replies_sent";

// One due-time store and one timer per process, whichever bundle layer asks (as for the limits).
const KEY = Symbol.for("flex-webchat-next.due-replies");
const TIMER = Symbol.for("flex-webchat-next.due-replies-timer");
type Holder = { [KEY]?: DueReplies; [TIMER]?: ReturnType<typeof setInterval> };

export function dueReplies(): DueReplies {
  const holder = globalThis as Holder;
  holder[KEY] ??= new DueReplies(sharedStore());
  return holder[KEY];
}

/** The wait before an unread reply is emailed, in real milliseconds (the sandbox's clock may run faster). */
export function missedReplyDelayMs(env: Env = getEnv()): number {
  const speed = env.mode === "sandbox" ? env.sandboxClockSpeed : 1;
  return Math.round((env.missedReplyAfterSeconds * 1000) / speed);
}

/** onMessageAdded: a message by a participant (never a bot's or the system's) may be a reply the visitor misses. */
export async function noteNewMessage(conversationSid: string, participantSid: string | undefined): Promise<boolean> {
  if (!participantSid) return false;
  await dueReplies().schedule(conversationSid, Date.now() + missedReplyDelayMs());
  return true;
}

export type MissedRepliesOutcome = "sent" | "not-requested" | "all-read" | "not-yet";

/** Looks at one due conversation: emails what its visitor has not read, or reschedules a reply that is too new. */
export async function sendMissedReplies(
  ctx: TwilioContext,
  conversationSid: string,
  now = Date.now(),
): Promise<MissedRepliesOutcome> {
  const env = getEnv();
  if (!env.transcripts) return "not-requested";
  const conversation = ctx.client.conversations.v1.conversations(conversationSid);
  let attributes: Record<string, unknown>;
  try {
    attributes = JSON.parse((await conversation.fetch()).attributes || "{}") as Record<string, unknown>;
  } catch (error) {
    if (error instanceof SyntaxError || twilioStatus(error) === 404) return "not-requested";
    throw error;
  }
  const request = readEmailRequest("replies", ctx.settings.apiKeySecret, conversationSid, attributes);
  if (!request) return "not-requested";
  const [participants, messages] = await Promise.all([
    conversation.participants.list({ pageSize: 100 }),
    listAllMessages(ctx, conversationSid),
  ]);
  const visitor = participants.find((p) => p.identity === request.identity);
  const readUpTo = visitor?.lastReadMessageIndex ?? -1;
  const sentUpTo = typeof attributes[REPLIES_SENT_ATTRIBUTE] === "number" ? attributes[REPLIES_SENT_ATTRIBUTE] : -1;
  const unread = messages.filter(
    (m) => m.index > readUpTo && m.index > sentUpTo && m.author !== request.identity && !m.automated,
  );
  if (unread.length === 0) return "all-read";
  // Due from the first message of a burst, which may have been the visitor's own: wait for the reply's full delay.
  const dueAt = Date.parse(unread[0]!.dateCreated) + missedReplyDelayMs(env);
  if (dueAt > now + 1_000) {
    await dueReplies().schedule(conversationSid, dueAt);
    return "not-yet";
  }
  const token = signResumeLink(ctx.settings.apiKeySecret, { conversationSid, identity: request.identity }, now);
  const origin = env.transcripts.webhookOrigin;
  const resumeUrl = new URL(`${RESUME_PATH}?t=${token}`, origin).toString();
  const stopUrl = new URL(`${RESUME_PATH}?t=${token}&stop=1`, origin).toString();
  const mail = await composeMissedReplies(messages, unread, request, { resumeUrl, stopUrl });
  // Marked first: a failed send is not retried into a second email; a lost mark could only send one more.
  await conversation.update({
    attributes: JSON.stringify({ ...attributes, [REPLIES_SENT_ATTRIBUTE]: unread.at(-1)!.index }),
  });
  await (await mailTransport(env)).sendMail({ from: env.transcripts.from, to: request.to, ...mail });
  return "sent";
}

/** The email: the unread replies, the link back to the chat, and how to stop these emails. */
export async function composeMissedReplies(
  all: ChatMessage[],
  unread: ChatMessage[],
  request: EmailRequest,
  { resumeUrl, stopUrl }: { resumeUrl: string; stopUrl: string },
) {
  const t = await getTranslations({ locale: request.locale });
  const kind = authorKind(all, request.identity);
  const nameOf = (author: string) => t(`chat.${kind(author)}`);
  const time = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  const brand = hexColour(widgetConfig.brand.light.brand, "#111827");
  const subject = t("missedReplies.subject", { count: unread.length });
  const intro = t("missedReplies.intro", { count: unread.length });
  const text = [
    intro,
    "",
    ...unread.flatMap((m) => [`${nameOf(m.author)} (${time(m.dateCreated)} UTC):`, m.body, ""]),
    `${t("missedReplies.open")}: ${resumeUrl}`,
    "",
    "--",
    t("missedReplies.why"),
    `${t("missedReplies.stop")}: ${stopUrl}`,
  ].join("\n");
  const rows = unread
    .map(
      (m) =>
        `<tr><td style="padding:8px 0;border-top:1px solid #e5e7eb">` +
        `<strong>${escapeHtml(nameOf(m.author))}</strong> <span style="color:#4b5563">${escapeHtml(time(m.dateCreated))} UTC</span>` +
        `<div style="white-space:pre-wrap">${(mayBeMarkdown(m.body) ? markdownHtml(m.body, escapeHtml) : null) ?? escapeHtml(m.body)}</div>` +
        `</td></tr>`,
    )
    .join("");
  const html =
    `<!doctype html><html lang="${request.locale}" dir="${direction(request.locale)}"><head><meta charset="utf-8">` +
    `<title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.5;color:#111827;margin:0;padding:16px">` +
    `<p style="padding-top:12px;border-top:4px solid ${brand}">${escapeHtml(intro)}</p>` +
    `<table role="presentation" style="border-collapse:collapse;width:100%;max-width:640px">${rows}</table>` +
    `<p><a href="${escapeHtml(resumeUrl)}" style="display:inline-block;padding:10px 18px;border-radius:8px;background:${brand};color:#ffffff;text-decoration:none;font-weight:600">${escapeHtml(t("missedReplies.open"))}</a></p>` +
    `<p style="color:#4b5563;font-size:13px">${escapeHtml(t("missedReplies.why"))} ` +
    `<a style="color:#4b5563" href="${escapeHtml(stopUrl)}">${escapeHtml(t("missedReplies.stop"))}</a></p></body></html>`;
  return {
    subject,
    text,
    html,
    // One-click unsubscribe for mail clients (RFC 8058): a POST to the same link stops the emails.
    headers: { "List-Unsubscribe": `<${stopUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

/** Stops the emails for one conversation: its request leaves the attributes (the visitor's own link says so). */
export async function stopMissedReplies(ctx: TwilioContext, conversationSid: string): Promise<void> {
  const conversation = ctx.client.conversations.v1.conversations(conversationSid);
  const attributes = JSON.parse((await conversation.fetch()).attributes || "{}") as Record<string, unknown>;
  if (!(REPLIES_ATTRIBUTE in attributes)) return;
  delete attributes[REPLIES_ATTRIBUTE];
  await conversation.update({ attributes: JSON.stringify(attributes) });
}

/**
 * Looks at due conversations every few seconds, in the server's process (npm start). A host that runs no lasting
 * process (Vercel's functions) never runs this: docs/features.md ("Missed replies by email") says what to do there.
 */
export function startMissedRepliesTimer(env: Env = getEnv()): void {
  const holder = globalThis as Holder;
  if (!env.transcripts || holder[TIMER]) return;
  const every = Math.max(500, Math.min(30_000, Math.round(missedReplyDelayMs(env) / 4)));
  let running = false;
  holder[TIMER] = setInterval(() => {
    if (running) return;
    running = true;
    void runDueReplies().finally(() => (running = false));
  }, every);
  holder[TIMER].unref?.();
}

async function runDueReplies(): Promise<void> {
  const due = await dueReplies().take(Date.now());
  for (const conversationSid of due) {
    try {
      await sendMissedReplies(getTwilio(), conversationSid);
    } catch (error) {
      console.error("missed_replies_failed", conversationSid, error instanceof Error ? error.message : error);
    }
  }
}
