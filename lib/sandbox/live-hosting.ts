import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { getEnv } from "@/lib/env";
import { getSandbox } from "@/lib/sandbox";
import { handleLiveRequest } from "@/lib/sandbox/live";
import type { Sandbox } from "@/lib/sandbox/sandbox";
import { BARE_SECURITY_HEADERS } from "@/lib/security/headers";

// The sandbox's live API (lib/sandbox/live.ts) answered by the app's own server, before Next. Every chat message
// crosses it twice (the sender's POST, the other side's stream), and Next's route pipeline costs milliseconds a
// request before the handler runs, a large share of a round trip visitor → agent → visitor. instrumentation.ts puts this handler on globalThis at start (sandbox mode only) and server.mjs offers it every
// request: it takes the paths LIVE_PATH matches and says so. The route handler at
// app/api/sandbox/conversations/[sid]/[action] stays, and answers the same way where the app runs without server.mjs
// (Vercel) or in development.

const LIVE_HANDLER_KEY = Symbol.for("flex-webchat-next.sandbox-live");
/** The live API's paths: `/api/sandbox/conversations/<sid>/<action>`, with or without a query. */
const LIVE_PATH = /^\/api\/sandbox\/conversations\/([^/?]+)\/([^/?]+)(?:\?|$)/;
/** Answers the request and returns true if it is the live API's; false leaves it to Next. */
type Holder = { [LIVE_HANDLER_KEY]?: (request: IncomingMessage, response: ServerResponse) => boolean };

function plain(response: ServerResponse, status: number, sentence: string): void {
  response.writeHead(status, { ...BARE_SECURITY_HEADERS, "content-type": "text/plain; charset=utf-8" });
  response.end(sentence);
}

/** Runs one request through the live API's Web handler, as a Next route would, and streams its answer back. */
export async function serveLiveRequest(
  sandbox: Sandbox,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const match = LIVE_PATH.exec(request.url ?? "");
  if (!match) return plain(response, 404, "Not found");
  let sid: string, action: string;
  try {
    [sid, action] = [decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)];
  } catch {
    return plain(response, 400, "This address is not valid: it has a malformed %-encoding.");
  }
  // Ends the live stream's subscription when the client goes away, as Next's request.signal does.
  const gone = new AbortController();
  response.once("close", () => gone.abort());
  const method = request.method ?? "GET";
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const hasBody = method !== "GET" && method !== "HEAD";
  const webRequest = new Request(`http://${request.headers.host ?? "localhost"}${request.url}`, {
    method,
    headers,
    signal: gone.signal,
    ...(hasBody ? { body: Readable.toWeb(request) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
  } as RequestInit);
  let answer: Response;
  try {
    answer = await handleLiveRequest(sandbox, webRequest, sid, action);
  } catch (error) {
    console.error("Sandbox live API:", error);
    return plain(response, 500, "Something went wrong on our side. Please try again.");
  }
  const outgoing: Record<string, string> = { ...BARE_SECURITY_HEADERS };
  answer.headers.forEach((value, name) => void (outgoing[name] = value));
  response.writeHead(answer.status, outgoing);
  if (!answer.body) return void response.end();
  const reader = answer.body.getReader();
  response.once("close", () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // A client that reads slowly holds the next read back, rather than its events piling up in this process.
      if (!response.write(value)) await drained(response);
    }
  } catch {
    // The client went away mid-stream (the stream's own cleanup has run), or the stream ended itself: its reader
    // had fallen too far behind (lib/sandbox/live.ts).
  }
  response.end();
}

function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });
}

export function registerLiveEndpoint(): void {
  if (getEnv().mode !== "sandbox") return;
  (globalThis as Holder)[LIVE_HANDLER_KEY] = (request, response) => {
    if (!LIVE_PATH.test(request.url ?? "")) return false;
    void serveLiveRequest(getSandbox(), request, response);
    return true;
  };
}
