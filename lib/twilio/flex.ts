import "server-only";
import { parseAttributes } from "@/lib/chat/twilio-json";
import { retryOnce, twilioStatus } from "@/lib/twilio/errors";
import type { TwilioContext } from "@/lib/twilio/webchat";
import { isSid } from "@/lib/sid";

/**
 * How the visitor's End chat reaches Flex. Closing the conversation alone leaves the agent's task assigned: Flex
 * orchestrates tasks through the Interactions API, so the chat is ended there first ("Flex Conversations best
 * practices": deleting or cancelling a task is not supported, use the Interactions Channels subresource).
 *
 * 1. Flex's `GET /v1/Configuration` names the TaskRouter workspace (`taskrouter_workspace_sid`).
 * 2. The conversation's open tasks are found by their `conversationSid` attribute (TaskRouter's
 *    `EvaluateTaskAttributes`). A list answers `attributes` as null ("it will only be displayed in FETCH action that
 *    returns a single resource", the Task resource), so each task is then fetched alone for its
 *    `flexInteractionSid` and `flexInteractionChannelSid`.
 * 3. An accepted task: each agent of the channel is set to `wrapup`, which moves the task to wrapping and leaves the
 *    agent time for notes (`closed` would complete it at once: "Park an Interaction"). A task no agent has accepted
 *    yet: the channel is closed, which takes it off the queue (Interactions Channels: without `Routing`, its tasks
 *    are ended with the channel).
 *
 * A task that moved on meanwhile (the agent wrapped it, a timer closed the chat) is already what End chat wants, so
 * nothing here fails for a chat that is over.
 */

const OPEN_TASKS = ["pending", "reserved", "assigned"];

/** The Flex workspace never changes for an account: read it once per client. */
const workspaces = new WeakMap<object, Promise<string>>();

export function flexWorkspaceSid({ client }: TwilioContext): Promise<string> {
  let sid = workspaces.get(client);
  if (!sid) {
    sid = retryOnce(() => client.flexApi.v1.configuration().fetch()).then((config) => {
      if (!config.taskrouterWorkspaceSid) throw new Error("Flex's configuration names no TaskRouter workspace");
      return config.taskrouterWorkspaceSid;
    });
    sid.catch(() => workspaces.delete(client));
    workspaces.set(client, sid);
  }
  return sid;
}

/** TaskRouter's expression for one attribute; SIDs never hold quotes, and nothing else is interpolated. */
export function conversationTaskFilter(conversationSid: string): string {
  if (!isSid(conversationSid, "CH")) throw new Error("Not a conversation SID");
  return `conversationSid == "${conversationSid}"`;
}

/** Ends the Flex side of a conversation: agents' tasks to wrapping, waiting tasks closed. Returns the tasks ended. */
export async function endFlexInteraction(ctx: TwilioContext, conversationSid: string): Promise<number> {
  const { client } = ctx;
  const tasks = client.taskrouter.v1.workspaces(await flexWorkspaceSid(ctx)).tasks;
  const found = await retryOnce(() =>
    tasks.list({
      evaluateTaskAttributes: conversationTaskFilter(conversationSid),
      assignmentStatus: OPEN_TASKS,
      limit: 20,
    }),
  );
  let ended = 0;
  for (const { sid } of found) {
    // Gone since the search (TaskRouter deletes a task a few minutes after it ends): nothing left to end.
    const task = await retryOnce(() => tasks(sid).fetch()).catch((error: unknown) => {
      if (twilioStatus(error) === 404) return null;
      throw error;
    });
    if (!task) continue;
    const attributes = parseAttributes(task.attributes);
    const interactionSid = attributes.flexInteractionSid;
    const channelSid = attributes.flexInteractionChannelSid;
    if (!OPEN_TASKS.includes(task.assignmentStatus) || !isSid(interactionSid, "KD") || !isSid(channelSid, "UO"))
      continue;
    const channel = client.flexApi.v1.interaction(interactionSid).channels(channelSid);
    // Each update sets a status, and setting it twice is the same status, so a transient failure may be retried.
    const closeChannel = () =>
      settled(
        () => retryOnce(() => channel.update({ status: "closed" })),
        () => tasks(sid).fetch(),
      );
    if (task.assignmentStatus === "assigned") {
      // Flex's limits page says "GET actions are not accessible" of the Interactions endpoints, while the
      // participants list is documented beside it: if it is refused, closing the channel without Routing still moves
      // every task of it to wrapping (the Channels update's own description).
      const participants = await retryOnce(() => channel.participants.list({ limit: 50 })).catch((error: unknown) => {
        const status = twilioStatus(error);
        if (status === undefined || status >= 500) throw error;
        return null;
      });
      const agents = participants?.filter((p) => p.type === "agent") ?? [];
      // No agent to move (the list refused, or the task's agent already gone): the channel's close still wraps it.
      if (agents.length === 0) await closeChannel();
      for (const agent of agents) {
        await settled(
          () => retryOnce(() => channel.participants(agent.sid).update({ status: "wrapup" })),
          () => tasks(sid).fetch(),
        );
      }
    } else {
      await closeChannel();
    }
    ended += 1;
  }
  return ended;
}

/**
 * Runs an update that ends a task; when Twilio refuses it (4xx), reads the task again and takes a task that is no
 * longer open as done: the agent or a timer ended it between our read and our update.
 */
async function settled(
  update: () => Promise<unknown>,
  reread: () => Promise<{ assignmentStatus: string }>,
): Promise<void> {
  try {
    await update();
  } catch (error) {
    const status = twilioStatus(error);
    if (status === undefined || status >= 500) throw error;
    const task = await retryOnce(reread).catch(() => null);
    if (!task || OPEN_TASKS.includes(task.assignmentStatus)) throw error;
  }
}
