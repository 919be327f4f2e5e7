import "server-only";
import { retryOnce } from "@/lib/twilio/errors";
import { conversationTaskFilter, flexWorkspaceSid } from "@/lib/twilio/flex";
import type { TwilioContext } from "@/lib/twilio/webchat";

/**
 * Where a waiting visitor stands, from TaskRouter — the same calls in the sandbox:
 *
 * - their task: the conversation's pending or reserved task (`EvaluateTaskAttributes` on `conversationSid`);
 * - their place: that task among its queue's waiting tasks, oldest first (Tasks list with `TaskQueueSid`,
 *   `AssignmentStatus` pending,reserved and `Ordering=DateCreated:asc`; "Task Resource" docs);
 * - the usual wait: how long the tasks accepted from that queue in the last hour had waited, on average
 *   (`TaskQueues/{WQ}/CumulativeStatistics?Minutes=60`, `wait_duration_until_accepted.avg`; "TaskQueue Statistics"
 *   docs). Unknown (null) when nobody was accepted in that hour: no estimate is better than a made-up one.
 */

export type QueueStatus =
  /** Not waiting: no task yet (the flow has not run) or already accepted. */
  { waiting: false } | { waiting: true; position: number; usualWaitSeconds: number | null };

const WAITING = ["pending", "reserved"];
/** A place beyond this is said as "more than 50": the list is not paged further for one visitor. */
export const QUEUE_LOOKAHEAD = 50;
/** Every waiting visitor polls; a queue's line and statistics are read at most this often, shared by all of them. */
const QUEUE_CACHE_MS = 5_000;

type QueueView = { at: number; line: Promise<string[]>; usualWait: Promise<number | null> };
const queues = new Map<string, QueueView>();

function queueView(ctx: TwilioContext, workspace: string, queueSid: string): QueueView {
  const cached = queues.get(queueSid);
  if (cached && Date.now() - cached.at < QUEUE_CACHE_MS) return cached;
  const tasks = ctx.client.taskrouter.v1.workspaces(workspace);
  const view: QueueView = {
    at: Date.now(),
    line: retryOnce(() =>
      tasks.tasks.list({
        taskQueueSid: queueSid,
        assignmentStatus: WAITING,
        ordering: "DateCreated:asc",
        limit: QUEUE_LOOKAHEAD,
      }),
    ).then((list) => list.map((task) => task.sid)),
    usualWait: retryOnce(() => tasks.taskQueues(queueSid).cumulativeStatistics().fetch({ minutes: 60 })).then(
      (stats) => {
        const accepted = stats.reservationsAccepted ?? 0;
        const avg = (stats.waitDurationUntilAccepted as { avg?: number } | null)?.avg;
        return accepted > 0 && typeof avg === "number" ? avg : null;
      },
    ),
  };
  // A failed read is not kept: the next poll asks again.
  Promise.all([view.line, view.usualWait]).catch(() => queues.delete(queueSid));
  queues.set(queueSid, view);
  if (queues.size > 100) queues.delete(queues.keys().next().value!);
  return view;
}

/**
 * Each waiting visitor's task, found once: after that the queue's shared line says whether it is still waiting, so a
 * poll costs TaskRouter nothing per visitor (its API is rate-limited per account). Bounded; oldest forgotten first.
 */
const tasksByConversation = new Map<string, { sid: string; queueSid: string }>();
const TASKS_REMEMBERED = 2_000;

async function waitingTask(ctx: TwilioContext, workspace: string, conversationSid: string) {
  const known = tasksByConversation.get(conversationSid);
  if (known) return known;
  const [task] = await retryOnce(() =>
    ctx.client.taskrouter.v1.workspaces(workspace).tasks.list({
      evaluateTaskAttributes: conversationTaskFilter(conversationSid),
      assignmentStatus: WAITING,
      limit: 1,
    }),
  );
  if (!task?.taskQueueSid) return null;
  const found = { sid: task.sid, queueSid: task.taskQueueSid };
  tasksByConversation.set(conversationSid, found);
  if (tasksByConversation.size > TASKS_REMEMBERED) tasksByConversation.delete(tasksByConversation.keys().next().value!);
  return found;
}

export async function queueStatus(ctx: TwilioContext, conversationSid: string): Promise<QueueStatus> {
  const workspace = await flexWorkspaceSid(ctx);
  const task = await waitingTask(ctx, workspace, conversationSid);
  if (!task) return { waiting: false };
  const view = queueView(ctx, workspace, task.queueSid);
  const [line, usualWaitSeconds] = await Promise.all([view.line, view.usualWait]);
  const index = line.indexOf(task.sid);
  if (index >= 0) return { waiting: true, position: index + 1, usualWaitSeconds };
  // Not in the shared line: accepted (or canceled) since — unless the line is full and the task further back, or the
  // line was read before the task existed (its first seconds).
  if (line.length >= QUEUE_LOOKAHEAD) return { waiting: true, position: QUEUE_LOOKAHEAD + 1, usualWaitSeconds };
  tasksByConversation.delete(conversationSid);
  const fresh = await waitingTask(ctx, workspace, conversationSid);
  return fresh ? { waiting: true, position: line.length + 1, usualWaitSeconds } : { waiting: false };
}
