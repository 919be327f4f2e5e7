import "server-only";
import { parseAttributes } from "@/lib/chat/twilio-json";
import { retryOnce, twilioStatus } from "@/lib/twilio/errors";
import { conversationTaskFilter, flexWorkspaceSid } from "@/lib/twilio/flex";
import type { TwilioContext } from "@/lib/twilio/webchat";

/**
 * The visitor's rating of a chat, kept where Flex keeps post-chat data: the agent's TaskRouter task, in its
 * `conversations` attributes, which Flex Insights reads as the conversation's custom measures and attributes
 * (Twilio, "Enhance your Flex Insights integration": attributes are extracted from task.updated/completed events, and
 * a task is deleted five minutes after it completes — updates after that are lost; "Custom measures and attributes":
 * `conversation_measure_1…10`, `conversation_attribute_1…10`). The update is guarded by the task's ETag (If-Match),
 * so a change Flex makes at the same moment is not overwritten.
 */

/** Where the score (1–5) and the comment go in the task's `conversations` object. */
export const RATING_MEASURE = "conversation_measure_1";
export const RATING_COMMENT = "conversation_attribute_1";

export type Rating = { score: number; comment?: string };
export type RatingOutcome = "saved" | "no-agent" | "already-rated";

/** The tasks an agent handled; a task that was only ever waiting had nobody to rate. */
const HANDLED = new Set(["assigned", "wrapping", "completed"]);

export async function rateConversation(
  ctx: TwilioContext,
  conversationSid: string,
  rating: Rating,
): Promise<RatingOutcome> {
  const workspace = ctx.client.taskrouter.v1.workspaces(await flexWorkspaceSid(ctx));
  const tasks = await retryOnce(() =>
    workspace.tasks.list({ evaluateTaskAttributes: conversationTaskFilter(conversationSid), limit: 20 }),
  );
  // The latest task an agent took (a transfer makes a second one).
  const task = tasks.filter((t) => HANDLED.has(t.assignmentStatus)).sort((a, b) => +b.dateCreated - +a.dateCreated)[0];
  if (!task) return "no-agent";
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await retryOnce(() => workspace.tasks(task.sid).fetchWithHttpInfo());
    const attributes = parseAttributes(current.body.attributes);
    const conversations = (
      attributes.conversations && typeof attributes.conversations === "object" ? attributes.conversations : {}
    ) as Record<string, unknown>;
    if (conversations[RATING_MEASURE] !== undefined) return "already-rated";
    const etag = current.headers?.etag ?? current.headers?.ETag;
    try {
      await workspace.tasks(task.sid).update({
        attributes: JSON.stringify({
          ...attributes,
          conversations: {
            ...conversations,
            [RATING_MEASURE]: rating.score,
            ...(rating.comment ? { [RATING_COMMENT]: rating.comment } : {}),
          },
        }),
        ...(typeof etag === "string" ? { ifMatch: etag } : {}),
      });
      return "saved";
    } catch (error) {
      // Changed in between (412): read it again and retry on top of the change.
      if (twilioStatus(error) !== 412) throw error;
    }
  }
  throw new Error("The task kept changing while the rating was saved");
}

/** The rating on a task's attributes, if any (the agent console shows it). */
export function ratingOf(taskAttributes: Record<string, unknown>): Rating | null {
  const conversations = taskAttributes.conversations as Record<string, unknown> | undefined;
  const score = conversations?.[RATING_MEASURE];
  if (typeof score !== "number") return null;
  const comment = conversations?.[RATING_COMMENT];
  return { score, ...(typeof comment === "string" && comment ? { comment } : {}) };
}
