import "server-only";
import { readPageContext, type PageContext } from "@/lib/embed/protocol";
import { formAnswers, type FieldAnswer, type FieldConfig, type FieldTexts } from "@/lib/pre-engagement";
import { widgetConfig } from "@/lib/widget-config";
import en from "@/messages/en.json";

/** The sandbox's stand-in Flex agent: the identity the agent console joins conversations with. */
export const AGENT_IDENTITY = "sandbox-agent";
/** The name visitors see for the sandbox agent when AGENT_NAMES=friendly. */
export const AGENT_FRIENDLY_NAME = "Alex";

export type VisitorDetails = {
  name: string;
  email?: string;
  /** The question that opened the chat (the queue shows it). */
  question?: string;
  /** Every configured field but the name, in the form's order: a fork's new field reaches the agent as it is. */
  answers: FieldAnswer[];
  /** Where the visitor is now (the conversation's `webchat_page`), else where they started (pre-engagement data). */
  page?: PageContext;
  /** Left as a message while no one answered (pre-engagement data `leftMessage`): the visitor expects an email. */
  leftMessage: boolean;
};

/** The visitor as Flex records them in the conversation's attributes (`from`, `pre_engagement_data`). */
export function visitorDetails(
  attributes: Record<string, unknown>,
  fields: readonly FieldConfig[] = widgetConfig.preEngagement.fields,
  texts: FieldTexts = en.fields as FieldTexts,
): VisitorDetails {
  const data = (attributes.pre_engagement_data ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" && value.trim() ? value : undefined);
  const emailField = fields.find((f) => f.type === "email");
  return {
    // `from` is WebChats' CustomerFriendlyName as given; the pre-engagement copy is written template-safe.
    name: text(attributes.from) ?? text(data.friendlyName) ?? "Visitor",
    email: emailField ? text(data[emailField.name]) : undefined,
    question: text(data.question),
    // The console is English, as Flex's agent desktop is its own: labels from the English catalog.
    answers: formAnswers(data, fields, texts, ["Yes", "No"]).filter((answer) => answer.name !== nameField(fields)),
    page: readPageContext(attributes.webchat_page) ?? readPageContext(data.page) ?? undefined,
    leftMessage: data.leftMessage === true,
  };
}

function nameField(fields: readonly FieldConfig[]): string | undefined {
  return fields.find((f) => f.purpose === "name")?.name;
}

/** How long a visitor has waited, as an agent reads a queue: "under a minute", "4 min", "1 h 5 min". */
export function waitedFor(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
