import "server-only";
import { getTranslations } from "next-intl/server";
import nodemailer, { type Transporter } from "nodemailer";
import { markdownHtml, mayBeMarkdown } from "@/lib/chat/markdown";
import { buildTranscript } from "@/lib/chat/transcript";
import { authorKind } from "@/lib/chat/authors";
import { transcriptDetails } from "@/lib/transcripts/details";
import type { ChatMedia, ChatMessage } from "@/lib/chat/types";
import { escapeHtml } from "@/lib/html";
import { getEnv, type Env } from "@/lib/env";
import { direction } from "@/lib/i18n/locales";
import { hexColour } from "@/lib/theme";
import { widgetConfig } from "@/lib/widget-config";
import { transcriptLimiter } from "@/lib/rate-limit/instance";
import { MEDIA_LINK_DAYS, mediaLinkPath } from "@/lib/transcripts/media";
import { readTranscriptRequest, type TranscriptRequest } from "@/lib/transcripts/request";
import { getSandbox } from "@/lib/sandbox";
import { twilioStatus } from "@/lib/twilio/errors";
import { listAllMessages, type TwilioContext } from "@/lib/twilio/webchat";

/**
 * Transcript emails. When a visitor ticks the box (with their email), the chat start records the request in the
 * conversation's attributes, signed so that nobody can point it at another address later, and registers a
 * conversation-scoped webhook for `onConversationStateUpdated`. When the conversation closes — the visitor's End
 * chat, the agent's, or the closed timer — Twilio (or the sandbox, which behaves the same) calls
 * /api/webhooks/conversations, and the transcript goes out once, to that address, in the visitor's language.
 */

/** The Auth Token Twilio (or the sandbox) signs its webhooks with. */
export function webhookAuthToken(env: Env = getEnv()): string | undefined {
  return env.mode === "twilio" ? env.twilio.authToken : getSandbox().credentials.authToken;
}

const transports = new Map<string, Transporter>();

export async function mailTransport(env: Env): Promise<Transporter> {
  const url = env.transcripts?.smtpUrl ?? (await getSandbox().mailbox.url());
  let found = transports.get(url);
  if (!found) {
    // Bounded waits: a stuck SMTP server must not hold a webhook (Twilio gives up after 15 s) forever.
    found = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 5_000,
      socketTimeout: 10_000,
    } as never);
    transports.set(url, found);
  }
  return found;
}

/**
 * The email: a plain-text part (the same transcript as the download) and a simple HTML part. Attachments appear by
 * name with a link (`fileHref`, lib/transcripts/media.ts) that works for MEDIA_LINK_DAYS.
 */
