import type { TwilioSettings } from "@/lib/env";

/** Well-formed, made-up Twilio settings for tests that never reach Twilio. */
export const FAKE_TWILIO_SETTINGS: TwilioSettings = {
  accountSid: `AC${"a".repeat(32)}`,
  apiKeySid: `SK${"b".repeat(32)}`,
  apiKeySecret: "s".repeat(32),
  conversationsServiceSid: `IS${"c".repeat(32)}`,
  flexAddressSid: `IG${"d".repeat(32)}`,
};
