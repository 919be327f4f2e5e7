import type { ReactNode } from "react";
import type { SystemLine } from "@/lib/chat/conversation-state";
import type { OutboxItem } from "@/lib/chat/outbox";
import type { TimelineItem } from "@/lib/chat/timeline";
import type { ChatMessage } from "@/lib/chat/types";

// What the conversation log's rows are, and what every row is handed (through Virtuoso's context, kept stable so a
// new message re-renders only its own row).

export type Row =
  | { kind: "message"; item: TimelineItem }
  | { kind: "system"; line: SystemLine }
  | { kind: "pending"; item: OutboxItem };

export type LogContext = {
  selfIdentity: string;
  nameOf: (author: string) => string;
  lastOwnIndex: number | undefined;
  readByOthersUpTo: number;
  /** Absent when retrying makes no sense (the chat has ended). */
  onRetry?: (clientId: string) => void;
  renderMedia?: (message: ChatMessage) => ReactNode;
  loadingOlder: boolean;
};
