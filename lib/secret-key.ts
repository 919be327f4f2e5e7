import "server-only";
import { createSecretKey, type KeyObject } from "node:crypto";

// Tokens are signed and checked on every chat page and API call. Given a string, jsonwebtoken first tries it as a
// PEM key and only then as a secret, at the cost of a thrown error each time: hand it the key object instead, made
// once per secret.
const keys = new Map<string, KeyObject>();

/** The HMAC key object for an API key secret (cached). */
export function secretKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret))));
  return key;
}
