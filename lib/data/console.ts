import "server-only";
import { AGENT_IDENTITY, visitorDetails, type VisitorDetails } from "@/lib/sandbox/agent";
import { getEnv } from "@/lib/env";
import { getSandbox } from "@/lib/sandbox";
import * as sandboxConsole from "@/lib/sandbox/console";
import type { ConsoleTask } from "@/lib/sandbox/console";
import { getTwilio } from "@/lib/twilio/client";
import { fetchConversationState, loadConversation, mintAccessToken, type ConversationView } from "@/lib/twilio/webchat";

// The agent console's data: every read its pages make and every write its actions make, by name. Pages only read
// (a GET never joins, accepts or ends anything); the actions in app/(site)/agent/actions.ts write. The console is
// the sandbox's stand-in for Flex, so its queue and tasks are the sandbox's own (lib/sandbox/console.ts); the
// conversation itself is read the way the app reads any conversation, through the twilio package.

export type { ConsoleTask };
/** The console's agent, as the conversation knows them; how long a chat has waited, in words. */
export { AGENT_IDENTITY, waitedFor } from "@/lib/sandbox/agent";

/** One page of the queue, the agent's own chats, and how many open conversations never reached Flex. */
export const readQueue = sandboxConsole.fetchQueue;

/** What the sandbox's SMTP mailbox holds (the transcripts the app sent), newest first. */
export function readMail(limit = 50) {
  const mailbox = getSandbox().mailbox;
  return { mails: mailbox.list(limit), total: mailbox.count() };
}

export type ConsoleConversation = {
  conversation: ConversationView;
  visitor: VisitorDetails;
  visitorIdentity: string | undefined;
  task: ConsoleTask | null;
  /** A token for the live view, only once the agent has joined (accepting is the queue's Accept, never a read). */
  token: string | null;
};

/** One conversation as the console shows it, or null when there is no such conversation. */
export async function readConversation(conversationSid: string): Promise<ConsoleConversation | null> {
  const twilio = getTwilio();
  const [conversation, participants] = await Promise.all([
    loadConversation(twilio, conversationSid),
    twilio.client.conversations.v1
      .conversations(conversationSid)
      .participants.list({ limit: 20 })
      .catch(() => []),
  ]);
  if (!conversation) return null;
  const joined = sandboxConsole.agentHasJoined(conversationSid);
  return {
    conversation,
    visitor: visitorDetails(conversation.attributes),
    visitorIdentity: participants.find((p) => p.identity && p.identity !== AGENT_IDENTITY)?.identity,
    task: sandboxConsole.fetchConversationTask(conversationSid),
    token: joined ? mintAccessToken(twilio.settings, AGENT_IDENTITY, getEnv().tokenTtl) : null,
  };
}

/** A fresh token for the agent's live view, while the conversation is open. */
export async function refreshAgentToken(conversationSid: string): Promise<string | null> {
  const twilio = getTwilio();
  const state = await fetchConversationState(twilio, conversationSid);
  if (state === null || state === "closed") return null;
  return mintAccessToken(twilio.settings, AGENT_IDENTITY, getEnv().tokenTtl);
}

/** Accept: the task is assigned and the agent joins the conversation. Returns the conversation to open. */
export function acceptChat(taskSid: string): string {
  return sandboxConsole.acceptTask(taskSid).conversationSid;
}

/** Takes a waiting task whose visitor already left off the queue. */
export function dismissChat(taskSid: string): void {
  sandboxConsole.dismissTask(taskSid);
}

/** Wrap-up done: the task is completed. */
export function completeChat(taskSid: string): void {
  sandboxConsole.completeTask(taskSid);
}

/** The agent's End chat, as Flex UI's (lib/sandbox/console.ts says how). */
export function endChatAsAgent(conversationSid: string): void {
  sandboxConsole.endChatAsAgent(conversationSid);
}
