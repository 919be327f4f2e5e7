import "server-only";
import { parseAttributes } from "@/lib/chat/twilio-json";
import { retryOnce } from "@/lib/twilio/errors";
import type { TwilioContext } from "@/lib/twilio/webchat";
import { isSid } from "@/lib/sid";

/**
 * How the visitor's End chat reaches Flex. Closing the conversation alone leaves the agent's task assigned: Flex
 * orchestrates tasks through the Interactions API, so the chat is ended there first ("Flex Conversations best
 * practices": deleting or cancelling a task is not supported, use the Interactions Channels subresource).
 *
 * 1. Flex's `GET /v1/Configuration` names the TaskRouter workspace (`taskrouter_workspace_sid`).
 * 2. The conversation's open tasks are found by their `conversationSid` attribute (TaskRouter's
 *    `EvaluateTaskAttributes`); each carries `flexInteractionSid` and `flexInteractionChannelSid`.
 * 3. Each agent of the channel is set to `closed`, which moves their task to wrapping — what Flex's own End Chat
 *    does (Interaction Channel Participants docs; techmatters/flex-plugins#4506). A task no agent has accepted yet is
 *    ended by closing the channel (Interactions Channels docs: without `Routing`, its tasks are wrapped up).
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
  const workspace = await flexWorkspaceSid(ctx);
  const tasks = await retryOnce(() =>
    client.taskrouter.v1.workspaces(workspace).tasks.list({
      evaluateTaskAttributes: conversationTaskFilter(conversationSid),
      assignmentStatus: OPEN_TASKS,
      limit: 20,
    }),
  );
  let ended = 0;
  for (const task of tasks) {
    const attributes = parseAttributes(task.attributes);
    const interactionSid = attributes.flexInteractionSid;
    const channelSid = attributes.flexInteractionChannelSid;
    if (typeof interactionSid !== "string" || typeof channelSid !== "string") continue;
    const channel = client.flexApi.v1.interaction(interactionSid).channels(channelSid);
    const participants = await retryOnce(() => channel.participants.list({ limit: 50 }));
    const agents = participants.filter((p) => p.type === "agent");
    // Each update is idempotent (a status set twice is the same status), so a transient failure may be retried.
    if (agents.length > 0) {
      for (const agent of agents) await retryOnce(() => channel.participants(agent.sid).update({ status: "closed" }));
    } else {
      await retryOnce(() => channel.update({ status: "closed" }));
    }
    ended += 1;
  }
  return ended;
}
