// Long on purpose: Flex's orchestration is one state machine (address → Studio → Interaction → task → wrap-up) whose
// rules refer to each other; its REST face and JSON shapes are apart (flex-rest.ts, flex-resources.ts).
import "server-only";
import { newSid } from "@/lib/sandbox/sids";
import { twilioDate, updateRow, type SandboxStore } from "@/lib/sandbox/store";

/**
 * The Flex half of the sandbox: an address configuration wired to a Studio flow, conversation-scoped webhooks,
 * the flow's "Send to Flex" (an Interaction, its Channel and a TaskRouter task), and the task's life through a small
 * agent console. This is the orchestration a web chat goes through on a real Flex account; each rule below cites the
 * Twilio document it follows, or says where Twilio does not document it.
 *
 * Plain data and SQL only; lib/sandbox/sandbox.ts calls in when a message fires webhooks, and the REST API
 * (lib/sandbox/flex-rest.ts) and the agent console read and change it.
 */

export type FlexIds = {
  workspaceSid: string;
  workflowSid: string;
  /** The chat TaskChannel Send to Flex names (Flex's "chat" channel). */
  taskChannelSid: string;
  taskQueueSid: string;
  studioFlowSid: string;
  flexInstanceSid: string;
  flexServiceInstanceSid: string;
};

export type TaskStatus = "pending" | "reserved" | "assigned" | "wrapping" | "completed" | "canceled";
export type ChannelStatus = "setup" | "active" | "failed" | "closed" | "inactive" | "pause" | "transfer";
export type ParticipantType = "customer" | "agent";
export type InteractionParticipantStatus = "active" | "closed" | "wrapup";

export type AddressRow = {
  sid: string;
  type: string;
  address: string;
  friendly_name: string | null;
  /** JSON: { enabled, type: "studio" | "webhook" | "default", studio_flow_sid?, webhook_url?, ... }. */
  auto_creation: string;
  date_created: string;
  date_updated: string;
};

export type WebhookRow = {
  sid: string;
  conversation_sid: string;
  target: "studio" | "webhook" | "trigger";
  /** JSON: { flow_sid?, url?, method?, filters?, triggers? }. */
  configuration: string;
  date_created: string;
  date_updated: string;
};

export type InteractionRow = {
  sid: string;
  channel_sid: string;
  conversation_sid: string;
  channel_type: string;
  channel_status: ChannelStatus;
  routing: string;
  date_created: string;
};

export type InteractionParticipantRow = {
  sid: string;
  interaction_sid: string;
  channel_sid: string;
  type: ParticipantType;
  identity: string;
  status: InteractionParticipantStatus;
  task_sid: string | null;
  date_created: string;
};

export type TaskRow = {
  sid: string;
  interaction_sid: string;
  conversation_sid: string;
  assignment_status: TaskStatus;
  attributes: string;
  worker_identity: string | null;
  reason: string | null;
  date_created: string;
  date_updated: string;
};

/** A delivery the sandbox made (or, for URL targets it cannot reach, would have made): the record tests read. */
export type WebhookDelivery = { webhookSid: string; target: string; event: string; conversationSid: string };

const SCHEMA = `
create table if not exists addresses (
  sid text primary key, type text not null, address text not null, friendly_name text,
  auto_creation text not null, date_created text not null, date_updated text not null);
create table if not exists conversation_webhooks (
  sid text primary key, conversation_sid text not null references conversations(sid) on delete cascade,
  target text not null, configuration text not null, date_created text not null, date_updated text not null);
create table if not exists webhook_deliveries (
  id integer primary key autoincrement, webhook_sid text not null, target text not null, event text not null,
  conversation_sid text not null);
create table if not exists interactions (
  sid text primary key, channel_sid text not null unique, conversation_sid text not null, channel_type text not null,
  channel_status text not null, routing text not null, date_created text not null);
create table if not exists interaction_participants (
  sid text primary key, interaction_sid text not null, channel_sid text not null, type text not null,
  identity text not null, status text not null, task_sid text, date_created text not null);
create table if not exists tasks (
  sid text primary key, interaction_sid text not null, conversation_sid text not null, assignment_status text not null,
  attributes text not null, worker_identity text, reason text, date_created text not null, date_updated text not null);
create index if not exists tasks_by_status on tasks (assignment_status, date_created);
create table if not exists task_acceptances (
  task_sid text primary key, date_created integer not null, date_accepted integer not null);
`;

