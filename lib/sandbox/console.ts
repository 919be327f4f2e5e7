import "server-only";
import { AGENT_FRIENDLY_NAME, AGENT_IDENTITY, visitorDetails, type VisitorDetails } from "@/lib/sandbox/agent";
import { parseAttributes } from "@/lib/chat/twilio-json";
import { getSandbox } from "@/lib/sandbox";
import type { TaskRow, TaskStatus } from "@/lib/sandbox/flex";
import type { ConversationState } from "@/lib/sandbox/store";
import { ratingOf, type Rating } from "@/lib/twilio/rating";

/**
 * The agent console's reads and writes: a small Flex UI over the sandbox's TaskRouter and Interactions. Pages only
 * read through here; the console's actions write. (The console is the sandbox's stand-in for Flex, so it works on
 * Flex's internals directly, as Flex does; the app's own path to Flex goes through the twilio package.)
 */

export type ConsoleTask = {
  taskSid: string;
  conversationSid: string;
  status: TaskStatus;
  visitor: VisitorDetails;
  conversationState: ConversationState | null;
  /** ISO 8601: when the task entered the queue. */
  created: string;
  /** The visitor's rating, once given (kept in the task's attributes, lib/twilio/rating.ts). */
  rating: Rating | null;
  /** The conversation's newest message, for the list: who wrote it, its text (or that it carries files), when. */
  lastMessage: { fromAgent: boolean; text: string; files: number; date: string } | null;
  /** Messages from others the agent has not read (all of them until the agent joins). */
  unread: number;
};

function lastMessageOf(conversationSid: string): ConsoleTask["lastMessage"] {
  const sandbox = getSandbox();
  const message = sandbox.store.listMessages(conversationSid, "desc", 0, 1)[0];
  if (!message) return null;
  return {
    fromAgent: message.author === AGENT_IDENTITY,
    text: (message.body ?? "").slice(0, 300),
    files: sandbox.store.mediaOfMessage(message.sid).length,
    date: message.date_created,
  };
}

function unreadOf(conversationSid: string): number {
  const store = getSandbox().store;
  const horizon = store.findParticipant(conversationSid, AGENT_IDENTITY)?.last_read_message_index ?? -1;
  return store.countMessagesAfter(conversationSid, horizon, AGENT_IDENTITY);
}

function toConsoleTask(task: TaskRow): ConsoleTask {
  const sandbox = getSandbox();
  const conversation = sandbox.store.getConversation(task.conversation_sid);
  const attributes = parseAttributes(task.attributes);
  return {
    taskSid: task.sid,
    conversationSid: task.conversation_sid,
    status: task.assignment_status,
    // Flex's own `customerName` first: a flow's `from` may be a template-safe copy of the name (lib/twilio/webchat.ts).
    visitor: visitorDetails({
      from: attributes.customerName ?? attributes.from,
      pre_engagement_data: attributes.pre_engagement_data,
    }),
    conversationState: conversation?.state ?? null,
    created: task.date_created,
    rating: ratingOf(attributes),
    lastMessage: lastMessageOf(task.conversation_sid),
    unread: unreadOf(task.conversation_sid),
  };
}

/** Waiting chats shown per page of the queue. */
export const QUEUE_PAGE_SIZE = 25;

/**
 * One page of the queue (waiting tasks, oldest first), this agent's chats, and how many open conversations never
 * reached Flex. The queue pages through every waiting chat, so a flood of chats cannot hide a real visitor.
 */
export function fetchQueue(page = 0) {
  const data = getSandbox().flex.data;
  const waitingStatuses: TaskStatus[] = ["pending", "reserved"];
  const waitingTotal = data.countTasks(waitingStatuses);
  const pages = Math.max(1, Math.ceil(waitingTotal / QUEUE_PAGE_SIZE));
  const current = Math.min(Math.max(0, page), pages - 1);
  return {
    waiting: data
      .listTasks({ statuses: waitingStatuses }, current * QUEUE_PAGE_SIZE, QUEUE_PAGE_SIZE)
      .map(toConsoleTask),
    waitingTotal,
    page: current,
    pages,
    mine: data.listTasks({ statuses: ["assigned", "wrapping"] }, 0, 200).map(toConsoleTask),
    unrouted: data.countUnrouted(),
  };
}

/** The latest task of a conversation (any status), or null when it never reached Flex. */
export function fetchConversationTask(conversationSid: string): ConsoleTask | null {
  const tasks = getSandbox().flex.data.listTasks({ conversationSid }, 0, 100);
  const task = tasks.at(-1);
  return task ? toConsoleTask(task) : null;
}

/** An agent of the sandbox: the console's own, or a demo visitor's stand-in (lib/data/demo.ts). */
export type SandboxAgent = { identity: string; friendlyName: string };
export const CONSOLE_AGENT: SandboxAgent = { identity: AGENT_IDENTITY, friendlyName: AGENT_FRIENDLY_NAME };

/** Whether the agent has joined the conversation (only then may the console open its live view). */
export function agentHasJoined(conversationSid: string, identity = AGENT_IDENTITY): boolean {
  return getSandbox().store.findParticipant(conversationSid, identity) !== undefined;
}

export function acceptTask(taskSid: string, agent: SandboxAgent = CONSOLE_AGENT): ConsoleTask {
  return toConsoleTask(getSandbox().flex.accept(taskSid, agent));
}

/**
 * The agent's End chat, as Flex UI's: the agent's channel participant is set `wrapup`, which moves their task to
 * wrapping (`closed` would complete it: "Park an Interaction"), and Flex's chat orchestration then ends the chat for the
 * customer on wrap-up by default (the channel, and with it the conversation, closed). A conversation that never
 * reached Flex has no channel; it is simply closed.
 */
export function endChatAsAgent(conversationSid: string, identity = AGENT_IDENTITY): void {
  const sandbox = getSandbox();
  const interaction = sandbox.flex.data.interactionOfConversation(conversationSid);
  if (interaction && interaction.channel_status !== "closed") {
    const agent = sandbox.flex.data
      .listParticipants(interaction.channel_sid)
      .find((p) => p.type === "agent" && p.identity === identity && p.status === "active");
    if (agent) sandbox.flex.setParticipantStatus(interaction.sid, interaction.channel_sid, agent.sid, "wrapup");
    sandbox.flex.setChannelStatus(interaction.sid, interaction.channel_sid, "closed");
  } else if (sandbox.requireConversation(conversationSid).state !== "closed") {
    // The agent's own End chat in Flex: Twilio's doing, so it fires webhooks as a client's action would.
    sandbox.setConversationState(conversationSid, "closed", {}, { webhooks: true });
  }
}

/** Wrap-up done: the task is completed (TaskRouter moves wrapping → completed). */
export function completeTask(taskSid: string): ConsoleTask {
  return toConsoleTask(getSandbox().flex.updateTask(taskSid, { status: "completed", reason: "Wrap-up done" }));
}

/** A waiting task whose visitor already left: taken off the queue. */
export function dismissTask(taskSid: string): ConsoleTask {
  return toConsoleTask(
    getSandbox().flex.updateTask(taskSid, { status: "canceled", reason: "The visitor left before an agent joined" }),
  );
}
