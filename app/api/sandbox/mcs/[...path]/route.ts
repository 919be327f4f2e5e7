import { getEnv } from "@/lib/env";
import { getSandbox } from "@/lib/sandbox";
import { handleMcsRequest, mcsPreflight } from "@/lib/sandbox/mcs-http";

// The sandbox's Media Content Service for the Conversations SDK (SANDBOX_CLIENT=sdk): lib/sandbox/mcs-http.ts.
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ path: string[] }> };

async function handle(request: Request, { params }: Context): Promise<Response> {
  if (getEnv().mode !== "sandbox") return new Response("Not found", { status: 404 });
  return handleMcsRequest(getSandbox(), request, (await params).path);
}

export const GET = handle;
export const POST = handle;
export function OPTIONS(): Response {
  return mcsPreflight();
}
