import { z } from "zod";

/**
 * The postMessage protocol between public/embed.js (on the host page) and the chat in its iframe (/embed).
 * Every message carries a `source` tag; each side also checks the sender's origin and window before reading one.
 */
export const HOST_SOURCE = "flex-webchat:host";
export const CHAT_SOURCE = "flex-webchat:chat";

/** What the host page may tell the chat. Anything else is ignored. */
export const hostMessageSchema = z.discriminatedUnion("type", [
  z.object({ source: z.literal(HOST_SOURCE), type: z.literal("visibility"), open: z.boolean() }),
  z.object({
    source: z.literal(HOST_SOURCE),
    type: z.literal("pre-engagement"),
    // Field name → value, bounded: the form validates the values again on submit, like anything typed.
    values: z.record(z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/), z.union([z.string().max(4000), z.boolean()])),
  }),
]);

export type HostMessage = z.infer<typeof hostMessageSchema>;

/** What the chat tells the host page. */
export type ChatMessageToHost =
  | { source: typeof CHAT_SOURCE; type: "ready" }
  | { source: typeof CHAT_SOURCE; type: "unread"; count: number }
  | { source: typeof CHAT_SOURCE; type: "ended" }
  | { source: typeof CHAT_SOURCE; type: "close-request" };
