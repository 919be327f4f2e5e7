/**
 * The postMessage protocol between public/embed.js (on the host page) and the chat in its iframe (/embed).
 * Every message carries a `source` tag; each side also checks the sender's origin and window before reading one.
 */
export const HOST_SOURCE = "flex-webchat:host";
export const CHAT_SOURCE = "flex-webchat:chat";

/** What the host page may tell the chat. Anything else is ignored. */
export type HostMessage =
  | { source: typeof HOST_SOURCE; type: "visibility"; open: boolean }
  | { source: typeof HOST_SOURCE; type: "pre-engagement"; values: Record<string, string | boolean> }
  /** The host page the visitor is on (its path, with the query only when the site allows), for the agent. */
  | { source: typeof HOST_SOURCE; type: "page"; path: string; title: string }
  /** The visitor accepted the site's invitation: its greeting opens the chat they start. */
  | { source: typeof HOST_SOURCE; type: "invitation"; message: string };

/** A page's path and title as the agent sees them: bounded, a path of this site (never another origin). */
export type PageContext = { path: string; title: string };
export const PAGE_PATH_MAX = 500;
export const PAGE_TITLE_MAX = 200;

/** A page context from anywhere (the host, a form field), or null if it is not one. */
export function readPageContext(value: unknown): PageContext | null {
  if (typeof value !== "object" || value === null) return null;
  const { path, title } = value as Record<string, unknown>;
  if (typeof path !== "string" || !path.startsWith("/") || path.startsWith("//") || path.length > PAGE_PATH_MAX)
    return null;
  if (typeof title !== "string" || title.length > PAGE_TITLE_MAX) return null;
  // No control characters: they would travel into Flex's attributes and the agent's screen.
  if (/[\u0000-\u001f\u007f]/.test(path + title)) return null;
  return { path, title };
}

/** An invitation's greeting: one short sentence or two, plain text. */
export const INVITATION_MAX = 200;

/** An invitation's greeting from anywhere (the host, a form field), or null if it is not one. */
export function readInvitation(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (text === "" || text.length > INVITATION_MAX || /[\u0000-\u001f\u007f]/.test(text)) return null;
  return text;
}

const FIELD_NAME = /^[a-z][a-zA-Z0-9_]{0,39}$/;
const MAX_VALUE_LENGTH = 4000;
const MAX_FIELDS = 20;

/**
 * Reads a message from the host page, or null. Hand-written rather than a zod schema: this runs in the visitor's
 * browser, where zod would add its weight to the chat and its eval probe would trip the page's CSP.
 * Prefilled values are bounded here and validated again by the server when the form is submitted.
 */
export function readHostMessage(data: unknown): HostMessage | null {
  if (typeof data !== "object" || data === null) return null;
  const message = data as Record<string, unknown>;
  if (message.source !== HOST_SOURCE) return null;
  if (message.type === "visibility" && typeof message.open === "boolean") {
    return { source: HOST_SOURCE, type: "visibility", open: message.open };
  }
  if (message.type === "page") {
    const page = readPageContext(message);
    return page ? { source: HOST_SOURCE, type: "page", ...page } : null;
  }
  if (message.type === "invitation") {
    const text = readInvitation(message.message);
    return text ? { source: HOST_SOURCE, type: "invitation", message: text } : null;
  }
  if (message.type === "pre-engagement" && typeof message.values === "object" && message.values !== null) {
    const entries = Object.entries(message.values as Record<string, unknown>);
    if (entries.length > MAX_FIELDS) return null;
    const values: Record<string, string | boolean> = {};
    for (const [name, value] of entries) {
      if (!FIELD_NAME.test(name)) return null;
      if (typeof value === "boolean") values[name] = value;
      else if (typeof value === "string" && value.length <= MAX_VALUE_LENGTH) values[name] = value;
      else return null;
    }
    return { source: HOST_SOURCE, type: "pre-engagement", values };
  }
  return null;
}

/** What the chat tells the host page. */
export type ChatMessageToHost =
  /** The launcher's words in the chat's language, and the direction to lay out its panel bar in. */
  | {
      source: typeof CHAT_SOURCE;
      type: "ready";
      labels: { open: string; close: string; dismiss: string; invite: string; dismissInvite: string };
      dir: "ltr" | "rtl";
      /** Whether an invitation may be shown now: within operating hours, and no chat of this visitor under way. */
      invitable: boolean;
    }
  /**
   * `label` names the launcher with the count, e.g. "Chat with us, 2 unread messages"; `preview`, the newest unread
   * message (who, and its first words), for the card beside a closed launcher.
   */
  | {
      source: typeof CHAT_SOURCE;
      type: "unread";
      count: number;
      label: string;
      preview: { name: string; text: string } | null;
    }
  | { source: typeof CHAT_SOURCE; type: "ended" }
  | { source: typeof CHAT_SOURCE; type: "close-request" };
