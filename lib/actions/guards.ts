import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import { getEnv } from "@/lib/env";
import { agentConsoleAccess } from "@/lib/security/agent-console";
import { activeChat, getSession, type ActiveSession } from "@/lib/session";

// The two doors every server action goes through. An action is a public POST endpoint that any page (or script)
// can call, not only the page that shows its button, so each one checks who is calling here, itself, rather than
// trusting the page or proxy.ts (which guards /agent pages, not actions).

export type Visitor = {
  session: Awaited<ReturnType<typeof getSession>>;
  /** The chat the cookie names, if it is still the visitor's current one. The browser never names a chat. */
  chat: ActiveSession | null;
};

/** A visitor's action: it acts only on what the visitor's own encrypted cookie says, read once here. */
export function withVisitor<Args extends unknown[], Result>(
  action: (visitor: Visitor, ...args: Args) => Promise<Result>,
) {
  return async (...args: Args): Promise<Result> => {
    const session = await getSession();
    return action({ session, chat: activeChat(session) }, ...args);
  };
}

/** Whether this request may act as the console's agent: the console exists only on the sandbox, behind its password. */
async function agentAllowed(): Promise<boolean> {
  const env = getEnv();
  if (env.mode !== "sandbox") return false;
  const access = agentConsoleAccess((await headers()).get("authorization"), {
    production: env.nodeEnv === "production",
    password: env.agentConsolePassword,
  });
  return access.allowed;
}

/**
 * An agent console action: the caller must be the console's agent, and its input (a form's fields, or the one value
 * it is passed) must match `schema`; otherwise `refused` answers, and the action never runs.
 */
export function withAgent<Input, Result>(
  schema: z.ZodType<Input>,
  refused: () => Result | Promise<Result>,
  action: (input: Input) => Result | Promise<Result>,
) {
  return async (raw: unknown): Promise<Result> => {
    if (!(await agentAllowed())) return refused();
    const parsed = schema.safeParse(raw instanceof FormData ? Object.fromEntries(raw) : raw);
    if (!parsed.success) return refused();
    return action(parsed.data);
  };
}
