import "server-only";
import { randomBytes } from "node:crypto";

/** A Twilio-form SID: a two-letter type prefix and 32 lowercase hex characters (34 in all). */
export type SidPrefix =
  | "AC"
  | "SK"
  | "IS"
  | "IG"
  | "CH"
  | "IM"
  | "MB"
  | "US"
  | "RL"
  | "ME"
  // Flex: webhooks, Studio flows, interactions, their channels and participants, TaskRouter.
  | "WH"
  | "FW"
  | "FO"
  | "GO"
  | "KD"
  | "UO"
  | "UT"
  | "WS"
  | "WW"
  | "WQ"
  | "WT"
  | "WK"
  | "TC";

export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString("hex");
}
