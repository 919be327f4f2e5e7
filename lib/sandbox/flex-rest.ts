import "server-only";
import { z } from "zod";
import { twilioDate } from "@/lib/sandbox/store";
import { createHash } from "node:crypto";
import type { TaskRow, TaskStatus } from "@/lib/sandbox/flex";
import {
  addressResource,
  channelParticipantResource,
  channelResource,
  conversationsConfigurationResource,
  flexConfigurationResource,
  interactionResource,
  taskResource,
  webhookResource,
} from "@/lib/sandbox/flex-resources";
import { json, page, parse } from "@/lib/sandbox/http";
import { SandboxError, invalidParameter, notFound } from "@/lib/sandbox/errors";
import type { Sandbox } from "@/lib/sandbox/sandbox";

/**
 * REST routes of the Flex orchestration (see lib/sandbox/flex-orchestration.ts). Each answers one operation of
 * Twilio's OpenAPI documents in lib/testing/twilio-oai; anything else is left to the caller's 404.
 */

export type Route = {
  sandbox: Sandbox;
  method: string;
  url: URL;
  segments: string[];
  query: Record<string, string>;
  body: Record<string, string>;
  /** The request's If-Match header (TaskRouter's optimistic concurrency on a task's update). */
  ifMatch?: string;
};

/** A task's ETag: it changes whenever the task does (TaskRouter answers it on fetch and update, checks If-Match). */
function taskEtag(task: TaskRow): string {
  return createHash("sha1")
    .update(`${task.date_updated}|${task.assignment_status}|${task.reason}|${task.attributes}`)
    .digest("hex")
    .slice(0, 20);
}

function withEtag(response: Response, task: TaskRow): Response {
  response.headers.set("etag", taskEtag(task));
  return response;
}

const TASK_STATUSES = ["pending", "reserved", "assigned", "canceled", "completed", "wrapping"] as const;

/** `Configuration`, `Configuration/Addresses[/{IG}]`, `Conversations/{CH}/Webhooks[/{WH}]` on conversations.twilio.com. */
export function conversationsOrchestration({ sandbox, method, url, segments, query, body }: Route): Response | null {
  const creds = sandbox.credentials;
  const data = sandbox.flex.data;
  const [, first, second, third, fourth] = segments;
  if (first === "Configuration" && method === "GET") {
    if (second === undefined) return json(200, conversationsConfigurationResource(creds));
    if (second === "Addresses" && third === undefined) {
      const type = query.Type || undefined;
      return json(
        200,
        page(
          "address_configurations",
          url,
          query,
          (o, l) => data.listAddresses(type, o, l),
          (a) => addressResource(a, creds),
        ),
      );
    }
    if (second === "Addresses" && third !== undefined && fourth === undefined) {
      const address = data.getAddress(third);
      if (!address) throw notFound(`/Configuration/Addresses/${third}`);
      return json(200, addressResource(address, creds));
    }
  }
  if (first === "Conversations" && second !== undefined && third === "Webhooks") {
    const conversation = sandbox.requireConversation(second);
    if (fourth === undefined) {
      if (method === "GET") {
        return json(
          200,
          page(
            "webhooks",
            url,
            query,
            (o, l) => data.listWebhooks(conversation.sid, o, l),
            (w) => webhookResource(w, creds),
          ),
        );
      }
      if (method === "POST") {
        const p = parse(
          z.object({
            Target: z.enum(["webhook", "trigger", "studio"]),
            "Configuration.Url": z.string().url().optional(),
            "Configuration.Method": z.enum(["get", "post", "GET", "POST"]).optional(),
            "Configuration.Filters": z.string().optional(),
            "Configuration.FlowSid": z
              .string()
              .regex(/^FW[0-9a-fA-F]{32}$/)
              .optional(),
          }),
          body,
        );
        // Twilio allows five conversation-scoped webhooks per conversation ("Conversation Scoped Webhook Resource").
        if (data.listWebhooks(conversation.sid).length >= 5)
          throw invalidParameter("A conversation has at most five webhooks");
        if (p.Target === "studio" && !p["Configuration.FlowSid"])
          throw invalidParameter("Missing required parameter Configuration.FlowSid");
        if (p.Target !== "studio" && !p["Configuration.Url"])
          throw invalidParameter("Missing required parameter Configuration.Url");
        const row = data.addWebhook(conversation.sid, p.Target, {
          ...(p["Configuration.FlowSid"] ? { flow_sid: p["Configuration.FlowSid"] } : {}),
          ...(p["Configuration.Url"]
            ? { url: p["Configuration.Url"], method: (p["Configuration.Method"] ?? "POST").toUpperCase() }
            : {}),
          ...(p["Configuration.Filters"] ? { filters: p["Configuration.Filters"].split(",") } : {}),
        });
        return json(201, webhookResource(row, creds));
      }
    } else {
      const hook = data.getWebhook(conversation.sid, fourth);
      if (!hook) throw notFound(`/Conversations/${conversation.sid}/Webhooks/${fourth}`);
      if (method === "GET") return json(200, webhookResource(hook, creds));
      if (method === "DELETE") {
        data.deleteWebhook(hook.sid);
        return new Response(null, { status: 204 });
      }
    }
  }
  return null;
}

