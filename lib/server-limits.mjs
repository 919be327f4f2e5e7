// How long server.mjs waits for a client, and how many connections one address may hold. Plain JavaScript because
// server.mjs loads it before Next (and TypeScript) is there; lib/server-limits.d.mts types it.

/**
 * The server's clocks. A client that has not sent its whole request head within `headersTimeout`, or its whole
 * request within `requestTimeout`, is answered 408 and dropped; Node looks for such connections every
 * `connectionsCheckingInterval`, so the worst case is the sum. `idleTimeout` closes a socket on which nothing at all
 * moved for that long (the live stream sends a heartbeat well within it; websockets turn it off on upgrade).
 */
export const SERVER_TIMEOUTS = Object.freeze({
  // A browser sends its headers in one packet: 20 s is a very slow network, not a client that is still "typing".
  headersTimeout: 20_000,
  // The largest request is a 16 MiB attachment: two minutes is about 1.1 Mbit/s.
  requestTimeout: 120_000,
  connectionsCheckingInterval: 5_000,
  idleTimeout: 120_000,
});

/**
 * An idle keep-alive connection is closed after this long. Behind a proxy that keeps its own pool of connections (a
 * load balancer's idle timeout is often 60 s), the server must be the one that waits longer, or the proxy sends a
 * request on a socket that is being closed and answers its client 502.
 */
export function keepAliveTimeout(trust) {
  return trust.kind === "off" ? 5_000 : 65_000;
}

/** Connections one client address may hold open at once: a browser uses about eight per site, a busy office more. */
export const DEFAULT_CONNECTIONS_PER_ADDRESS = 256;

/** `MAX_CONNECTIONS_PER_IP`, or the default; a sentence naming the variable when it is not a count. */
export function parseConnectionsPerAddress(value) {
  const text = (value ?? "").trim();
  if (text === "") return DEFAULT_CONNECTIONS_PER_ADDRESS;
  if (!/^\d+$/.test(text) || Number(text) < 8 || Number(text) > 100_000) {
    throw new Error(`MAX_CONNECTIONS_PER_IP must be a whole number from 8 to 100000 (got "${text}").`);
  }
  return Number(text);
}

/**
 * Counts open connections per peer address and refuses one past the cap. Only where clients connect directly
 * (TRUST_PROXY off): behind a proxy every connection comes from the proxy, which bounds its own clients.
 */
export class ConnectionCap {
  /** @param {number} max */
  constructor(max) {
    this.max = max;
    /** @type {Map<string, number>} */
    this.open = new Map();
  }

  /** Takes a new socket: false (and the socket destroyed) when its address already holds `max`. */
  admit(socket) {
    const address = socket.remoteAddress ?? "unknown";
    const count = this.open.get(address) ?? 0;
    if (count >= this.max) {
      socket.destroy();
      return false;
    }
    this.open.set(address, count + 1);
    socket.once("close", () => {
      const left = (this.open.get(address) ?? 1) - 1;
      if (left <= 0) this.open.delete(address);
      else this.open.set(address, left);
    });
    return true;
  }
}

/** createServer's options for these clocks (the checking interval can only be set there). */
export function serverOptions(trust, timeouts = SERVER_TIMEOUTS) {
  return {
    headersTimeout: timeouts.headersTimeout,
    requestTimeout: timeouts.requestTimeout,
    connectionsCheckingInterval: timeouts.connectionsCheckingInterval,
    keepAliveTimeout: keepAliveTimeout(trust),
  };
}
