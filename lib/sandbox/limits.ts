import "server-only";
import { readBodyCapped } from "@/lib/http-body";
import { ATTRIBUTES_MAX_BYTES, type AttributesOwner } from "@/lib/flex-limits";
import { SandboxError, invalidParameter } from "@/lib/sandbox/errors";

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
