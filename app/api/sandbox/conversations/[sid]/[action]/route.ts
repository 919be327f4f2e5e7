import { getEnv } from "@/lib/env";
import { getSandbox } from "@/lib/sandbox";
import { handleLiveRequest } from "@/lib/sandbox/live";

// The sandbox's stand-in for Twilio's websocket: a live event stream and small authenticated POSTs.
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ sid: string; action: string }> };

async function handle(request: Request, { params }: Context): Promise<Response> {
  if (getEnv().mode !== "sandbox") return new Response("Not found", { status: 404 });
  let route: { sid: string; action: string };
  try {
    route = await params;
  } catch {
    // A malformed %-encoding in the path (requests with a body do not pass proxy.ts's check).
    return Response.json(
      { code: 20001, message: "This address is not valid: it has a malformed %-encoding.", status: 400 },
      { status: 400 },
    );
  }
  return handleLiveRequest(getSandbox(), request, route.sid, route.action);
}

export { handle as GET, handle as POST };
