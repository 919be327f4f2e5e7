import { timingSafeEqual } from "node:crypto";

export const AGENT_CONSOLE_USER = "agent";

export type ConsoleAccess = { allowed: true } | { allowed: false; status: 401 | 403; message: string };

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Who may open the sandbox agent console: anyone in development; in production only with AGENT_CONSOLE_PASSWORD
 * (HTTP Basic, user "agent"), and nobody when it is not set.
 */
export function agentConsoleAccess(
  authorization: string | null,
  { production, password }: { production: boolean; password: string | undefined },
): ConsoleAccess {
  if (!password) {
    return production
      ? { allowed: false, status: 403, message: "The agent console is closed. Set AGENT_CONSOLE_PASSWORD to open it." }
      : { allowed: true };
  }
  if (authorization?.startsWith("Basic ")) {
    const decoded = Buffer.from(authorization.slice(6), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0 && same(decoded.slice(0, colon), AGENT_CONSOLE_USER) && same(decoded.slice(colon + 1), password)) {
      return { allowed: true };
    }
  }
  return { allowed: false, status: 401, message: "Sign in to the agent console (user \"agent\")." };
}
