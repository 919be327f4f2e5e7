import "server-only";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { getEnv } from "@/lib/env";
import { getSandbox } from "@/lib/sandbox";
import { TwilsockEndpoint } from "@/lib/sandbox/twilsock/endpoint";

// Route handlers cannot take a websocket upgrade, so the sandbox's twilsock endpoint is reached through the app's
// own server: instrumentation.ts puts this handler on globalThis at start (sandbox mode only), and server.mjs hands
// it every upgrade request for TWILSOCK_PATH. In Twilio mode nothing is registered and the path answers 404.

export const UPGRADE_HANDLER_KEY = Symbol.for("flex-webchat-next.twilsock-upgrade");
const ENDPOINT_KEY = Symbol.for("flex-webchat-next.twilsock-endpoint");
type Holder = {
  [UPGRADE_HANDLER_KEY]?: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  [ENDPOINT_KEY]?: TwilsockEndpoint;
};

/** The origin a browser used to reach this server: PUBLIC_URL, else its Host (and the scheme a trusted proxy says). */
function originOf(request: IncomingMessage): string {
  const publicUrl = getEnv().publicUrl;
  if (publicUrl) return publicUrl.origin;
  // server.mjs has already dropped X-Forwarded-Proto unless TRUST_PROXY allows it (lib/proxy-trust.mjs).
  const scheme = request.headers["x-forwarded-proto"] === "https" ? "https" : "http";
  return `${scheme}://${request.headers.host ?? "localhost"}`;
}

export function registerTwilsockEndpoint(): void {
  if (getEnv().mode !== "sandbox") return;
  const holder = globalThis as Holder;
  holder[UPGRADE_HANDLER_KEY] = (request, socket, head) => {
    const endpoint = (holder[ENDPOINT_KEY] ??= new TwilsockEndpoint(getSandbox()));
    endpoint.handleUpgrade(request, socket, head, `${originOf(request)}/api/sandbox/mcs`);
  };
}
