import "server-only";
import { createHash } from "node:crypto";
import { getEnv } from "@/lib/env";
import { visitorDetails, type VisitorDetails } from "@/lib/sandbox/agent";
import * as sandboxConsole from "@/lib/sandbox/console";
import type { ConsoleTask } from "@/lib/sandbox/console";
import { transcriptConversation, type SessionData } from "@/lib/session";
import { getTwilio } from "@/lib/twilio/client";
import { fetchConversationState, loadConversation, mintAccessToken, type ConversationView } from "@/lib/twilio/webchat";

// "See both sides" (/demo, sandbox only): one person plays the visitor and the agent of their own chat. Every read and
// write here acts on the chat the visitor's own encrypted cookie names, never on one the browser names, and as an
// agent identity of that visitor's own: its token opens their conversation and no other, even on a public demo.

/** The demo agent's name as the visitor sees it. */
export const DEMO_AGENT_NAME = "Alex";

/** The agent identity a demo visitor plays: derived from theirs, so it joins their conversations only. */
export function demoAgentIdentity(visitorIdentity: string): string {
  return `demo-agent-${createHash("sha256").update(visitorIdentity).digest("hex").slice(0, 24)}`;
}

export type DemoView =
  | { state: "none" }
  | {
      state: "chat";
      conversationSid: string;
      conversation: ConversationView;
      visitor: VisitorDetails;
      task: ConsoleTask | null;
      agentIdentity: string;
      /** A token for the agent's live view, once they have joined. */
      token: string | null;
    };

/** The demo exists only on the sandbox; in Twilio mode its page and actions answer as if it did not exist. */
export function demoAvailable(): boolean {
  return getEnv().mode === "sandbox";
}

/** The visitor's own chat (under way or just ended) as its agent sees it, or "none" before they start one. */
export async function readDemo(session: SessionData): Promise<DemoView> {
  const conversationSid = transcriptConversation(session);
  if (!conversationSid || !session.identity) return { state: "none" };
  const twilio = getTwilio();
  const conversation = await loadConversation(twilio, conversationSid);
  if (!conversation) return { state: "none" };
  const agentIdentity = demoAgentIdentity(session.identity);
  const joined = sandboxConsole.agentHasJoined(conversationSid, agentIdentity);
  return {
    state: "chat",
    conversationSid,
    conversation,
    visitor: visitorDetails(conversation.attributes),
    task: sandboxConsole.fetchConversationTask(conversationSid),
    agentIdentity,
    token:
      joined && conversation.state !== "closed"
        ? mintAccessToken(twilio.settings, agentIdentity, getEnv().tokenTtl)
        : null,
  };
}

/** The task of the visitor's own chat, if it is theirs to act on. */
function ownTask(session: SessionData): { conversationSid: string; task: ConsoleTask; agentIdentity: string } | null {
  const conversationSid = transcriptConversation(session);
  if (!conversationSid || !session.identity) return null;
  const task = sandboxConsole.fetchConversationTask(conversationSid);
  return task ? { conversationSid, task, agentIdentity: demoAgentIdentity(session.identity) } : null;
}

/** Accept, as the visitor's own agent: only their chat, only while it waits. False when there is nothing to accept. */
export function acceptDemoChat(session: SessionData): boolean {
  const own = ownTask(session);
  if (!own || (own.task.status !== "pending" && own.task.status !== "reserved")) return false;
  sandboxConsole.acceptTask(own.task.taskSid, { identity: own.agentIdentity, friendlyName: DEMO_AGENT_NAME });
  return true;
}

/** The agent's End chat on the visitor's own chat (wrap-up follows, as in the console). */
export function endDemoChat(session: SessionData): boolean {
  const own = ownTask(session);
  if (!own || own.task.status !== "assigned") return false;
  sandboxConsole.endChatAsAgent(own.conversationSid, own.agentIdentity);
  return true;
}

/** Wrap-up done on the visitor's own chat. */
export function completeDemoChat(session: SessionData): boolean {
  const own = ownTask(session);
  if (!own || own.task.status !== "wrapping") return false;
  sandboxConsole.completeTask(own.task.taskSid);
  return true;
}

/** A fresh token for the demo agent's live view, while the visitor's chat is open. */
export async function refreshDemoToken(session: SessionData): Promise<string | null> {
  const conversationSid = transcriptConversation(session);
  if (!conversationSid || !session.identity) return null;
  const twilio = getTwilio();
  const state = await fetchConversationState(twilio, conversationSid);
  if (state === null || state === "closed") return null;
  const identity = demoAgentIdentity(session.identity);
  return sandboxConsole.agentHasJoined(conversationSid, identity)
    ? mintAccessToken(twilio.settings, identity, getEnv().tokenTtl)
    : null;
}
