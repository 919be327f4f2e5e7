import type { ReactNode } from "react";
import type { SystemLine } from "@/lib/chat/conversation-state";
import type { OutboxItem } from "@/lib/chat/outbox";
import type { TimelineItem } from "@/lib/chat/timeline";
import type { ChatMessage } from "@/lib/chat/types";

// What the conversation log's rows are, and what every row is handed (through Virtuoso's context, kept stable so a
// new message re-renders only its own row).

export type Row =
  /** `read`: the visitor's last own message, which the others have read (it shows "Read"). */
  | { kind: "message"; item: TimelineItem; read: boolean }
  | { kind: "system"; line: SystemLine }
  | { kind: "pending"; item: OutboxItem };

export type LogContext = {
  selfIdentity: string;
  nameOf: (author: string) => string;
  /** Whether an author is the bot (a Studio flow, the system): drawn with the bot's mark, not initials. */
  isBot?: (author: string) => boolean;
  /** Absent when retrying makes no sense (the chat has ended). */
  onRetry?: (clientId: string) => void;
  renderMedia?: (message: ChatMessage) => ReactNode;
  loadingOlder: boolean;
  /** Whose messages may use Markdown: the agents' ("others" for the visitor; "self" in the agent console). */
  markdownFrom?: "others" | "self";
};