/** Tasks an agent still has to act on: TaskRouter's open statuses (Twilio, "Lifecycle of a Task"). */
export const OPEN_TASK_STATUSES: TaskStatus[] = ["pending", "reserved", "assigned", "wrapping"];

export class FlexStore {
  readonly ids: FlexIds;

  constructor(
    private readonly store: SandboxStore,
    addressSid: string,
    conversationsServiceSid: string,
    /** A site owner's exported flow names their account's workflow and chat channel: the sandbox takes them as its own. */
    flexTargets?: { workflow: string; channel: string } | null,
  ) {
    store.db.exec(SCHEMA);
    const ids = this.loadIds();
    this.ids = flexTargets ? { ...ids, workflowSid: flexTargets.workflow, taskChannelSid: flexTargets.channel } : ids;
    this.seedAddress(addressSid, conversationsServiceSid);
  }

  private get db() {
    return this.store.db;
  }

  private loadIds(): FlexIds {
    const row = this.db.prepare("select value from meta where key = 'flex'").get() as { value: string } | undefined;
    if (row) {
      const stored = JSON.parse(row.value) as FlexIds;
      if (stored.taskChannelSid) return stored;
      // A database made before the sandbox named its task channel gets one now.
      const ids = { ...stored, taskChannelSid: newSid("TC") };
      this.db.prepare("update meta set value = ? where key = 'flex'").run(JSON.stringify(ids));
      return ids;
    }
    const ids: FlexIds = {
      workspaceSid: newSid("WS"),
      workflowSid: newSid("WW"),
      taskChannelSid: newSid("TC"),
      taskQueueSid: newSid("WQ"),
      studioFlowSid: newSid("FW"),
      flexInstanceSid: newSid("GO"),
      flexServiceInstanceSid: newSid("IS"),
    };
    this.db.prepare("insert into meta (key, value) values ('flex', ?)").run(JSON.stringify(ids));
    return ids;
  }

  /**
   * The web chat address a new Flex account has: type "chat" (twilio's AddressConfigurationType has no "webchat"),
   * its integration the default "Messaging Flow" Studio flow, which is Trigger → Send to Flex.
   */
  private seedAddress(sid: string, conversationsServiceSid: string) {
    if (this.getAddress(sid)) return;
    const now = twilioDate();
    this.db
      .prepare(
        "insert into addresses (sid, type, address, friendly_name, auto_creation, date_created, date_updated) values (?, 'chat', ?, ?, ?, ?, ?)",
      )
      .run(
        sid,
        "flex-webchat",
        "Web chat (sandbox)",
        JSON.stringify({
          enabled: true,
          type: "studio",
          conversation_service_sid: conversationsServiceSid,
          studio_flow_sid: this.ids.studioFlowSid,
          studio_retry_count: 0,
        }),
        now,
        now,
      );
  }

  // Address configurations ----------------------------------------------------------------------

  getAddress(sid: string): AddressRow | undefined {
    return this.db.prepare("select * from addresses where sid = ?").get(sid) as AddressRow | undefined;
  }

  listAddresses(type: string | undefined, offset: number, limit: number): AddressRow[] {
    return (
      type
        ? this.db
            .prepare("select * from addresses where type = ? order by rowid limit ? offset ?")
            .all(type, limit, offset)
        : this.db.prepare("select * from addresses order by rowid limit ? offset ?").all(limit, offset)
    ) as AddressRow[];
  }

  // Conversation-scoped webhooks ------------------------------------------------------------------

  addWebhook(
    conversationSid: string,
    target: WebhookRow["target"],
    configuration: Record<string, unknown>,
  ): WebhookRow {
    const now = twilioDate();
    const row: WebhookRow = {
      sid: newSid("WH"),
      conversation_sid: conversationSid,
      target,
      configuration: JSON.stringify(configuration),
      date_created: now,
      date_updated: now,
    };
    this.db
      .prepare(
        "insert into conversation_webhooks (sid, conversation_sid, target, configuration, date_created, date_updated) values (@sid, @conversation_sid, @target, @configuration, @date_created, @date_updated)",
      )
      .run(row);
    return row;
  }

