import { basicCredentials, sameSecret } from "@/lib/security/compare";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export const AGENT_CONSOLE_USER = "agent";

export type ConsoleAccess =
  | { allowed: true }
  /** `attempted`: a password was given and was wrong (what the throttle counts). */
  | { allowed: false; status: 401 | 403; message: string; attempted?: boolean };

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
  const given = basicCredentials(authorization);
  if (given && sameSecret(given.user, AGENT_CONSOLE_USER) && sameSecret(given.password, password))
    return { allowed: true };
  return {
    allowed: false,
    status: 401,
    message: 'Sign in to the agent console (user "agent").',
    attempted: authorization !== null,
  };
}

/**
 * Wrong console passwords, counted per client and for the whole site: ten a client and a hundred in all per ten
 * minutes. The site-wide count keeps guessing slow even for a client that changes address on every try.
 */
export class PasswordThrottle {
  private readonly perClient = new RateLimiterMemory({ keyPrefix: "console-client", points: 10, duration: 600 });
  private readonly site = new RateLimiterMemory({ keyPrefix: "console-site", points: 100, duration: 600 });

  /** Seconds to wait when this client (or the site) has used up its wrong tries; 0 when it may try. */
  async blockedFor(client: string): Promise<number> {
    const [mine, all] = await Promise.all([this.perClient.get(client), this.site.get("all")]);
    const waits = [mine, all]
      .filter((res): res is RateLimiterRes => res !== null && res.remainingPoints <= 0)
      .map((res) => Math.ceil(res.msBeforeNext / 1000));
    return waits.length ? Math.max(1, ...waits) : 0;
  }

  async failed(client: string): Promise<void> {
    await Promise.all([this.perClient.penalty(client, 1), this.site.penalty("all", 1)]);
  }
}
