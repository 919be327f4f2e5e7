import "server-only";
import { randomUUID } from "node:crypto";
import twilio from "twilio";

/**
 * How the sandbox sends a conversation-scoped post-event webhook, as Twilio does ("Conversations Webhooks"): an HTTP
 * POST (or GET) of form-encoded parameters, signed with the account's Auth Token in `X-Twilio-Signature` (Twilio,
 * "Webhooks Security": HMAC-SHA1 of the URL followed by the sorted parameters), with an `I-Twilio-Idempotency-Token`.
 * Post-event webhooks are not retried by default, and Twilio gives up on a webhook after 15 seconds (Twilio, "Webhooks
 * (HTTP callbacks) FAQ"): so does the sandbox, and a failed delivery is recorded, never repeated.
 *
 * The sandbox reaches no network: it delivers only to this machine (loopback) or to the app's own public address
 * (`PUBLIC_URL`), which is where the app registers its webhooks. Any other URL is recorded as not delivered.
 */

export const WEBHOOK_TIMEOUT_MS = 15_000;

export type DeliveryOutcome = { delivered: true; status: number } | { delivered: false; reason: string };

function reachable(url: URL, ownOrigin: string | undefined): boolean {
  if (ownOrigin && url.origin === ownOrigin) return true;
  return (
    ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname) &&
    (url.protocol === "http:" || url.protocol === "https:")
  );
}

/** The `X-Twilio-Signature` Twilio would send for this URL and these parameters. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

export async function deliverWebhook(
  hook: { url: string; method: string },
  params: Record<string, string>,
  { authToken, ownOrigin }: { authToken: string; ownOrigin?: string },
): Promise<DeliveryOutcome> {
  let url: URL;
  try {
    url = new URL(hook.url);
  } catch {
    return { delivered: false, reason: "not a URL" };
  }
  if (!reachable(url, ownOrigin))
    return { delivered: false, reason: "the sandbox reaches no network beyond this machine" };
  const get = hook.method.toUpperCase() === "GET";
  if (get) for (const [key, value] of Object.entries(params)) url.searchParams.append(key, value);
  // For a GET, the parameters are part of the signed URL; for a POST, they are signed after it.
  const signature = get
    ? twilioSignature(authToken, url.toString(), {})
    : twilioSignature(authToken, url.toString(), params);
  try {
    const response = await fetch(url, {
      method: get ? "GET" : "POST",
      headers: {
        "x-twilio-signature": signature,
        "i-twilio-idempotency-token": randomUUID(),
        "user-agent": "TwilioProxy/1.1",
        ...(get ? {} : { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }),
      },
      body: get ? undefined : new URLSearchParams(params).toString(),
      redirect: "manual",
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { delivered: true, status: response.status };
  } catch (error) {
    return { delivered: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