  listWebhooks(conversationSid: string, offset = 0, limit = 100): WebhookRow[] {
    return this.db
      .prepare("select * from conversation_webhooks where conversation_sid = ? order by rowid limit ? offset ?")
      .all(conversationSid, limit, offset) as WebhookRow[];
  }

  getWebhook(conversationSid: string, sid: string): WebhookRow | undefined {
    return this.db
      .prepare("select * from conversation_webhooks where conversation_sid = ? and sid = ?")
      .get(conversationSid, sid) as WebhookRow | undefined;
  }

  deleteWebhook(sid: string): void {
    this.db.prepare("delete from conversation_webhooks where sid = ?").run(sid);
  }

  recordDelivery(delivery: WebhookDelivery): void {
    this.db
      .prepare("insert into webhook_deliveries (webhook_sid, target, event, conversation_sid) values (?, ?, ?, ?)")
      .run(delivery.webhookSid, delivery.target, delivery.event, delivery.conversationSid);
  }

  deliveries(conversationSid: string): WebhookDelivery[] {
    return (
      this.db
        .prepare(
          "select webhook_sid, target, event, conversation_sid from webhook_deliveries where conversation_sid = ? order by id",
        )
        .all(conversationSid) as { webhook_sid: string; target: string; event: string; conversation_sid: string }[]
    ).map((r) => ({
      webhookSid: r.webhook_sid,
      target: r.target,
      event: r.event,
      conversationSid: r.conversation_sid,
    }));
  }

  // Interactions, channels, participants --------------------------------------------------------

  createInteraction(conversationSid: string, routing: Record<string, unknown>): InteractionRow {
    const row: InteractionRow = {
      sid: newSid("KD"),
      channel_sid: newSid("UO"),
      conversation_sid: conversationSid,
      // Flex's web chat channel is of type "web"; its task channel is "chat" (Interactions Channels docs).
      channel_type: "web",
      channel_status: "active",
      routing: JSON.stringify(routing),
      date_created: twilioDate(),
    };
    this.db
      .prepare(
        "insert into interactions (sid, channel_sid, conversation_sid, channel_type, channel_status, routing, date_created) values (@sid, @channel_sid, @conversation_sid, @channel_type, @channel_status, @routing, @date_created)",
      )
      .run(row);
    return row;
  }

  getInteraction(sid: string): InteractionRow | undefined {
    return this.db.prepare("select * from interactions where sid = ?").get(sid) as InteractionRow | undefined;
  }

  interactionOfConversation(conversationSid: string): InteractionRow | undefined {
    return this.db
      .prepare("select * from interactions where conversation_sid = ? order by rowid desc limit 1")
      .get(conversationSid) as InteractionRow | undefined;
  }

  setChannelStatus(interactionSid: string, status: ChannelStatus): void {
    this.db.prepare("update interactions set channel_status = ? where sid = ?").run(status, interactionSid);
  }

  addParticipant(
    interaction: InteractionRow,
    type: ParticipantType,
    identity: string,
    taskSid: string | null,
  ): InteractionParticipantRow {
    const row: InteractionParticipantRow = {
      sid: newSid("UT"),
      interaction_sid: interaction.sid,
      channel_sid: interaction.channel_sid,
      type,
      identity,
      status: "active",
      task_sid: taskSid,
      date_created: twilioDate(),
    };
    this.db
      .prepare(
        "insert into interaction_participants (sid, interaction_sid, channel_sid, type, identity, status, task_sid, date_created) values (@sid, @interaction_sid, @channel_sid, @type, @identity, @status, @task_sid, @date_created)",
      )
      .run(row);
    return row;
  }

  listParticipants(channelSid: string, offset = 0, limit = 100): InteractionParticipantRow[] {
    return this.db
      .prepare("select * from interaction_participants where channel_sid = ? order by rowid limit ? offset ?")
      .all(channelSid, limit, offset) as InteractionParticipantRow[];
  }

  getParticipant(channelSid: string, sid: string): InteractionParticipantRow | undefined {
    return this.db
      .prepare("select * from interaction_participants where channel_sid = ? and sid = ?")
      .get(channelSid, sid) as InteractionParticipantRow | undefined;
  }