/** Flex v1 `Configuration` and the Interactions API on flex-api.twilio.com. */
export function flexV1({ sandbox, method, url, segments, query, body }: Route): Response | null {
  const data = sandbox.flex.data;
  const [, first, interactionSid, channels, channelSid, participants, participantSid, extra] = segments;
  if (extra !== undefined) return null;
  if (first === "Configuration" && interactionSid === undefined && method === "GET") {
    return json(200, flexConfigurationResource(sandbox.credentials, data.ids));
  }
  if (first !== "Interactions" || interactionSid === undefined) return null;
  const interaction = data.getInteraction(interactionSid);
  if (!interaction) throw notFound(`/Interactions/${interactionSid}`);
  if (channels === undefined) return method === "GET" ? json(200, interactionResource(interaction)) : null;
  if (channels !== "Channels") return null;
  if (channelSid === undefined) {
    return method === "GET"
      ? json(
          200,
          page("channels", url, query, (o) => (o === 0 ? [interaction] : []), channelResource),
        )
      : null;
  }
  if (channelSid !== interaction.channel_sid) throw notFound(`/Interactions/${interactionSid}/Channels/${channelSid}`);
  if (participants === undefined) {
    if (method === "GET") return json(200, channelResource(interaction));
    if (method === "POST") {
      const p = parse(z.object({ Status: z.enum(["closed", "inactive"]), Routing: z.string().optional() }), body);
      if (p.Status === "inactive" && !p.Routing) {
        // The API's own rule: "Routing status is required, When the channel status is set to `inactive`."
        throw invalidParameter("Missing required parameter Routing when Status is inactive");
      }
      return json(200, channelResource(sandbox.flex.setChannelStatus(interaction.sid, channelSid, p.Status)));
    }
    return null;
  }
  if (participants !== "Participants") return null;
  const serialize = (row: Parameters<typeof channelParticipantResource>[0]) =>
    channelParticipantResource(row, row.task_sid ? data.getTask(row.task_sid) : undefined);
  if (participantSid === undefined) {
    return method === "GET"
      ? json(
          200,
          page("participants", url, query, (o, l) => data.listParticipants(interaction.channel_sid, o, l), serialize),
        )
      : null;
  }
  if (method !== "POST") return null;
  const p = parse(z.object({ Status: z.enum(["closed", "wrapup"]) }), body);
  return json(200, serialize(sandbox.flex.setParticipantStatus(interaction.sid, channelSid, participantSid, p.Status)));
}

