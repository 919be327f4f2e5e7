// How the client's address and the public origin are known: the one place that reads forwarded headers.
// Plain JavaScript, so server.mjs (which runs before any build) and the app's TypeScript share it.

/**
 * TRUST_PROXY: "off" (default; the socket's peer is the client and forwarded headers are ignored), a hop count
 * 1–5 (that many reverse proxies of yours stand in front and each appends to X-Forwarded-For), or "vercel" (the
 * platform overwrites X-Forwarded-For itself, and this server does not run there).
 * @typedef {{ kind: "off" } | { kind: "hops"; hops: number } | { kind: "vercel" }} ProxyTrust
 */

/**
 * @param {string | undefined} value
 * @returns {ProxyTrust}
 */
export function parseProxyTrust(value) {
  const text = (value ?? "").trim().toLowerCase();
  if (text === "" || text === "off" || text === "0") return { kind: "off" };
  if (text === "vercel") return { kind: "vercel" };
  if (/^[1-5]$/.test(text)) return { kind: "hops", hops: Number(text) };
  throw new Error(`TRUST_PROXY must be "off", a number of proxies from 1 to 5, or "vercel" (got "${value}")`);
}

/**
 * The client's address for one request: with N trusted proxies, the Nth address from the right of
 * X-Forwarded-For + the socket's peer; without, the peer itself. Addresses a client wrote itself further left are
 * never used.
 * @param {ProxyTrust} trust
 * @param {string | undefined} forwardedFor
 * @param {string | undefined} peer
 */
export function clientAddress(trust, forwardedFor, peer) {
  const socket = (peer ?? "").replace(/^::ffff:/, "") || "unknown";
  if (trust.kind === "off") return socket;
  const chain = [
    ...(forwardedFor ?? "")
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean),
    socket,
  ];
  if (trust.kind === "vercel") return chain[0] ?? socket;
  return chain[Math.max(0, chain.length - 1 - trust.hops)] ?? socket;
}

/**
 * Rewrites a Node request's forwarded headers in place so that everything after it can read them as facts:
 * X-Forwarded-For becomes the one client address, and X-Forwarded-Host/-Proto survive only from trusted proxies.
 * @param {ProxyTrust} trust
 * @param {import("node:http").IncomingMessage} request
 */
export function normalizeForwardedHeaders(trust, request) {
  const forwarded = request.headers["x-forwarded-for"];
  const address = clientAddress(
    trust,
    Array.isArray(forwarded) ? forwarded.join(",") : forwarded,
    request.socket.remoteAddress,
  );
  request.headers["x-forwarded-for"] = address;
  delete request.headers["x-real-ip"];
  if (trust.kind === "off") {
    delete request.headers["x-forwarded-host"];
    delete request.headers["x-forwarded-proto"];
    delete request.headers["x-forwarded-port"];
    delete request.headers.forwarded;
  }
}
