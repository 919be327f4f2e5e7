import "server-only";
import { notFound } from "@/lib/sandbox/errors";
import type { Route } from "@/lib/sandbox/flex-rest";
import { json } from "@/lib/sandbox/http";
import { signedMediaPath } from "@/lib/sandbox/media";
import type { Sandbox } from "@/lib/sandbox/sandbox";
import type { MediaRow } from "@/lib/sandbox/store";

/**
 * The sandbox's Media Content Service (mcs.us1.twilio.com): "Fetch a Media resource" only, in the shape of
 * https://www.twilio.com/docs/conversations/api/media-resource (MCS has no OpenAPI document among Twilio's). Like
 * Twilio it answers a file of the account's Conversation Service to the account's credentials, whoever uploaded it,
 * and its `content_direct_temporary` is a short-lived signed URL of the bytes (here, on this app's own origin).
 */
export function mediaContentService({ sandbox, method, url, segments }: Route, mediaOrigin: string): Response {
  const [version, services, serviceSid, collection, mediaSid, extra] = segments;
  if (
    version !== "v1" ||
    services !== "Services" ||
    collection !== "Media" ||
    !mediaSid ||
    extra !== undefined ||
    method !== "GET"
  ) {
    throw notFound(url.pathname);
  }
  const creds = sandbox.credentials;
  const media = serviceSid === creds.conversationsServiceSid ? sandbox.store.getMedia(mediaSid) : undefined;
  if (!media) throw notFound(url.pathname);
  return json(200, mediaResource(sandbox, media, mediaOrigin));
}

/** A Media resource as MCS answers it, with a fresh temporary URL of its bytes on `origin`. */
export function mediaResource(sandbox: Sandbox, media: MediaRow, origin: string) {
  const creds = sandbox.credentials;
  const serviceSid = creds.conversationsServiceSid;
  const path = `/v1/Services/${serviceSid}/Media/${media.sid}`;
  return {
    sid: media.sid,
    account_sid: creds.accountSid,
    service_sid: serviceSid,
    date_created: media.date_created,
    date_upload_updated: media.date_created,
    date_updated: media.date_created,
    links: {
      content: `${path}/Content`,
      content_direct_temporary: new URL(signedMediaPath(media.sid, creds.apiKeySecret), origin).toString(),
    },
    size: media.size,
    content_type: media.content_type,
    filename: media.filename,
    author: media.author,
    category: "media",
    // The conversation ("channel") and message the file was sent with; none while it waits to be sent.
    message_sid: media.message_sid,
    channel_sid: media.message_sid ? media.conversation_sid : null,
    url: path,
    is_multipart_upstream: false,
  };
}
