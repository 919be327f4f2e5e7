import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  ConnectionCap,
  DEFAULT_CONNECTIONS_PER_ADDRESS,
  SERVER_TIMEOUTS,
  keepAliveTimeout,
  parseConnectionsPerAddress,
  serverOptions,
} from "@/lib/server-limits.mjs";

// server.mjs's clocks and connection cap, on a real http.Server and real sockets (with the clocks shortened).

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** A raw client that writes `text` (or nothing) and reports when the server closed it. */
function probe(port: number, text?: string) {
  const started = Date.now();
  let closedAfter: number | null = null;
  let answer = "";
  const socket = connect(port, "127.0.0.1", () => text && socket.write(text));
  sockets.push(socket);
  socket.on("data", (chunk) => (answer += chunk));
  socket.on("error", () => {});
  socket.on("close", () => (closedAfter = Date.now() - started));
  return { closedAfter: () => closedAfter, answer: () => answer };
}

describe("the server's clocks", () => {
  it("drops a silent connection, a bare request line and half a header block once headers are late", async () => {
    const timeouts = { headersTimeout: 300, requestTimeout: 600, connectionsCheckingInterval: 100, idleTimeout: 1000 };
    const port = await listen(createServer(serverOptions({ kind: "off" }, timeouts), (_, res) => res.end("ok")));
    const slow = [
      probe(port),
      probe(port, "GET / HTTP/1.1\r\n"),
      probe(port, "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n"),
    ];
    const whole = probe(port, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    await expect.poll(() => slow.map((p) => p.closedAfter() !== null), { timeout: 3000 }).toEqual([true, true, true]);
    for (const p of slow) expect(p.closedAfter()).toBeLessThan(1500);
    expect(whole.answer()).toContain("200 OK");
  });

  it("ships bounds a slow client meets within a minute, and waits longer than a proxy's pool when behind one", () => {
    expect(SERVER_TIMEOUTS.headersTimeout + SERVER_TIMEOUTS.connectionsCheckingInterval).toBeLessThanOrEqual(30_000);
    expect(serverOptions({ kind: "off" })).toMatchObject({ headersTimeout: 20_000, requestTimeout: 120_000 });
    expect(keepAliveTimeout({ kind: "off" })).toBe(5_000);
    expect(keepAliveTimeout({ kind: "hops", hops: 1 })).toBeGreaterThan(60_000);
  });
});

describe("connections per address", () => {
  it("refuses one past the cap, and counts a closed one out again", async () => {
    const server = createServer((_, res) => res.end("ok"));
    const cap = new ConnectionCap(8);
    server.on("connection", (socket) => cap.admit(socket));
    const port = await listen(server);
    const open = Array.from({ length: 8 }, () => probe(port));
    await expect.poll(() => cap.open.get("127.0.0.1")).toBe(8);
    const ninth = probe(port);
    await expect.poll(() => ninth.closedAfter() !== null).toBe(true);
    expect(open.every((p) => p.closedAfter() === null)).toBe(true);
    sockets[0]!.destroy();
    await expect.poll(() => cap.open.get("127.0.0.1")).toBe(7);
    const again = probe(port, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    await expect.poll(() => again.answer()).toContain("200 OK");
  });

  it("reads MAX_CONNECTIONS_PER_IP, refusing what is not a count with a sentence naming it", () => {
    expect(parseConnectionsPerAddress(undefined)).toBe(DEFAULT_CONNECTIONS_PER_ADDRESS);
    expect(parseConnectionsPerAddress(" 64 ")).toBe(64);
    for (const bad of ["4", "1e3", "-1", "many", "100001"])
      expect(() => parseConnectionsPerAddress(bad)).toThrow(/^MAX_CONNECTIONS_PER_IP must be/);
  });
});
