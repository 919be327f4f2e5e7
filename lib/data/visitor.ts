import "server-only";
import { readResumeLink, type ResumeCheck } from "@/lib/replies/link";
import { stopMissedReplies } from "@/lib/replies";
import { agentNamesOnce } from "@/lib/data/agent-names";
import { browserBackend, getEnv } from "@/lib/env";
import { TWILSOCK_PATH } from "@/lib/sandbox/twilsock/path";
import type { PreEngagement } from "@/lib/pre-engagement";
import type { Locale } from "@/lib/i18n/locales";
import { getTwilio } from "@/lib/twilio/client";
import { findOpenChat, listPastChats, loadPastChat } from "@/lib/twilio/history";
import { sendTranscriptIfRequested } from "@/lib/transcripts";
import { readMediaLink } from "@/lib/transcripts/media";
import { fetchMediaContent } from "@/lib/twilio/media";
import { queueStatus } from "@/lib/twilio/queue";
import { rateConversation, type Rating, type RatingOutcome } from "@/lib/twilio/rating";
import {
  agentDisplayNames,
  endWebChat,
  fetchConversationState,
  listAllMessages,
  loadConversation,
  mintAccessToken,
  postVisitorMessage,
  recordVisitorPage,
  restartTimers,
  startWebChat,
  type ConversationView,
} from "@/lib/twilio/webchat";

// The visitor's data: every read the chat pages make and every write the visitor's actions make, by name, each on
// this process's Twilio client (the real one, or the sandbox through the same package). Pages only read; the
// actions in app/actions.ts write. How each one drives Flex is in lib/twilio/.

export type { ConversationView };

/** Emails (a transcript, replies missed) in this language, heard of through the webhook registered at this URL. */
export type EmailSettings = { locale: Locale; webhookUrl: string };

/** The conversation's state, attributes and latest messages (oldest first), or null when it no longer exists. */
export function readConversation(conversationSid: string): Promise<ConversationView | null> {
  return loadConversation(getTwilio(), conversationSid);
}

/** The conversation's state alone, or null when it no longer exists. */
export function readConversationState(conversationSid: string) {
  return fetchConversationState(getTwilio(), conversationSid);
}

/**
 * The names the visitor may see for the chat's other participants, by identity (AGENT_NAMES=friendly; none
 * otherwise). `cached`: looked up at most every 10 s per conversation, for a page that asks again as people join.
 * Never fails: without names the page says "Agent".
 */
export function readAgentNames(
  conversationSid: string,
  visitorIdentity: string,
  { cached = false, authors = [] }: { cached?: boolean; authors?: readonly string[] } = {},
): Promise<Record<string, string>> {
  if (getEnv().agentNames !== "friendly") return Promise.resolve({});
  const load = () => agentDisplayNames(getTwilio(), conversationSid, visitorIdentity, authors);
  return cached ? agentNamesOnce(conversationSid, load) : load().catch(() => ({}));
}

/**
 * How the visitor's browser connects: which side of the chat seam (lib/chat/connect.ts), Twilio's region, and in
 * sandbox mode with SANDBOX_CLIENT=sdk, where the sandbox serves the SDK's websocket.
 */
export function browserConnection() {
  const env = getEnv();
  return {
    backend: browserBackend(env),
    region: env.mode === "twilio" ? env.twilio.region : undefined,
    twilsock: env.mode === "sandbox" && env.sandboxClient === "sdk" ? TWILSOCK_PATH : undefined,
  };
}

/** A Conversations access token for the visitor's identity (never one the browser names). */
export function visitorToken(identity: string): string {
  return mintAccessToken(getTwilio().settings, identity, getEnv().tokenTtl);
}

/** Starts a web chat in Flex (lib/twilio/webchat.ts says how): the conversation and the identity it is for. */
export function startChat(input: PreEngagement, identity: string | undefined, emails?: EmailSettings) {
  // A message left while no one answers waits for the team: no timer may close it overnight.
  const timers = input.leftMessage ? undefined : getEnv().chatTimers;
  return startWebChat(getTwilio(), input, identity, timers, emails);
}

/** The visitor's End chat: the Flex side first, then the conversation. */
export function endChat(conversationSid: string): Promise<void> {
  return endWebChat(getTwilio(), conversationSid);
}

/** The visitor's rating of an ended chat, into the agent's task. */
export function rateChat(conversationSid: string, rating: Rating): Promise<RatingOutcome> {
  return rateConversation(getTwilio(), conversationSid, rating);
}

/** "Keep chatting": the conversation's timers counted again from now, and an inactive conversation active. */
export function keepChatOpen(conversationSid: string): Promise<void> {
  return restartTimers(getTwilio(), conversationSid, getEnv().chatTimers);
}

/** Every message of the visitor's conversation, oldest first: the transcript download. */
export function readAllMessages(conversationSid: string) {
  return listAllMessages(getTwilio(), conversationSid);
}

/** The page the visitor moved to, for the agent (a closed conversation is left alone). */
export function recordPage(conversationSid: string, page: { path: string; title: string }) {
  return recordVisitorPage(getTwilio(), conversationSid, page);
}

/** Where a waiting visitor stands in the queue, and how long agents usually take. */
export function readQueuePlace(conversationSid: string) {
  return queueStatus(getTwilio(), conversationSid);
}

/** A transcript email's attachment link, checked, then the file's fresh temporary URL (null when it is gone). */
export function openTranscriptAttachment(mediaSid: string, params: URLSearchParams) {
  const ctx = getTwilio();
  const check = readMediaLink(ctx.settings.apiKeySecret, mediaSid, params);
  return check.ok ? { ...check, content: () => fetchMediaContent(ctx, check.link) } : check;
}

/** Twilio said the conversation changed state: its transcript goes out if the visitor asked for one. */
export function sendTranscript(conversationSid: string) {
  return sendTranscriptIfRequested(getTwilio(), conversationSid);
}

/** What a missed-replies email's link names, if this server signed it and it has not expired (lib/replies/link.ts). */
export function checkResumeLink(token: string | null): ResumeCheck {
  return readResumeLink(getTwilio().settings.apiKeySecret, token);
}

/** The visitor's "stop these emails": the conversation's request for them is removed. */
export function stopReplyEmails(conversationSid: string): Promise<void> {
  return stopMissedReplies(getTwilio(), conversationSid);
}

/** A returning visitor's earlier, closed chats, newest first (lib/twilio/history.ts). */
export function readPastChats(identity: string) {
  return listPastChats(getTwilio(), identity);
}

/** One earlier chat of this identity, whole; null when it is not theirs, not closed, or gone. */
export function readPastChat(identity: string, conversationSid: string) {
  return loadPastChat(getTwilio(), identity, conversationSid);
}

/**
 * A known visitor's chat still open elsewhere (another device), continued with the question they just asked: it is
 * posted as their message, as if typed there. The conversation's SID, or null when they have no open chat.
 */
export async function continueOpenChat(identity: string, question: string): Promise<string | null> {
  const twilio = getTwilio();
  const open = await findOpenChat(twilio, identity);
  if (open) await postVisitorMessage(twilio, open, identity, question);
  return open;
}
