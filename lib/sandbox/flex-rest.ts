import { z } from "zod";
import type { TaskStatus } from "@/lib/sandbox/flex";
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
import { invalidParameter, notFound } from "@/lib/sandbox/errors";
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
};

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
        page("address_configurations", url, query, (o, l) => data.listAddresses(type, o, l), (a) => addressResource(a, creds)),
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
        return json(200, page("webhooks", url, query, (o, l) => data.listWebhooks(conversation.sid, o, l), (w) => webhookResource(w, creds)));
      }
      if (method === "POST") {
        const p = parse(
          z.object({
            Target: z.enum(["webhook", "trigger", "studio"]),
            "Configuration.Url": z.string().url().optional(),
            "Configuration.Method": z.enum(["get", "post", "GET", "POST"]).optional(),
            "Configuration.Filters": z.string().optional(),
            "Configuration.FlowSid": z.string().regex(/^FW[0-9a-fA-F]{32}$/).optional(),
          }),
          body,
        );
        // Twilio allows five conversation-scoped webhooks per conversation ("Conversation Scoped Webhook Resource").
        if (data.listWebhooks(conversation.sid).length >= 5) throw invalidParameter("A conversation has at most five webhooks");
        if (p.Target === "studio" && !p["Configuration.FlowSid"]) throw invalidParameter("Missing required parameter Configuration.FlowSid");
        if (p.Target !== "studio" && !p["Configuration.Url"]) throw invalidParameter("Missing required parameter Configuration.Url");
        const row = data.addWebhook(conversation.sid, p.Target, {
          ...(p["Configuration.FlowSid"] ? { flow_sid: p["Configuration.FlowSid"] } : {}),
          ...(p["Configuration.Url"] ? { url: p["Configuration.Url"], method: (p["Configuration.Method"] ?? "POST").toUpperCase() } : {}),
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
    return method === "GET" ? json(200, page("channels", url, query, (o) => (o === 0 ? [interaction] : []), channelResource)) : null;
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
      ? json(200, page("participants", url, query, (o, l) => data.listParticipants(interaction.channel_sid, o, l), serialize))
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
    if (!match) throw invalidParameter(`Invalid parameter EvaluateTaskAttributes: the sandbox reads only key == "value" clauses joined by and`);
    return { path: match[1]!.split("."), value: match[2] ?? match[3] ?? "" };
  });
  return (attributes) =>
    clauses.every(({ path, value }) => {
      let node: unknown = attributes;
      for (const key of path) node = node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
      return node === value;
    });
}

/** TaskRouter `Workspaces/{WS}/Tasks[/{WT}]` on taskrouter.twilio.com. */
export function taskRouter({ sandbox, method, url, segments, query, body }: Route): Response | null {
  const data = sandbox.flex.data;
  const [, workspaces, workspaceSid, tasks, taskSid, extra] = segments;
  if (workspaces !== "Workspaces" || tasks !== "Tasks" || extra !== undefined) return null;
  if (workspaceSid !== data.ids.workspaceSid) throw notFound(`/Workspaces/${workspaceSid}`);
  const serialize = (row: Parameters<typeof taskResource>[0]) => taskResource(row, sandbox.credentials, data.ids);
  if (taskSid === undefined) {
    if (method !== "GET") return null;
    // twilio-node repeats the parameter for a list; Twilio also reads one comma-separated value.
    const statuses = url.searchParams
      .getAll("AssignmentStatus")
      .join(",")
      .split(",")
      .filter(Boolean)
      .map((status) => {
        if (!(TASK_STATUSES as readonly string[]).includes(status)) throw invalidParameter(`Invalid parameter AssignmentStatus: ${status}`);
        return status as TaskStatus;
      });
    const matches = query.EvaluateTaskAttributes ? taskAttributeFilter(query.EvaluateTaskAttributes) : () => true;
    // The whole workspace is small here; filter after reading, as TaskRouter evaluates attributes per task.
    const all = data.listTasks({ statuses }, 0, 10_000).filter((task) => matches(JSON.parse(task.attributes) as Record<string, unknown>));
    return json(200, page("tasks", url, query, (o, l) => all.slice(o, o + l), serialize));
  }
  const task = data.getTask(taskSid);
  if (!task) throw notFound(`/Workspaces/${workspaceSid}/Tasks/${taskSid}`);
  if (method === "GET") return json(200, serialize(task));
  if (method === "POST") {
    const p = parse(
      z.object({
        AssignmentStatus: z.enum(TASK_STATUSES).optional(),
        Reason: z.string().max(1024).optional(),
        Attributes: z.string().optional(),
      }),
      body,
    );
    if (p.Attributes !== undefined) {
      try {
        JSON.parse(p.Attributes);
      } catch {
        throw invalidParameter("Invalid parameter Attributes: expected a JSON string");
      }
    }
    return json(200, serialize(sandbox.flex.updateTask(task.sid, { status: p.AssignmentStatus, reason: p.Reason, attributes: p.Attributes })));
  }
  return null;
}
