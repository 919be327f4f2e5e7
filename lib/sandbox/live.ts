import "server-only";
import { z } from "zod";
import { MESSAGE_MAX_LENGTH } from "@/lib/chat/types";
import { withoutControlCharacters } from "@/lib/text";
import {
  ATTRIBUTES_MAX_DEPTH,
  LIVE_JSON_MAX_BYTES,
  LIVE_STREAM_BACKLOG_MAX_BYTES,
  MEDIA_MAX_PER_CONVERSATION,
  MEDIA_MAX_UNATTACHED,
  MEDIA_UNATTACHED_TTL_MS,
  checkedAttributes,
  jsonDepth,
  readCapped,
} from "@/lib/sandbox/limits";
import { SandboxError, closedError, invalidParameter, isSandboxError, notFound } from "@/lib/sandbox/errors";
import type { Sandbox, LiveEvent } from "@/lib/sandbox/sandbox";
import { checkUpload, signedMediaPath } from "@/lib/sandbox/media";
import { tokenExpiry, verifyAccessToken } from "@/lib/sandbox/tokens";

/**
 * The browser's side of the sandbox, standing in for the websocket that @twilio/conversations keeps with Twilio:
 * a resumable Server-Sent Events stream plus small POST endpoints, all authenticated by the access token.
 */

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

function errorResponse(error: SandboxError): Response {
  return Response.json(
    { code: error.code, message: error.message, status: error.status },
    {
      status: error.status,
      headers: error.retryAfterSeconds ? { "retry-after": String(error.retryAfterSeconds) } : undefined,
    },
  );
}

function authorize(sandbox: Sandbox, request: Request, conversationSid: string) {
  const header = request.headers.get("authorization");
  if (!header?.startsWith("Bearer ")) throw new SandboxError(401, 20101, "Invalid Access Token: none was sent");
  const token = header.slice(7);
  const identity = verifyAccessToken(token, sandbox.credentials);
  const conversation = sandbox.store.getConversation(conversationSid);
  if (!conversation) throw notFound(`/Conversations/${conversationSid}`);
  if (!sandbox.store.findParticipant(conversation.sid, identity)) {
    throw new SandboxError(403, null, `${identity} is not a participant of this conversation`);
  }
  return { identity, conversation, token };
}

/** The upload's name (percent-encoded by the client); a malformed encoding is a 400, not a crash. */
function decodedFilename(header: string | null): string {
  if (!header) return "attachment";
  try {
    return decodeURIComponent(header);
  } catch {
    throw invalidParameter("The file name is not valid percent-encoding (X-Filename)");
  }
}

