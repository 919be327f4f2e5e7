export type ProxyTrust = { kind: "off" } | { kind: "hops"; hops: number } | { kind: "vercel" };
export function parseProxyTrust(value: string | undefined): ProxyTrust;
export function clientAddress(trust: ProxyTrust, forwardedFor: string | undefined, peer: string | undefined): string;
export function normalizeForwardedHeaders(trust: ProxyTrust, request: import("node:http").IncomingMessage): void;