/**
 * TaskRouter's `EvaluateTaskAttributes` in the one form a web chat needs: `key == "value"` clauses joined by `and`.
 * Anything else is refused rather than guessed at, so a query Twilio would read differently cannot pass here.
 */
export function taskAttributeFilter(expression: string): (attributes: Record<string, unknown>) => boolean {
  const clauses = expression.split(/\s+and\s+/i).map((clause) => {
    const match = /^\s*([A-Za-z_][\w.]*)\s*==\s*(?:"([^"]*)"|'([^']*)')\s*$/.exec(clause);
    if (!match)
      throw invalidParameter(
        `Invalid parameter EvaluateTaskAttributes: the sandbox reads only key == "value" clauses joined by and`,
      );
    return { path: match[1]!.split("."), value: match[2] ?? match[3] ?? "" };
  });
  return (attributes) =>
    clauses.every(({ path, value }) => {
      let node: unknown = attributes;
      for (const key of path)
        node = node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
      return node === value;
    });
}

/**
 * TaskRouter `Workspaces/{WS}/TaskQueues/{WQ}/CumulativeStatistics`: the one queue's figures over the last `Minutes`
 * (default 15, as TaskRouter's) — tasks entered, and how long the tasks accepted in that window had waited.
 */
function queueStatistics({ sandbox, method, url, segments, query }: Route): Response | null {
  const data = sandbox.flex.data;
  const [, , workspaceSid, , queueSid, statistics, extra] = segments;
  if (statistics !== "CumulativeStatistics" || extra !== undefined || method !== "GET") return null;
  if (workspaceSid !== data.ids.workspaceSid) throw notFound(`/Workspaces/${workspaceSid}`);
  if (queueSid !== data.ids.taskQueueSid) throw notFound(`/Workspaces/${workspaceSid}/TaskQueues/${queueSid}`);
  const minutes = query.Minutes === undefined ? 15 : Number(query.Minutes);
  if (!Number.isInteger(minutes) || minutes < 1) throw invalidParameter(`Invalid parameter Minutes: ${query.Minutes}`);
  const until = Date.now();
  const since = until - minutes * 60_000;
  const waits = data.acceptedWaits(since, until);
  const total = waits.reduce((sum, w) => sum + w, 0);
  const duration = waits.length
    ? { avg: Math.round(total / waits.length), min: Math.min(...waits), max: Math.max(...waits), total }
    : { avg: 0, min: 0, max: 0, total: 0 };
  return json(200, {
    account_sid: sandbox.credentials.accountSid,
    avg_task_acceptance_time: duration.avg,
    start_time: twilioDate(new Date(since)),
    end_time: twilioDate(new Date(until)),
    reservations_created: waits.length,
    reservations_accepted: waits.length,
    reservations_rejected: 0,
    reservations_timed_out: 0,
    reservations_canceled: 0,
    reservations_rescinded: 0,
    split_by_wait_time: null,
    task_queue_sid: queueSid,
    wait_duration_until_accepted: duration,
    wait_duration_until_canceled: { avg: 0, min: 0, max: 0, total: 0 },
    wait_duration_in_queue_until_accepted: duration,
    tasks_canceled: 0,
    tasks_completed: 0,
    tasks_deleted: 0,
    tasks_entered: data.countTasksCreated(since, until),
    tasks_moved: 0,
    workspace_sid: workspaceSid,
    url: url.toString().split("?")[0],
  });
}