function frame(event: LiveEvent): Uint8Array {
  const id = event.id === undefined ? "" : `id: ${event.id}\n`;
  return encoder.encode(`${id}event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
}

/** Open streams by identity and conversation: a few tabs each, the oldest closed when one more opens. */
const MAX_STREAMS_PER_IDENTITY = 4;
/** A resumed stream replays at most this many events; further behind, it starts again from a snapshot. */
const REPLAY_MAX_EVENTS = 200;
const openStreams = new WeakMap<Sandbox, Map<string, (() => void)[]>>();

function admit(sandbox: Sandbox, key: string, close: () => void): () => void {
  let byKey = openStreams.get(sandbox);
  if (!byKey) openStreams.set(sandbox, (byKey = new Map()));
  const open = byKey.get(key) ?? [];
  while (open.length >= MAX_STREAMS_PER_IDENTITY) open.shift()!();
  open.push(close);
  byKey.set(key, open);
  return () => {
    const index = open.indexOf(close);
    if (index >= 0) open.splice(index, 1);
    if (open.length === 0) byKey.delete(key);
  };
}

function stream(
  sandbox: Sandbox,
  request: Request,
  conversationSid: string,
  identity: string,
  token: string,
): Response {
  const header = request.headers.get("last-event-id");
  const lastEventId = header && /^\d+$/.test(header) ? Number(header) : undefined;
  let cleanup = () => {};

  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const send = (event: LiveEvent) => {
          try {
            controller.enqueue(frame(event));
          } catch {
            cleanup();
            return;
          }
          // The reader has stopped reading: what waits for it is dropped, not kept growing.
          if ((controller.desiredSize ?? 0) < 0) {
            cleanup();
            controller.error(new SandboxError(503, null, "The live stream's reader fell too far behind"));
          }
        };
        // A first byte at once, so the response starts even when a resumed stream has nothing to replay yet.
        controller.enqueue(encoder.encode(": open\n\n"));
        // SQLite and the bus are synchronous, so nothing can slip between this read and the subscription below.
        const missed =
          lastEventId === undefined
            ? []
            : sandbox.store.eventsAfter(conversationSid, lastEventId, REPLAY_MAX_EVENTS + 1);
        if (lastEventId === undefined || missed.length > REPLAY_MAX_EVENTS) {
          const snapshot = sandbox.snapshot(conversationSid);
          send({ id: snapshot.lastEventId, type: "snapshot", data: snapshot });
        } else {
          for (const event of missed) send({ id: event.id, type: event.type, data: JSON.parse(event.data) });
        }
        const unsubscribe = sandbox.subscribe(conversationSid, send);
        const heartbeat = setInterval(() => {
          try {
            controller.enqueue(encoder.encode(": keep-alive\n\n"));
          } catch {
            cleanup();
          }
        }, HEARTBEAT_MS);
        // Like Twilio's websocket, the stream ends when its token does; the client then brings a fresh one.
        const exp = tokenExpiry(token);
        const expiry = exp
          ? setTimeout(
              () => {
                send({ type: "tokenExpired", data: {} });
                cleanup();
                controller.close();
              },
              Math.max(0, exp * 1000 - Date.now()),
            )
          : undefined;
        const release = admit(sandbox, `${conversationSid}:${identity}`, () => {
          cleanup();
          try {
            controller.close();
          } catch {
            // Already closed by the client.
          }
        });
        cleanup = () => {
          release();
          unsubscribe();
          clearInterval(heartbeat);
          if (expiry) clearTimeout(expiry);
          cleanup = () => {};
        };
        request.signal.addEventListener("abort", () => cleanup());
      },
      cancel() {
        cleanup();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: LIVE_STREAM_BACKLOG_MAX_BYTES }),
  );

  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
    },
  });
}

const sendSchema = z
  .object({
    // The composer's limit, the same here: one limit for a message, wherever it is typed.
    body: z
      .string()
      .transform(withoutControlCharacters)
      .pipe(
        z
          .string()
          .trim()
          .max(MESSAGE_MAX_LENGTH, `A message is at most ${MESSAGE_MAX_LENGTH.toLocaleString("en")} characters`),
      )
      .default(""),
    attributes: z.record(z.string(), z.unknown()).optional(),
    media: z
      .array(z.string().regex(/^ME[0-9a-f]{32}$/))
      .max(10)
      .default([]),
  })
  .refine((m) => m.body.length > 0 || m.media.length > 0, "A message cannot be empty");
const readSchema = z.object({ index: z.number().int().min(0) });
const olderSchema = z.object({
  before: z.coerce.number().int().min(0),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const body = await readCapped(request, LIVE_JSON_MAX_BYTES);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new SandboxError(400, 20001, "The request body must be JSON");
  }
  // Checked before anything walks it recursively (validation, serialising attributes); the body's own object is one
  // level above its attributes.
  if (jsonDepth(raw, ATTRIBUTES_MAX_DEPTH + 1) > ATTRIBUTES_MAX_DEPTH + 1) {
    throw invalidParameter(`The request body is nested deeper than ${ATTRIBUTES_MAX_DEPTH} levels`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new SandboxError(400, 20001, parsed.error.issues[0]!.message);
  return parsed.data;
}

export async function handleLiveRequest(
  sandbox: Sandbox,
  request: Request,
  conversationSid: string,
  action: string,
): Promise<Response> {
  try {
    const { identity, conversation, token } = authorize(sandbox, request, conversationSid);
    if (request.method === "GET" && action === "events")
      return stream(sandbox, request, conversation.sid, identity, token);
    // A closed conversation can still be read (history, attachments), but nothing more is written to it.
    if (request.method === "POST" && conversation.state === "closed") throw closedError();
    if (request.method === "POST" && action === "messages") {
      const input = await readJson(request, sendSchema);
      sandbox.messageRate.take(conversation.sid, identity);
      const row = sandbox.postMessage(
        conversation.sid,
        {
          author: identity,
          body: input.body,
          attributes: input.attributes ? checkedAttributes(JSON.stringify(input.attributes), "message") : undefined,
          mediaSids: input.media,
        },
        { webhooks: true },
      ); // the browser stands in for the Conversations SDK, whose messages fire webhooks
      return Response.json(sandbox.messageJson(row), { status: 201 });
    }
    if (request.method === "POST" && action === "media") {
      sandbox.store.removeUnattachedMedia(MEDIA_UNATTACHED_TTL_MS);
      const counts = sandbox.store.countMedia(conversation.sid);
      if (counts.all >= MEDIA_MAX_PER_CONVERSATION) {
        throw new SandboxError(
          429,
          null,
          `This conversation already has ${MEDIA_MAX_PER_CONVERSATION} attachments, the most it can hold.`,
        );
      }
      if (counts.unattached >= MEDIA_MAX_UNATTACHED) {
        throw new SandboxError(429, null, "Too many files are waiting to be sent. Send or remove some first.");
      }
      // Counted while it streams in: a chunked upload without Content-Length is refused at the limit, not after.
      const limit = sandbox.attachments.maxBytes;
      const data = await readCapped(
        request,
        limit,
        `The file is larger than the ${Math.round(limit / 1024 / 1024)} MB limit.`,
      );
      const contentType = await checkUpload(data, request.headers.get("content-type") ?? "", sandbox.attachments);
      const filename =
        withoutControlCharacters(decodedFilename(request.headers.get("x-filename"))).slice(0, 200) || "attachment";
      const media = sandbox.store.addMedia({
        conversationSid: conversation.sid,
        author: identity,
        filename,
        contentType,
        data: Buffer.from(data),
      });
      return Response.json(
        { sid: media.sid, filename: media.filename, content_type: media.content_type, size: media.size },
        { status: 201 },
      );
    }
    if (request.method === "GET" && action === "media") {
      const media = sandbox.store.getMedia(new URL(request.url).searchParams.get("sid") ?? "");
      if (!media || media.conversation_sid !== conversation.sid) throw notFound("/Media");
      return Response.json({ url: signedMediaPath(media.sid, sandbox.credentials.apiKeySecret) });
    }
    if (request.method === "GET" && action === "messages") {
      const query = olderSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!query.success) throw new SandboxError(400, 20001, "Expected ?before=<index>&limit=<1-100>");
      const rows = sandbox.store.messagesBefore(conversation.sid, query.data.before, query.data.limit + 1);
      return Response.json({
        messages: rows
          .slice(0, query.data.limit)
          .reverse()
          .map((row) => sandbox.messageJson(row)),
        has_more: rows.length > query.data.limit,
      });
    }
    if (request.method === "POST" && action === "typing") {
      sandbox.typing(conversation.sid, identity);
      return new Response(null, { status: 204 });
    }
    if (request.method === "POST" && action === "read") {
      const { index } = await readJson(request, readSchema);
      sandbox.advanceReadHorizon(conversation.sid, identity, index);
      return new Response(null, { status: 204 });
    }
    return errorResponse(notFound(new URL(request.url).pathname));
  } catch (error) {
    if (isSandboxError(error)) return errorResponse(error);
    throw error;
  }
}
