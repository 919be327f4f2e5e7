import type { ChatMessage } from "@/lib/chat/types";

/** The authors of automated messages (a Studio flow's, the system's): named and drawn as the bot, never as an agent. */
export function automatedAuthors(messages: ChatMessage[]): Set<string> {
  const authors = new Set<string>();
  for (const message of messages) if (message.automated) authors.add(message.author);
  return authors;
}

/**
 * Who wrote a message, as the visitor's transcript and read-only log name them: the visitor, the bot (no
 * participant wrote it), or an agent. One rule for the log, the download and the email.
 */
export function authorKind(messages: ChatMessage[], visitor: string): (author: string) => "you" | "bot" | "agent" {
  const bots = automatedAuthors(messages);
  return (author) => (author === visitor ? "you" : bots.has(author) || author === "system" ? "bot" : "agent");
}
