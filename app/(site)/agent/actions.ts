"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AGENT_IDENTITY } from "@/lib/agent";
import { getEnv } from "@/lib/env";
import { agentConsoleAccess } from "@/lib/security/agent-console";
import { acceptTask, completeTask, dismissTask, endChatAsAgent } from "@/lib/sandbox/console";
import { isSid } from "@/lib/sandbox/sids";
import { getTwilio } from "@/lib/twilio/client";
import { fetchConversationState, mintAccessToken } from "@/lib/twilio/webchat";

// The agent console exists only on the sandbox; these actions re-check that, the console's password and their input
// on every call. An action is a public POST endpoint that any page can reach, not only the console's, so the
// guard in proxy.ts (which covers /agent paths) is not enough on its own.
async function checked(value: unknown, prefix: "CH" | "WT"): Promise<string | null> {
  const env = getEnv();
  if (env.mode !== "sandbox") return null;
  const access = agentConsoleAccess((await headers()).get("authorization"), {
    production: env.nodeEnv === "production",
    password: env.agentConsolePassword,
  });
  if (!access.allowed) return null;
  return typeof value === "string" && isSid(value, prefix) ? value : null;
}

/** A refusal the console shows as a sentence (never the sandbox's own text). */
function back(to: string, problem: string): never {
  redirect(`${to}?problem=${encodeURIComponent(problem)}`);
}

/** Accept: a button and an action, never a side effect of opening a page. */
export async function acceptChat(formData: FormData): Promise<void> {
  const taskSid = await checked(formData.get("taskSid"), "WT");
  if (!taskSid) back("/agent", "That chat is not in the queue.");
  let conversationSid: string;
  try {
    conversationSid = acceptTask(taskSid).conversationSid;
  } catch (error) {
    console.warn("agent:accept", error instanceof Error ? error.message : error);
    back("/agent", "That chat can no longer be accepted: the visitor left or another agent took it.");
  }
  redirect(`/agent/${conversationSid}`);
}

export async function dismissChat(formData: FormData): Promise<void> {
  const taskSid = await checked(formData.get("taskSid"), "WT");
  if (!taskSid) back("/agent", "That chat is not in the queue.");
  try {
    dismissTask(taskSid);
  } catch (error) {
    console.warn("agent:dismiss", error instanceof Error ? error.message : error);
    back("/agent", "That chat is no longer waiting.");
  }
  redirect("/agent");
}

export async function completeChat(formData: FormData): Promise<void> {
  const taskSid = await checked(formData.get("taskSid"), "WT");
  const from = await checked(formData.get("conversationSid"), "CH");
  if (!taskSid) back("/agent", "That task does not exist.");
  try {
    completeTask(taskSid);
  } catch (error) {
    console.warn("agent:complete", error instanceof Error ? error.message : error);
    back(from ? `/agent/${from}` : "/agent", "Only a chat in wrap-up can be completed.");
  }
  redirect("/agent");
}

export async function endChatAsAgentAction(conversationSid: string): Promise<{ ok: boolean }> {
  const sid = await checked(conversationSid, "CH");
  if (!sid) return { ok: false };
  endChatAsAgent(sid);
  return { ok: true };
}

export async function refreshAgentToken(
  conversationSid: string,
): Promise<{ status: "ok"; token: string } | { status: "closed" } | { status: "error" }> {
  const sid = await checked(conversationSid, "CH");
  if (!sid) return { status: "error" };
  const twilio = getTwilio();
  const state = await fetchConversationState(twilio, sid);
  if (state === null || state === "closed") return { status: "closed" };
  return { status: "ok", token: mintAccessToken(twilio.settings, AGENT_IDENTITY, getEnv().tokenTtl) };
}
