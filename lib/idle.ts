import { parse, toSeconds } from "iso8601-duration";
import type { Env } from "@/lib/env";

/** How long before the closed timer ends an idle chat the visitor is asked "Still there?": 3 minutes at most. */
export const IDLE_WARNING_SECONDS = 180;

/**
 * The closed timer (CHAT_CLOSED_AFTER) as the visitor's page must count it: in the sandbox, a test clock may run
 * faster than real time (SANDBOX_CLOCK_SPEED). The warning comes 3 minutes before, or at three quarters of a short timer.
 */
export function idleTimer(env: Env): { closedAfterMs: number; warnBeforeMs: number } {
  const closed = toSeconds(parse(env.chatTimers.closed));
  const speed = env.mode === "sandbox" ? env.sandboxClockSpeed : 1;
  return {
    closedAfterMs: Math.round((closed * 1000) / speed),
    warnBeforeMs: Math.round((Math.min(IDLE_WARNING_SECONDS, closed / 4) * 1000) / speed),
  };
}
