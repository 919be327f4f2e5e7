// The app's server: Next's own request handler behind one step that decides, from TRUST_PROXY, which forwarded
// headers are facts (lib/proxy-trust.mjs). Next leaves a client's own X-Forwarded-For in place, so without this step
// anyone could pick the address their rate limits are counted under. Vercel runs the app its own way and sets the
// header itself (TRUST_PROXY=vercel).
//   node server.mjs [--dev] [-p PORT] [-H HOST]      (npm run dev / npm start)
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { normalizeForwardedHeaders, parseProxyTrust } from "./lib/proxy-trust.mjs";
import { RenderGate, bypassesGate } from "./lib/render-gate.mjs";
import { ConnectionCap, SERVER_TIMEOUTS, parseConnectionsPerAddress, serverOptions } from "./lib/server-limits.mjs";

const args = process.argv.slice(2);
const option = (short, long, fallback) => {
  const index = args.findIndex((arg) => arg === short || arg === long);
  return index >= 0 && args[index + 1] ? args[index + 1] : fallback;
};
const dev = args.includes("--dev");
// As `next dev` / `next start` set it, before Next is loaded.
process.env.NODE_ENV ??= dev ? "development" : "production";
const port = Number(option("-p", "--port", process.env.PORT ?? "3000"));
const hostname = option("-H", "--hostname", process.env.HOSTNAME ?? (dev ? "localhost" : "0.0.0.0"));

// How this process reaches itself (the sandbox delivers the webhooks the app registers here when PUBLIC_URL is unset).
const selfHost = ["0.0.0.0", "::", "localhost"].includes(hostname)
  ? "127.0.0.1"
  : hostname.includes(":")
    ? `[${hostname}]`
    : hostname;
process.env.WEBCHAT_SELF_ORIGIN = `http://${selfHost}:${port}`;
// What the app reads to know its requests passed through normalizeForwardedHeaders below (lib/env.ts, hosting).
process.env.WEBCHAT_SERVER = "server.mjs";

let trust;
let connectionsPerAddress;
try {
  trust = parseProxyTrust(process.env.TRUST_PROXY);
  connectionsPerAddress = parseConnectionsPerAddress(process.env.MAX_CONNECTIONS_PER_IP);
} catch (error) {
  console.error(`Invalid configuration:\n  - ${error.message}\nSee .env.example.`);
  process.exit(1);
}

const { default: next } = await import("next");
const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
// A few page renders at a time; chat traffic never waits behind them (lib/render-gate.mjs). Not in development,
// where the first request to a page waits for it to compile.
const gate = dev ? null : new RenderGate({ concurrency: 2, maxWaiting: 2000, maxWaitMs: 60_000 });
// A server action that redirects has Next fetch the target page from this same server, with the action's own
// request headers: an admitted request carries this pass, so that follow-up never queues behind its own parent
// (which would deadlock once every slot holds an action). Random per process, and never sent to a browser.
const PASS_HEADER = "x-webchat-render-pass";
const pass = randomBytes(18).toString("base64url");
// The sandbox's live API (messages, the live stream) is answered before Next by a handler instrumentation.ts registers
// in sandbox mode (lib/sandbox/live-hosting.ts), which takes its own paths and leaves the rest. Its route handler
// answers the same requests in development (where an edit to the sandbox must take effect without a restart) and
// wherever the app runs without this server.
const liveHandler = () => (dev ? undefined : globalThis[Symbol.for("flex-webchat-next.sandbox-live")]);
// Slow clients are dropped (lib/server-limits.mjs): a connection that never finishes its request holds a socket and
// memory for nothing, and enough of them starve everyone else.
const server = createServer(serverOptions(trust), async (request, response) => {
  normalizeForwardedHeaders(trust, request);
  const passed = request.headers[PASS_HEADER] === pass;
  if (!passed) delete request.headers[PASS_HEADER];
  // Next reads that follow-up's answer itself and compresses it once for the browser: not twice.
  else delete request.headers["accept-encoding"];
  if (liveHandler()?.(request, response)) return;
  if (!gate || passed || bypassesGate(request.url ?? "/")) return handle(request, response);
  const ticket = gate.enter();
  // Listened for before waiting: a client that leaves while queued must still give its slot back once admitted.
  response.once("close", () => void ticket.then((release) => release?.()));
  const release = await ticket;
  if (response.destroyed) return;
  if (!release) {
    response.writeHead(503, {
      "content-type": "text/plain; charset=utf-8",
      "retry-after": "5",
      "x-content-type-options": "nosniff",
    });
    return response.end("This site is very busy right now. Please try again in a few seconds.");
  }
  request.headers[PASS_HEADER] = pass;
  return handle(request, response);
});
server.timeout = SERVER_TIMEOUTS.idleTimeout;
// Where clients connect directly, one address may hold only so many sockets; behind a proxy every connection is the
// proxy's, and the proxy bounds its own clients.
if (trust.kind === "off") {
  const cap = new ConnectionCap(connectionsPerAddress);
  server.on("connection", (socket) => cap.admit(socket));
}
// Websocket upgrades: the sandbox's twilsock endpoint for the Conversations SDK (registered by instrumentation.ts in
// sandbox mode; lib/sandbox/twilsock/hosting.ts), else Next's own (the development server's hot reload).
const TWILSOCK_PATH = "/api/sandbox/twilsock";
const upgradeNext = app.getUpgradeHandler();
server.on("upgrade", (request, socket, head) => {
  normalizeForwardedHeaders(trust, request);
  const path = (request.url ?? "/").split("?")[0];
  // In production nothing but the sandbox takes a websocket; an upgrade left to Next there would hold its socket open.
  if (path !== TWILSOCK_PATH) {
    if (dev) return upgradeNext(request, socket, head);
    return void socket.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n");
  }
  const handler = globalThis[Symbol.for("flex-webchat-next.twilsock-upgrade")];
  if (!handler) {
    socket.end(
      "HTTP/1.1 404 Not Found\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nNo sandbox websocket here: this server talks to Twilio.",
    );
    return;
  }
  handler(request, socket, head);
});
// Stopped by the platform (or Ctrl-C): exit cleanly, so exit hooks run (a --cpu-prof profile is written, say).
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => process.exit(0));
server.listen(port, hostname, () => {
  console.log(
    `▲ Ready on http://${hostname}:${port} (${dev ? "development" : "production"}; TRUST_PROXY=${process.env.TRUST_PROXY || "off"})`,
  );
  const loopback = /^(127\.|localhost$|::1$)/.test(hostname);
  if (!dev && !loopback && trust.kind === "off") {
    console.warn(
      "! This server speaks plain HTTP on a public address and trusts no proxy in front of it. Browsers drop the\n" +
        "  Secure session cookie over HTTP, so chats will not resume: put HTTPS in front (a reverse proxy or your\n" +
        "  platform) and set TRUST_PROXY to the number of proxies, or serve it on loopback behind one.",
    );
  }
});
