import "server-only";
import { readBodyCapped } from "@/lib/http-body";
import { ATTRIBUTES_MAX_BYTES, type AttributesOwner } from "@/lib/flex-limits";
import { SandboxError, invalidParameter, tooManyRequests } from "@/lib/sandbox/errors";

/**
 * The sandbox's budgets, as Twilio sets them or tighter. Each is enforced where a request arrives, with a sentence.
 */

/** Nesting of attributes: Twilio names no limit; ten levels is far beyond any use and cheap to walk. */
export const ATTRIBUTES_MAX_DEPTH = 10;
/** A JSON request of the live API (a message, a read horizon): a 4,000-character message and its attributes fit. */
export const LIVE_JSON_MAX_BYTES = 64 * 1024;
/**
 * What one live stream may have waiting for a reader that has stopped reading. Far above what a resumed stream sends
 * at once (a snapshot of 50 messages, or a replay of 200 events, each under ~40 KB); beyond it the stream ends, and a
 * client that is still there reconnects and resumes from its last event.
 */
export const LIVE_STREAM_BACKLOG_MAX_BYTES = 16 * 1024 * 1024;
/** A form-encoded REST request: the largest a web chat sends is a message with its attributes (16 KB). */
export const REST_BODY_MAX_BYTES = 256 * 1024;

/** Reads a request body, refusing it (413) as soon as it passes `maxBytes`, whatever Content-Length said. */
export async function readCapped(
  request: Request,
  maxBytes: number,
  refusal = `The request body is larger than ${maxBytes.toLocaleString("en")} bytes.`,
): Promise<Uint8Array> {
  const body = await readBodyCapped(request, maxBytes);
  if (!body) throw new SandboxError(413, null, refusal);
  return body;
}

/** How deeply a parsed JSON value nests, counted up to just past `limit` (no further walking after that). */
export function jsonDepth(value: unknown, limit = ATTRIBUTES_MAX_DEPTH): number {
  // Iterative, so a hostile nesting cannot overflow the stack.
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, level] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    deepest = Math.max(deepest, level + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, level + 1]);
  }
  return deepest;
}

/** Checks an `attributes` JSON string against Twilio's size limit for its resource and a nesting bound. */
export function checkedAttributes(json: string, owner: AttributesOwner): string {
  const max = ATTRIBUTES_MAX_BYTES[owner];
  if (Buffer.byteLength(json) > max) {
    throw invalidParameter(`Invalid parameter Attributes: a ${owner}'s attributes are at most ${max / 1024} KB`);
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw invalidParameter("Invalid parameter Attributes: expected a JSON string");
  }
  if (jsonDepth(value) > ATTRIBUTES_MAX_DEPTH) {
    throw invalidParameter(`Invalid parameter Attributes: nested deeper than ${ATTRIBUTES_MAX_DEPTH} levels`);
  }
  return json;
}

/** Attachments in one conversation: more than any support chat needs, few enough that no one fills a disk. */
export const MEDIA_MAX_PER_CONVERSATION = 100;
/** Uploads waiting for their message at once (a message takes at most ten). */
export const MEDIA_MAX_UNATTACHED = 20;
/** An upload no message took by then is removed. */
export const MEDIA_UNATTACHED_TTL_MS = 60 * 60 * 1000;

type Budget = { burst: number; perSecond: number };

/**
 * Twilio's own ceiling on writes to one conversation: "Message create, update, delete" are limited per conversation
 * to 30 actions per second (Twilio changelog, "Increasing Actions Per Second for Conversations"; the Conversations
 * Limits page). Answered 429 / 20429, as Twilio answers it.
 */
export const CONVERSATION_MESSAGE_RATE: Budget = { burst: 30, perSecond: 30 };
/**
 * One client identity's messages in one conversation (the visitor's socket or live API, whatever the number of tabs).
 * Twilio documents no per-identity rate; the stricter reading keeps a flood from one token out of the store. Twenty
 * at once covers a visitor sending ten files and a few lines together; one a second after that is faster than anyone
 * types. Per conversation, so an agent answering many chats has this budget in each of them.
 */
export const IDENTITY_MESSAGE_RATE: Budget = { burst: 20, perSecond: 1 };

/** Token buckets by key, swept of full (idle) ones so that memory follows the active clients only. */
class Buckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly budget: Budget) {}

  /** Takes one token, or answers how many seconds until one is back. */
  take(key: string, now: number): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.budget.burst, at: now };
    bucket.tokens = Math.min(this.budget.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.budget.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      return Math.max(1, Math.ceil((1 - bucket.tokens) / this.budget.perSecond));
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.sweep(now);
    return 0;
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.budget.perSecond >= this.budget.burst)
        this.buckets.delete(key);
    }
  }
}

/**
 * Every message written to the sandbox passes here: per conversation always (Twilio's limit), and per identity in that
 * conversation when a client's token wrote it (the SDK's socket, the live API). A refused message is not stored.
 */
export class MessageRate {
  private readonly conversations: Buckets;
  private readonly identities: Buckets;

  constructor(
    budgets: { conversation: Budget; identity: Budget } = {
      conversation: CONVERSATION_MESSAGE_RATE,
      identity: IDENTITY_MESSAGE_RATE,
    },
    private readonly now: () => number = Date.now,
  ) {
    this.conversations = new Buckets(budgets.conversation);
    this.identities = new Buckets(budgets.identity);
  }

  /** Throws Twilio's 429 when this message is one too many. `identity`: the client that wrote it, if any. */
  take(conversationSid: string, identity: string | null): void {
    const now = this.now();
    if (identity !== null) {
      const wait = this.identities.take(`${conversationSid} ${identity}`, now);
      if (wait > 0) {
        throw tooManyRequests(`Too many messages from ${identity}: try again in ${wait} s`, wait);
      }
    }
    const wait = this.conversations.take(conversationSid, now);
    if (wait > 0) throw tooManyRequests(`Too many messages in ${conversationSid}: try again in ${wait} s`, wait);
  }
}
