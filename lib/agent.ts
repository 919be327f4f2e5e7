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
