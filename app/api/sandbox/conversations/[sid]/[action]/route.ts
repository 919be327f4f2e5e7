import { getEnv } from "@/lib/env";
import { getSandbox } from "@/lib/sandbox";
import { handleLiveRequest } from "@/lib/sandbox/live";

// The sandbox's stand-in for Twilio's websocket: a live event stream and small authenticated POSTs.
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ sid: string; action: string }> };

async function handle(request: Request, { params }: Context): Promise<Response> {
  if (getEnv().mode !== "sandbox") return new Response("Not found", { status: 404 });
  const { sid, action } = await params;
  return handleLiveRequest(getSandbox(), request, sid, action);
}

export { handle as GET, handle as POST };
