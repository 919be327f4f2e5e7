import { redirect, RedirectType } from "next/navigation";
import { getEnv } from "@/lib/env";
import { checkResumeLink, stopReplyEmails } from "@/lib/data/visitor";
import { getSession } from "@/lib/session";

// The link in a missed-replies email. Opened, it makes this browser the visitor of that one conversation (any
// device: the link is the proof) and shows the chat. With `stop=1` it leads to the page that stops the emails; a mail
// client's one-click unsubscribe (RFC 8058) POSTs it.
export const dynamic = "force-dynamic";

// Next's redirect, not Response.redirect: its answer carries the session cookie set just before.
const to = (path: string): never => redirect(path, RedirectType.replace);

export async function GET(request: Request): Promise<never> {
  const query = new URL(request.url).searchParams;
  const token = query.get("t");
  // Stopping is never a side effect of opening a link (mail scanners open them): a page asks first.
  if (query.get("stop") === "1") return to(`/chat/stop-emails?t=${encodeURIComponent(token ?? "")}`);
  const check = checkResumeLink(token);
  if (!check.ok) return to(`/chat?link=${check.reason === "expired" ? "expired" : "invalid"}`);
  const session = await getSession();
  session.conversationSid = check.link.conversationSid;
  session.identity = check.link.identity;
  session.startedAt = Date.now();
  delete session.endedConversationSid;
  delete session.leftMessageFor;
  await session.save();
  return to("/chat");
}

export async function POST(request: Request): Promise<Response> {
  const query = new URL(request.url).searchParams;
  const check = checkResumeLink(query.get("t"));
  const text = (status: number, body: string) =>
    new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
  if (query.get("stop") !== "1") return text(405, "This link is opened, not posted to, except to stop the emails.");
  if (!check.ok) return text(400, "This unsubscribe link is not valid or has expired.");
  if (!getEnv().transcripts) return text(404, "This site sends no emails.");
  try {
    await stopReplyEmails(check.link.conversationSid);
  } catch {
    return text(502, "The emails could not be stopped right now. Try again in a minute.");
  }
  return text(200, "No more emails about this chat.");
}
