import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/env";

const LOCAL_SECRET_FILE = path.join(process.cwd(), ".data", "session-secret");

let cached: string | undefined;

/**
 * SESSION_SECRET when set (always in production: lib/env.ts refuses to start without it);
 * otherwise a random secret kept in the git-ignored .data folder, so that local sessions survive restarts
 * without anyone having to invent a secret on a fresh machine.
 */
export function getSessionSecret(): string {
  if (cached) return cached;
  const env = getEnv();
  if (env.sessionSecret) return (cached = env.sessionSecret);
  try {
    const stored = readFileSync(LOCAL_SECRET_FILE, "utf8").trim();
    if (stored.length >= 32) return (cached = stored);
  } catch {
    // First start on this machine: fall through and make one.
  }
  const secret = randomBytes(32).toString("base64url");
  mkdirSync(path.dirname(LOCAL_SECRET_FILE), { recursive: true });
  writeFileSync(LOCAL_SECRET_FILE, secret, { mode: 0o600 });
  return (cached = secret);
}
