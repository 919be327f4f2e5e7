import { randomBytes } from "node:crypto";

/** A Twilio-form SID: a two-letter type prefix and 32 lowercase hex characters (34 in all). */
export function newSid(prefix: "AC" | "SK" | "IS" | "IG" | "CH" | "IM" | "MB" | "US" | "RL" | "ME"): string {
  return prefix + randomBytes(16).toString("hex");
}

export function isSid(value: string, prefix: string): boolean {
  return new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value);
}
