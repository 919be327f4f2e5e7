import { timingSafeEqual } from "node:crypto";

/**
 * Whether a secret someone gave (a password, a signature) is the expected one, compared in constant time: how long
 * the answer takes says nothing about how much of it matched.
 */
export function sameSecret(given: string, expected: string): boolean {
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The user and password of an HTTP Basic Authorization header (RFC 7617), or null for anything else. The scheme is
 * case-insensitive (RFC 9110 §11.1); the credentials are base64 of "user:password".
 */
export function basicCredentials(header: string | null | undefined): { user: string; password: string } | null {
  const match = /^basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(header ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
