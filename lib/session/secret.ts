import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/env";

const LOCAL_SECRET_FILE = path.join(process.cwd(), ".data", "session-secret");

let cached: SessionPassword | undefined;

/** iron-session's password: one secret, or several by id where the highest id seals and every id unseals. */
export type SessionPassword = string | Record<number, string>;

/**
 * Numbered secrets as iron-session's password. Cookies record the number that sealed them, so numbers must stay
 * with their secrets across deployments: a lone secret is number 1, the next one 2, and so on.
 */
export function sessionPassword(secrets: Record<number, string>): SessionPassword {
  const ids = Object.keys(secrets);
  return ids.length === 1 && ids[0] === "1" ? secrets[1]! : secrets;
}

/**
 * SESSION_SECRET when set (always in production: lib/env.ts refuses to start without it);
 * otherwise a random secret kept in the git-ignored .data folder, so that local sessions survive restarts
 * without anyone having to invent a secret on a fresh machine.
 */
export function getSessionSecret(): SessionPassword {
  if (cached) return cached;
  const env = getEnv();
  if (env.sessionSecrets) return (cached = sessionPassword(env.sessionSecrets));
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
