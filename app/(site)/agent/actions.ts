"use server";

import { AGENT_IDENTITY } from "@/lib/agent";
import { getEnv } from "@/lib/env";
import { isSid } from "@/lib/sandbox/sids";
import { getTwilio } from "@/lib/twilio/client";
import { closeConversation, fetchConversationState, mintAccessToken } from "@/lib/twilio/webchat";

// The agent console exists only on the sandbox; these actions re-check that and their input on every call.
function checkedSid(conversationSid: unknown): string | null {
  if (getEnv().mode !== "sandbox") return null;
  return typeof conversationSid === "string" && isSid(conversationSid, "CH") ? conversationSid : null;
}

export async function closeConversationAsAgent(conversationSid: string): Promise<{ ok: boolean }> {
  const sid = checkedSid(conversationSid);
  if (!sid) return { ok: false };
  await closeConversation(getTwilio(), sid);
  return { ok: true };
}

export async function refreshAgentToken(
  conversationSid: string,
): Promise<{ status: "ok"; token: string } | { status: "closed" } | { status: "error" }> {
  const sid = checkedSid(conversationSid);
  if (!sid) return { status: "error" };
  const twilio = getTwilio();
  const state = await fetchConversationState(twilio, sid);
  if (state === null || state === "closed") return { status: "closed" };
  return { status: "ok", token: mintAccessToken(twilio.settings, AGENT_IDENTITY, getEnv().tokenTtl) };
}
