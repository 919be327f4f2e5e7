import "server-only";
import type { TwilioContext } from "@/lib/twilio/webchat";
import type { MediaLink } from "@/lib/transcripts/media";

/**
 * A fresh, short-lived URL for one file of a conversation, from Twilio's Media Content Service: "Fetch a Media
 * resource", `GET https://mcs.us1.twilio.com/v1/Services/{ChatServiceSid}/Media/{MediaSid}` with the API Key as Basic
 * auth; its `links.content_direct_temporary` is a pre-signed URL of the file's bytes, valid for a few minutes
 * (https://www.twilio.com/docs/conversations/api/media-resource). The helper library has no resource for MCS, so
 * this goes through its generic `client.request` — the same client, credentials, region and edge (`getHostname` turns
 * `mcs.us1` into `mcs.<edge>.<region>`), and in sandbox mode the same in-process sandbox, as every other call.
 */

export type MediaContent = { url: string; filename: string | null; contentType: string };

export class MediaFetchFailed extends Error {
  constructor(public readonly status: number) {
    super(`Media Content Service answered ${status}`);
    this.name = "MediaFetchFailed";
  }
}

type McsMedia = {
  sid?: unknown;
  service_sid?: unknown;
  /** MCS still calls a conversation a "channel": the conversation the media was sent in, once it is sent. */
  channel_sid?: unknown;
  filename?: unknown;
  content_type?: unknown;
  links?: { content_direct_temporary?: unknown };
};

/** The file's temporary URL, or null when it is gone or is not the named conversation's. */
export async function fetchMediaContent({ client }: TwilioContext, link: MediaLink): Promise<MediaContent | null> {
  const response = (await client.request({
    method: "get",
    uri: `https://mcs.us1.twilio.com/v1/Services/${link.serviceSid}/Media/${link.mediaSid}`,
  })) as { statusCode: number; body: unknown };
  if (response.statusCode === 404) return null;
  if (response.statusCode !== 200) throw new MediaFetchFailed(response.statusCode);
  const media = (typeof response.body === "string" ? JSON.parse(response.body) : response.body) as McsMedia;
  const url = media.links?.content_direct_temporary;
  if (media.sid !== link.mediaSid || media.channel_sid !== link.conversationSid || typeof url !== "string") return null;
  return {
    url,
    filename: typeof media.filename === "string" ? media.filename : null,
    contentType: typeof media.content_type === "string" ? media.content_type : "application/octet-stream",
  };
}
