import "server-only";
import { withoutControlCharacters } from "@/lib/text";
import { SandboxError, isSandboxError, notFound } from "@/lib/sandbox/errors";
import {
  LIVE_JSON_MAX_BYTES,
  MEDIA_MAX_PER_CONVERSATION,
  MEDIA_MAX_UNATTACHED,
  MEDIA_UNATTACHED_TTL_MS,
  readCapped,
} from "@/lib/sandbox/limits";
import { mediaResource } from "@/lib/sandbox/mcs";
import { checkUpload } from "@/lib/sandbox/media";
import type { Sandbox } from "@/lib/sandbox/sandbox";
import { verifyAccessToken } from "@/lib/sandbox/tokens";

/**
 * The Media Content Service as @twilio/conversations reaches it: plain HTTP at the `media_service` and
 * `media_set_service` links of its Configuration (lib/sandbox/twilsock/api.ts), authenticated by the access token in
 * an `X-Twilio-Token` header (observed in @twilio/mcs-client). Upload, fetch one, fetch several; each answer carries a
 * short-lived signed URL of the bytes (app/api/sandbox/media). A browser sends that header only after a CORS
 * preflight, which this answers (the token, not a cookie, is what authorizes: no credentials are allowed).
 */

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "X-Twilio-Token, Content-Type",
  "access-control-max-age": "600",
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...CORS },
  });

export function mcsPreflight(): Response {
  return new Response(null, { status: 204, headers: CORS });
}

export async function handleMcsRequest(sandbox: Sandbox, request: Request, path: string[]): Promise<Response> {
  try {
    const identity = verifyAccessToken(request.headers.get("x-twilio-token") ?? "", sandbox.credentials);
    const [version, services, serviceSid, collection, mediaSid, extra] = path;
    if (
      version !== "v1" ||
      services !== "Services" ||
      serviceSid !== sandbox.credentials.conversationsServiceSid ||
      extra !== undefined
    ) {
      throw notFound(`/${path.join("/")}`);
    }
    const origin = new URL(request.url).origin;
    const visible = (sid: string) => {
      const media = sandbox.store.getMedia(sid);
      if (!media) return null;
      // Its author, or anyone in the conversation it was sent in.
      if (
        media.author === identity ||
        (media.message_sid && sandbox.store.findParticipant(media.conversation_sid, identity))
      )
        return media;
      return null;
    };
    if (collection === "Media" && mediaSid === undefined && request.method === "POST")
      return await upload(sandbox, request, identity, origin);
    if (collection === "Media" && mediaSid !== undefined && request.method === "GET") {
      const media = visible(mediaSid);
      if (!media) throw notFound(`/Media/${mediaSid}`);
      return json(200, mediaResource(sandbox, media, origin));
    }
    if (collection === "MediaSet" && mediaSid === undefined && request.method === "POST") {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(await readCapped(request, LIVE_JSON_MAX_BYTES)));
      // Any JSON value parses (null, a number, an array): only an object is a request.
      const body = (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {}) as {
        command?: unknown;
        list?: unknown;
      };
      if (body.command !== "get" || !Array.isArray(body.list) || body.list.length > 100) {
        throw new SandboxError(
          400,
          20001,
          'Expected {"command": "get", "list": [{"media_sid": "ME…"}] } with at most 100 items',
        );
      }
      return json(
        200,
        body.list.map((item: unknown) => {
          const sid = String((item as { media_sid?: unknown })?.media_sid ?? "");
          const media = visible(sid);
          return media
            ? { code: 200, media_record: mediaResource(sandbox, media, origin) }
            : { code: 404, media_record: { sid } };
        }),
      );
    }
    throw notFound(`/${path.join("/")}`);
  } catch (error) {
    if (error instanceof SyntaxError) return json(400, { status: 400, code: 20001, message: "The body is not JSON" });
    if (isSandboxError(error))
      return json(error.status, { status: error.status, code: error.code, message: error.message });
    throw error;
  }
}

async function upload(sandbox: Sandbox, request: Request, identity: string, origin: string): Promise<Response> {
  const url = new URL(request.url);
  // Twilio ties an upload to a conversation only when a message carries it; the sandbox keeps every file with a
  // conversation, so an upload belongs to the uploader's newest open one (a guest has one), which the send then checks.
  const open = sandbox.store
    .conversationsOfIdentity(identity, 20)
    .find(({ conversation }) => conversation.state !== "closed");
  if (!open) throw new SandboxError(403, 50400, "User not participant of an open conversation");
  const conversationSid = open.conversation.sid;
  sandbox.store.removeUnattachedMedia(MEDIA_UNATTACHED_TTL_MS);
  const counts = sandbox.store.countMedia(conversationSid);
  if (counts.all >= MEDIA_MAX_PER_CONVERSATION) {
    throw new SandboxError(
      429,
      null,
      `This conversation already has ${MEDIA_MAX_PER_CONVERSATION} attachments, the most it can hold.`,
    );
  }
  if (counts.unattached >= MEDIA_MAX_UNATTACHED)
    throw new SandboxError(429, null, "Too many files are waiting to be sent. Send or remove some first.");
  const limit = sandbox.attachments.maxBytes;
  const data = await readCapped(
    request,
    limit,
    `The file is larger than the ${Math.round(limit / 1024 / 1024)} MB limit.`,
  );
  const contentType = await checkUpload(data, request.headers.get("content-type") ?? "", sandbox.attachments);
  const filename = withoutControlCharacters(url.searchParams.get("Filename") ?? "").slice(0, 200) || "attachment";
  const media = sandbox.store.addMedia({
    conversationSid,
    author: identity,
    filename,
    contentType,
    data: Buffer.from(data),
  });
  return json(201, mediaResource(sandbox, media, origin));
}
