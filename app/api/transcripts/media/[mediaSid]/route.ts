import { getTranslations } from "next-intl/server";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { escapeHtml } from "@/lib/html";
import { getEnv } from "@/lib/env";
import { direction, isLocale, type Locale } from "@/lib/i18n/locales";
import { clientIp } from "@/lib/rate-limit";
import { openTranscriptAttachment } from "@/lib/data/visitor";
import { MEDIA_LINK_DAYS } from "@/lib/transcripts/media";

// An attachment link from a transcript email (lib/transcripts/media.ts): checked, then redirected to a fresh temporary
// URL of the file from Twilio's Media Content Service (or the sandbox's). Opened by a person in a mail client, so
// every refusal is a short page in the language of the email.
export const dynamic = "force-dynamic";

/** A person opens a few attachments; a script hammering links (each one an MCS request) is stopped early. */
const perClient = new RateLimiterMemory({ keyPrefix: "transcript-media", points: 30, duration: 60 });

async function refusal(
  status: number,
  locale: Locale,
  key: "malformed" | "forged" | "expired" | "gone" | "failed" | "busy",
  extra: HeadersInit = {},
) {
  const t = await getTranslations({ locale, namespace: "mailLink" });
  const title = t("title");
  const html =
    `<!doctype html><html lang="${locale}" dir="${direction(locale)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.5;color:#111827;max-width:36rem;margin:0 auto;padding:24px">` +
    `<h1 style="font-size:20px">${escapeHtml(title)}</h1><p>${escapeHtml(t(key, { days: MEDIA_LINK_DAYS }))}</p></body></html>`;
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...extra },
  });
}

export async function GET(request: Request, { params }: { params: Promise<{ mediaSid: string }> }): Promise<Response> {
  const url = new URL(request.url);
  const lang = url.searchParams.get("lang");
  const locale: Locale = isLocale(lang) ? lang : "en";
  const env = getEnv();
  if (!env.transcripts) return refusal(404, locale, "gone");
  try {
    // Where no client's address can be known, every opener shares one budget (the start-up notes say why).
    await perClient.consume(clientIp(request.headers, env.hosting) ?? "everyone");
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    return refusal(429, locale, "busy", { "retry-after": String(Math.max(1, Math.ceil(error.msBeforeNext / 1000))) });
  }
  const check = openTranscriptAttachment((await params).mediaSid, url.searchParams);
  if (!check.ok) {
    return refusal(check.reason === "malformed" ? 400 : check.reason === "forged" ? 403 : 410, locale, check.reason);
  }
  try {
    const content = await check.content();
    if (!content) return refusal(404, locale, "gone");
    // The temporary URL is the file's own, valid for minutes: never cached, never passed on as a referrer.
    return new Response(null, {
      status: 302,
      headers: { location: content.url, "cache-control": "no-store", "referrer-policy": "no-referrer" },
    });
  } catch (error) {
    console.error("transcript_media_failed", check.link.mediaSid, error instanceof Error ? error.message : error);
    return refusal(502, locale, "failed");
  }
}
