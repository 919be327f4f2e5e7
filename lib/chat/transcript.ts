import type { ChatMedia, ChatMessage } from "@/lib/chat/types";

/**
 * A plain-text transcript: one block per message with its time, author, text and attachments (by name, or as
 * `describeFile` puts them: the emailed copy adds a link).
 */
export function buildTranscript(
  messages: ChatMessage[],
  options: {
    title: string;
    nameOf: (author: string) => string;
    formatTime: (iso: string) => string;
    describeFile?: (file: ChatMedia) => string;
    /** The visitor's answers to the form, shown above the messages ("Order number: AB-123456"). */
    details?: { label: string; value: string | null }[];
  },
): string {
  const describeFile = options.describeFile ?? ((file: ChatMedia) => `[Attachment: ${file.filename}]`);
  const lines = [options.title, "=".repeat(options.title.length), ""];
  const answered = (options.details ?? []).filter((detail) => detail.value !== null);
  if (answered.length > 0) lines.push(...answered.map(({ label, value }) => `${label}: ${value}`), "");
  for (const message of messages) {
    lines.push(`[${options.formatTime(message.dateCreated)}] ${options.nameOf(message.author)}:`);
    if (message.body) lines.push(...message.body.split(/\r?\n/).map((line) => `  ${line}`));
    for (const file of message.media) lines.push(`  ${describeFile(file)}`);
    lines.push("");
  }
  return lines.join("\n");
}
