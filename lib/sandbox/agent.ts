import "server-only";
import { readPageContext, type PageContext } from "@/lib/embed/protocol";

/** The sandbox's stand-in Flex agent: the identity the agent console joins conversations with. */
export const AGENT_IDENTITY = "sandbox-agent";
/** The name visitors see for the sandbox agent when AGENT_NAMES=friendly. */
export const AGENT_FRIENDLY_NAME = "Alex";

export type VisitorDetails = {
  name: string;
  email?: string;
  question?: string;
  /** Where the visitor is now (the conversation's `webchat_page`), else where they started (pre-engagement data). */
  page?: PageContext;
};

/** The visitor as Flex records them in the conversation's attributes (`from`, `pre_engagement_data`). */
export function visitorDetails(attributes: Record<string, unknown>): VisitorDetails {
  const data = (attributes.pre_engagement_data ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" && value.trim() ? value : undefined);
  return {
    name: text(data.friendlyName) ?? text(attributes.from) ?? "Visitor",
    email: text(data.email),
    question: text(data.question),
    page: readPageContext(attributes.webchat_page) ?? readPageContext(data.page) ?? undefined,
  };
}

/** How long a visitor has waited, as an agent reads a queue: "under a minute", "4 min", "1 h 5 min". */
export function waitedFor(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
