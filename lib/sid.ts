/**
 * Whether a value is a Twilio SID of one kind: its two-letter prefix ("CH" a conversation, "WT" a task, "ME" a
 * media item…) and 32 hex digits. Shared by the app (which checks every SID it is handed) and the sandbox.
 */
export function isSid(value: unknown, prefix: string): value is string {
  return typeof value === "string" && new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value);
}