export async function composeTranscript(
  messages: ChatMessage[],
  request: TranscriptRequest,
  fileHref: (file: ChatMedia) => string,
  attributes: Record<string, unknown> = {},
) {
  const t = await getTranslations({ locale: request.locale });
  const details = transcriptDetails(attributes, t).filter((detail) => detail.value !== null);
  const hasFiles = messages.some((m) => m.media.length > 0);
  const linksNote = t("mail.links", { days: MEDIA_LINK_DAYS });
  const kind = authorKind(messages, request.identity);
  const nameOf = (author: string) => t(`chat.${kind(author)}`);
  const time = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  const title = t("transcript.title");
  // The brand's colour, as the chat wore it.
  const brand = hexColour(widgetConfig.brand.light.brand, "#111827");
  const text = [
    t("mail.intro"),
    "",
    buildTranscript(messages, {
      title,
      nameOf,
      formatTime: time,
      describeFile: (file) => `${t("mail.attachment", { name: file.filename })} <${fileHref(file)}>`,
      details,
    }),
    ...(hasFiles ? [linksNote, ""] : []),
    "--",
    t("mail.why"),
  ].join("\n");
  const rows = messages
    .map((m) => {
      const files = m.media
        .map(
          (f) =>
            `<li><a style="color:${brand}" href="${escapeHtml(fileHref(f))}">${escapeHtml(t("mail.attachment", { name: f.filename }))}</a></li>`,
        )
        .join("");
      return (
        `<tr><td style="padding:8px 0;border-top:1px solid #e5e7eb">` +
        `<strong>${escapeHtml(nameOf(m.author))}</strong> <span style="color:#4b5563">${escapeHtml(time(m.dateCreated))}</span>` +
        (m.body ? `<div style="white-space:pre-wrap">${bodyHtml(m.body, m.author !== request.identity)}</div>` : "") +
        (files ? `<ul style="margin:4px 0;padding-inline-start:20px">${files}</ul>` : "") +
        `</td></tr>`
      );
    })
    .join("");
  const html =
    `<!doctype html><html lang="${request.locale}" dir="${direction(request.locale)}"><head><meta charset="utf-8">` +
    `<title>${escapeHtml(t("mail.subject"))}</title></head>` +
    `<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.5;color:#111827;margin:0;padding:16px">` +
    `<h1 style="font-size:18px;margin:0 0 8px;padding-top:12px;border-top:4px solid ${brand}">${escapeHtml(title)}</h1><p>${escapeHtml(t("mail.intro"))}</p>` +
    (details.length
      ? `<p>${details.map((d) => `<strong>${escapeHtml(d.label)}:</strong> ${escapeHtml(d.value ?? "")}`).join("<br>")}</p>`
      : "") +
    `<table role="presentation" style="border-collapse:collapse;width:100%;max-width:640px">${rows}</table>` +
    (hasFiles ? `<p>${escapeHtml(linksNote)}</p>` : "") +
    `<p style="color:#4b5563;font-size:13px">${escapeHtml(t("mail.why"))}</p></body></html>`;
  return { subject: t("mail.subject"), text, html };
}

/** A message's text as HTML: an agent's in the chat's Markdown subset (as the log shows it), anyone else's as typed. */
function bodyHtml(body: string, markdown: boolean): string {
  return (markdown && mayBeMarkdown(body) ? markdownHtml(body, escapeHtml) : null) ?? escapeHtml(body);
}

export type TranscriptOutcome = "sent" | "not-requested" | "not-ended" | "already-sent" | "recipient-limit";

/**
 * Sends the conversation's transcript if its visitor asked for one and it has ended — once: the first caller claims
 * it (lib/rate-limit/index.ts), and a send that fails gives the claim back.
 */
export async function sendTranscriptIfRequested(
  ctx: TwilioContext,
  conversationSid: string,
): Promise<TranscriptOutcome> {
  const env = getEnv();
  if (!env.transcripts) return "not-requested";
  let conversation;
  try {
    conversation = await ctx.client.conversations.v1.conversations(conversationSid).fetch();
  } catch (error) {
    if (twilioStatus(error) === 404) return "not-requested";
    throw error;
  }
  if (conversation.state !== "closed") return "not-ended";
  let attributes: Record<string, unknown> = {};
  try {
    attributes = JSON.parse(conversation.attributes || "{}") as Record<string, unknown>;
  } catch {
    return "not-requested";
  }
  const request = readTranscriptRequest(ctx.settings.apiKeySecret, conversationSid, attributes);
  if (!request) return "not-requested";
  const claim = await transcriptLimiter().claim(conversationSid, request.to);
  if (!claim.ok) return claim.reason === "sent" ? "already-sent" : "recipient-limit";
  try {
    const messages = await listAllMessages(ctx, conversationSid);
    const origin = env.transcripts.webhookOrigin;
    const fileHref = (file: ChatMedia) =>
      new URL(
        mediaLinkPath(
          ctx.settings.apiKeySecret,
          {
            serviceSid: conversation.chatServiceSid,
            conversationSid,
            mediaSid: file.sid,
          },
          { lang: request.locale },
        ),
        origin,
      ).toString();
    const mail = await composeTranscript(messages, request, fileHref, attributes);
    await (await mailTransport(env)).sendMail({ from: env.transcripts.from, to: request.to, ...mail });
    return "sent";
  } catch (error) {
    await claim.release().catch(() => {});
    throw error;
  }
}
