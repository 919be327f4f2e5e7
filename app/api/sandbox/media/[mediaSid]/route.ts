import { getEnv } from "@/lib/env";
import { getSandbox } from "@/lib/sandbox";
import { verifyMediaSignature } from "@/lib/sandbox/media";

export const dynamic = "force-dynamic";

/** A sandbox media file, by the short-lived signed URL its conversation's participants get (as from Twilio). */
export async function GET(request: Request, { params }: { params: Promise<{ mediaSid: string }> }): Promise<Response> {
  if (getEnv().mode !== "sandbox") return new Response("Not found", { status: 404 });
  const { mediaSid } = await params;
  const sandbox = getSandbox();
  const url = new URL(request.url);
  if (
    !verifyMediaSignature(
      mediaSid,
      url.searchParams.get("exp"),
      url.searchParams.get("sig"),
      sandbox.credentials.apiKeySecret,
    )
  ) {
    return new Response("This link has expired. Reload the chat to get a new one.", { status: 403 });
  }
  const media = sandbox.store.getMedia(mediaSid);
  const data = media && sandbox.store.mediaData(mediaSid);
  if (!media || !data) return new Response("Not found", { status: 404 });
  // Images may show inline; anything else downloads, and nothing is ever sniffed into HTML.
  const disposition = media.content_type.startsWith("image/") ? "inline" : "attachment";
  return new Response(new Uint8Array(data), {
    headers: {
      "content-type": media.content_type,
      "content-length": String(data.length),
      "content-disposition": `${disposition}; filename*=UTF-8''${encodeURIComponent(media.filename)}`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, max-age=300",
    },
  });
}