/** TaskRouter `Workspaces/{WS}/Tasks[/{WT}]` (and a queue's statistics) on taskrouter.twilio.com. */
export function taskRouter(route: Route): Response | null {
  const { sandbox, method, url, segments, query, body } = route;
  const data = sandbox.flex.data;
  const [, workspaces, workspaceSid, tasks, taskSid, extra] = segments;
  if (workspaces === "Workspaces" && tasks === "TaskQueues") return queueStatistics(route);
  if (workspaces !== "Workspaces" || tasks !== "Tasks" || extra !== undefined) return null;
  if (workspaceSid !== data.ids.workspaceSid) throw notFound(`/Workspaces/${workspaceSid}`);
  const serialize = (row: Parameters<typeof taskResource>[0]) =>
    taskResource(row, sandbox.credentials, data.ids, { single: false });
  const serializeOne = (row: Parameters<typeof taskResource>[0]) =>
    taskResource(row, sandbox.credentials, data.ids, { single: true });
  if (taskSid === undefined) {
    if (method !== "GET") return null;
    // twilio-node repeats the parameter for a list; Twilio also reads one comma-separated value.
    const statuses = url.searchParams
      .getAll("AssignmentStatus")
      .join(",")
      .split(",")
      .filter(Boolean)
      .map((status) => {
        if (!(TASK_STATUSES as readonly string[]).includes(status))
          throw invalidParameter(`Invalid parameter AssignmentStatus: ${status}`);
        return status as TaskStatus;
      });
    const matches = query.EvaluateTaskAttributes ? taskAttributeFilter(query.EvaluateTaskAttributes) : () => true;
    // One queue here: another queue's SID lists nothing, as it would for an empty queue.
    if (query.TaskQueueSid !== undefined && query.TaskQueueSid !== data.ids.taskQueueSid) {
      return json(
        200,
        page("tasks", url, query, () => [], serialize),
      );
    }
    // "DateCreated:asc|desc" and "Priority:…" (every task here has priority 0), comma-separated, as TaskRouter takes.
    const ordering = (query.Ordering ?? "DateCreated:asc").split(",").map((part) => part.trim());
    for (const part of ordering) {
      if (!/^(DateCreated|Priority):(asc|desc)$/.test(part))
        throw invalidParameter(`Invalid parameter Ordering: ${part}`);
    }
    const newestFirst = ordering.find((part) => part.startsWith("DateCreated")) === "DateCreated:desc";
    // The whole workspace is small here; filter after reading, as TaskRouter evaluates attributes per task.
    const all = data
      .listTasks({ statuses }, 0, 10_000)
      .filter((task) => matches(JSON.parse(task.attributes) as Record<string, unknown>));
    if (newestFirst) all.reverse();
    return json(
      200,
      page("tasks", url, query, (o, l) => all.slice(o, o + l), serialize),
    );
  }
  const task = data.getTask(taskSid);
  if (!task) throw notFound(`/Workspaces/${workspaceSid}/Tasks/${taskSid}`);
  if (method === "GET") return withEtag(json(200, serializeOne(task)), task);
  if (method === "POST") {
    // "If-Match: the ETag of the Task you expect; the update fails with 412 when it changed since" (Task Resource).
    if (route.ifMatch !== undefined && route.ifMatch !== taskEtag(task)) {
      throw new SandboxError(412, null, "Precondition Failed: the task changed since its ETag was read");
    }
    const p = parse(
      z.object({
        AssignmentStatus: z.enum(TASK_STATUSES).optional(),
        Reason: z.string().max(1024).optional(),
        Attributes: z.string().optional(),
      }),
      body,
    );
    // Flex owns the lifecycle of its tasks: cancelling one through TaskRouter is not supported, the Interactions
    // Channels subresource ends it ("Flex Conversations best practices"). Every task here is a Flex task.
    if (p.AssignmentStatus === "canceled") {
      throw invalidParameter(
        "Invalid parameter AssignmentStatus: a Flex task is ended through the Interactions API, not cancelled",
      );
    }
    if (p.Attributes !== undefined) {
      try {
        JSON.parse(p.Attributes);
      } catch {
        throw invalidParameter("Invalid parameter Attributes: expected a JSON string");
      }
    }
    const updated = sandbox.flex.updateTask(task.sid, {
      status: p.AssignmentStatus,
      reason: p.Reason,
      attributes: p.Attributes,
    });
    return withEtag(json(200, serializeOne(updated)), updated);
  }
  return null;
}