  setParticipantStatus(sid: string, status: InteractionParticipantStatus): void {
    this.db.prepare("update interaction_participants set status = ? where sid = ?").run(status, sid);
  }

  // TaskRouter tasks ----------------------------------------------------------------------------

  createTask(interaction: InteractionRow, attributes: Record<string, unknown>): TaskRow {
    const now = twilioDate();
    const row: TaskRow = {
      sid: newSid("WT"),
      interaction_sid: interaction.sid,
      conversation_sid: interaction.conversation_sid,
      assignment_status: "pending",
      attributes: JSON.stringify(attributes),
      worker_identity: null,
      reason: null,
      date_created: now,
      date_updated: now,
    };
    this.db
      .prepare(
        "insert into tasks (sid, interaction_sid, conversation_sid, assignment_status, attributes, worker_identity, reason, date_created, date_updated) values (@sid, @interaction_sid, @conversation_sid, @assignment_status, @attributes, @worker_identity, @reason, @date_created, @date_updated)",
      )
      .run(row);
    return row;
  }

  getTask(sid: string): TaskRow | undefined {
    return this.db.prepare("select * from tasks where sid = ?").get(sid) as TaskRow | undefined;
  }

  updateTask(
    sid: string,
    changes: { status?: TaskStatus; worker?: string; reason?: string; attributes?: string },
  ): TaskRow {
    const current = this.getTask(sid)!;
    // When each task was accepted: TaskRouter's queue statistics (wait until accepted) are computed from it.
    if (changes.status === "assigned" && current.assignment_status !== "assigned") {
      this.db
        .prepare("insert or ignore into task_acceptances (task_sid, date_created, date_accepted) values (?, ?, ?)")
        .run(sid, Date.parse(current.date_created), Date.now());
    }
    return updateRow(this.db, "tasks", current, {
      assignment_status: changes.status,
      worker_identity: changes.worker,
      reason: changes.reason,
      attributes: changes.attributes,
    });
  }

  /** How long tasks accepted in [since, until] (epoch ms) waited, in seconds (TaskQueue CumulativeStatistics). */
  acceptedWaits(since: number, until: number): number[] {
    return (
      this.db
        .prepare(
          "select date_accepted - date_created as waited from task_acceptances where date_accepted between ? and ?",
        )
        .all(since, until) as { waited: number }[]
    ).map((r) => Math.max(0, Math.round(r.waited / 1000)));
  }

  /** How many tasks were created in [since, until] (epoch ms). */
  countTasksCreated(since: number, until: number): number {
    return (this.db.prepare("select date_created from tasks").all() as { date_created: string }[]).filter((r) => {
      const t = Date.parse(r.date_created);
      return t >= since && t <= until;
    }).length;
  }

  /** Tasks by status (oldest first, as a queue), optionally only one conversation's. */
  listTasks(filter: { statuses?: TaskStatus[]; conversationSid?: string }, offset = 0, limit = 100): TaskRow[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.statuses?.length) {
      where.push(`assignment_status in (${filter.statuses.map(() => "?").join(", ")})`);
      params.push(...filter.statuses);
    }
    if (filter.conversationSid) {
      where.push("conversation_sid = ?");
      params.push(filter.conversationSid);
    }
    const clause = where.length ? `where ${where.join(" and ")}` : "";
    return this.db
      .prepare(`select * from tasks ${clause} order by date_created, rowid limit ? offset ?`)
      .all(...params, limit, offset) as TaskRow[];
  }

  countTasks(statuses: TaskStatus[]): number {
    return (
      this.db
        .prepare(`select count(*) as n from tasks where assignment_status in (${statuses.map(() => "?").join(", ")})`)
        .get(...statuses) as { n: number }
    ).n;
  }

  tasksOfInteraction(interactionSid: string): TaskRow[] {
    return this.db
      .prepare("select * from tasks where interaction_sid = ? order by rowid")
      .all(interactionSid) as TaskRow[];
  }

  /** Active conversations that never reached Flex (no interaction): the symptom of a first message without webhooks. */
  countUnrouted(): number {
    return (
      this.db
        .prepare(
          "select count(*) as n from conversations c where c.state != 'closed' and not exists (select 1 from interactions i where i.conversation_sid = c.sid)",
        )
        .get() as { n: number }
    ).n;
  }
}
