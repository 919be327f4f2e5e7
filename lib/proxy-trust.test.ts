import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientAddress, normalizeForwardedHeaders, parseProxyTrust } from "@/lib/proxy-trust.mjs";

describe("TRUST_PROXY", () => {
  it("parses off (the default), a hop count and vercel, and names anything else", () => {
    expect(parseProxyTrust(undefined)).toEqual({ kind: "off" });
    expect(parseProxyTrust("off")).toEqual({ kind: "off" });
    expect(parseProxyTrust("2")).toEqual({ kind: "hops", hops: 2 });
    expect(parseProxyTrust("Vercel")).toEqual({ kind: "vercel" });
    expect(() => parseProxyTrust("true")).toThrow(
      /TRUST_PROXY must be "off", a number of proxies from 1 to 5, or "vercel"/,
    );
    expect(() => parseProxyTrust("9")).toThrow(/TRUST_PROXY/);
  });

  it("off: the socket's peer, whatever X-Forwarded-For claims", () => {
    expect(clientAddress({ kind: "off" }, "203.0.113.9, 198.51.100.2", "::ffff:192.0.2.1")).toBe("192.0.2.1");
  });

  it("one proxy: the address it appended, never one the client wrote before it", () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; the proxy appended the client's real address.
    expect(clientAddress({ kind: "hops", hops: 1 }, "6.6.6.6, 203.0.113.9", "10.0.0.5")).toBe("203.0.113.9");
    expect(clientAddress({ kind: "hops", hops: 2 }, "6.6.6.6, 203.0.113.9, 10.0.0.4", "10.0.0.5")).toBe("203.0.113.9");
    // Fewer entries than proxies (a request that bypassed one): the leftmost, not an exception.
    expect(clientAddress({ kind: "hops", hops: 3 }, "203.0.113.9", "10.0.0.5")).toBe("203.0.113.9");
  });

  it("rewrites a request's headers so the rest of the app reads facts only", () => {
    const request = {
      headers: {
        "x-forwarded-for": "6.6.6.6",
        "x-real-ip": "7.7.7.7",
        "x-forwarded-host": "evil.example",
        "x-forwarded-proto": "https",
        host: "chat.example.com",
      },
      socket: { remoteAddress: "192.0.2.1" },
    } as unknown as IncomingMessage;
    normalizeForwardedHeaders({ kind: "off" }, request);
    expect(request.headers).toEqual({ "x-forwarded-for": "192.0.2.1", host: "chat.example.com" });

    const proxied = {
      headers: {
        "x-forwarded-for": "6.6.6.6, 203.0.113.9",
        "x-forwarded-host": "chat.example.com",
        "x-forwarded-proto": "https",
      },
      socket: { remoteAddress: "10.0.0.5" },
    } as unknown as IncomingMessage;
    normalizeForwardedHeaders({ kind: "hops", hops: 1 }, proxied);
    expect(proxied.headers).toEqual({
      "x-forwarded-for": "203.0.113.9",
      "x-forwarded-host": "chat.example.com",
      "x-forwarded-proto": "https",
    });
  });
});
