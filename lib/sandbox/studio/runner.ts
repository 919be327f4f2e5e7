import "server-only";
import type { SandboxStore } from "@/lib/sandbox/store";
import type { Condition, Flow, Transition, Widget } from "@/lib/sandbox/studio/flow";
import { TRIGGER_FIELDS } from "@/lib/sandbox/studio/flow";
import { renderTemplate } from "@/lib/sandbox/studio/liquid";

/**
 * Runs a Studio flow for the web chats of the sandbox's address, one execution per conversation, as Studio runs one
 * on a Conversations trigger:
 *
 * - a message that fires the conversation's Studio webhook starts an execution at the Trigger's "Incoming
 *   Conversation", or, when one is waiting in a Send & Wait For Reply, is that widget's reply
 *   (`{{widgets.NAME.inbound.Body}}`; "Send & Wait For Reply widget");
 * - Send Message and Send & Wait For Reply post as the widget's `from`, by default `{{flow.channel.address}}` ("Send
 *   Message widget"), which is not a participant of the conversation, so the message has no participant (the
 *   Message resource: `participant_sid` "Null in case of `system` sent message"). Twilio does not say what the channel
 *   address of a web chat is; the sandbox gives the address configuration's `address`;
 * - a reply not given within the widget's `timeout` (3600 seconds by default) leaves by "timeout";
 * - Send to Flex hands the conversation to Flex and ends the execution: "Studio blocks further messages from the flow
 *   and disconnects the onMessageAdded webhook" ("Start Conversation widget");
 * - an execution that ends any other way is forgotten, and the next message starts a new one, as a trigger does.
 *
 * Where Twilio is silent the stricter reading holds: conditions compare text exactly (case included), and attributes
 * that are not JSON once rendered fail Send to Flex ("failedToEnqueue") instead of being repaired.
 */

export type StudioHost = {
  /** Posts a message as `author` (no webhooks: Studio's own messages do not start it again). */
  post(conversationSid: string, author: string, body: string): void;
  /** The flow's Send to Flex: a task with these attributes. */
  sendToFlex(conversationSid: string, attributes: Record<string, unknown>): void;
  /** The conversation's attributes (`{{trigger.conversation.ChannelAttributes…}}`), or null when it is gone. */
  conversationAttributes(conversationSid: string): Record<string, unknown> | null;
  channelAddress: string;
  flowSid: string;
  /** How much faster than real time the sandbox's clock runs (SANDBOX_CLOCK_SPEED). */
  clockSpeed: number;
};

type Context = {
  trigger: { conversation: Record<string, unknown> };
  widgets: Record<string, { inbound?: Record<string, string> }>;
  flow: { variables: Record<string, string>; channel: { address: string }; flow_sid: string };
};

type ExecutionRow = { conversation_sid: string; waiting_at: string | null; wait_until: number | null; context: string };

const SCHEMA = `
create table if not exists studio_executions (
  conversation_sid text primary key references conversations(sid) on delete cascade,
  waiting_at text, wait_until integer, context text not null);
`;

/** Studio ends an execution that loops without waiting; the sandbox stops one after this many steps and says so. */
const MAX_STEPS = 1_000;
const DEFAULT_TIMEOUT_SECONDS = 3600;

export class StudioRunner {
  private readonly waits = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly store: SandboxStore,
    readonly flow: Flow,
    private readonly host: StudioHost,
  ) {
    store.db.exec(SCHEMA);
    // Waits survive a restart: one that fell due while the process was down times out now.
    for (const row of store.db
      .prepare("select * from studio_executions where wait_until is not null")
      .all() as ExecutionRow[])
      this.scheduleTimeout(row.conversation_sid, row.wait_until!);
  }

  stop(): void {
    for (const handle of this.waits.values()) clearTimeout(handle);
    this.waits.clear();
  }

  /** Whether a flow is under way for the conversation (Flex has not been handed it yet). */
  running(conversationSid: string): boolean {
    return this.get(conversationSid) !== undefined;
  }

  /** A message fired the conversation's Studio webhook. `event` holds onMessageAdded's fields. */
  onMessage(conversationSid: string, event: Record<string, string>): void {
    const fields = Object.fromEntries(TRIGGER_FIELDS.filter((f) => f in event).map((f) => [f, event[f]!]));
    const row = this.get(conversationSid);
    if (row?.waiting_at) {
      const context = JSON.parse(row.context) as Context;
      const widget = this.flow.widgets.get(row.waiting_at)!;
      context.widgets[widget.name] = { inbound: fields };
      this.clearTimeout(conversationSid);
      this.run(conversationSid, context, this.next(widget, "incomingMessage"));
      return;
    }
    if (row) return;
    const attributes = this.host.conversationAttributes(conversationSid);
    if (!attributes) return;
    const context: Context = {
      trigger: { conversation: { ...fields, ChannelAttributes: attributes } },
      widgets: {},
      flow: { variables: {}, channel: { address: this.host.channelAddress }, flow_sid: this.host.flowSid },
    };
    const trigger = this.flow.widgets.get(this.flow.initialState)!;
    this.run(conversationSid, context, this.next(trigger, "incomingConversationMessage"));
  }

  /** Follows the flow from `name` until it waits for a reply, hands off to Flex, or ends. */
  private run(conversationSid: string, context: Context, name: string | undefined): void {
    const render = (template: string) => renderTemplate(template, context);
    for (let step = 0; step < MAX_STEPS; step++) {
      const widget = name ? this.flow.widgets.get(name) : undefined;
      if (!widget) return this.end(conversationSid);
      const text = (key: string) => {
        const value = widget.properties[key];
        return value === undefined || value === null ? undefined : String(value);
      };
      switch (widget.type) {
        case "send-message":
        case "send-and-wait-for-reply": {
          // Both post as the widget's `from`, by default the flow's channel address ("Send Message widget").
          const sent = this.post(
            conversationSid,
            render(text("from") ?? "{{flow.channel.address}}"),
            render(text("body")!),
          );
          if (sent === "closed") return this.end(conversationSid);
          if (widget.type === "send-message" || !sent) {
            name = this.next(widget, widget.type === "send-message" ? (sent ? "sent" : "failed") : "deliveryFailure");
            break;
          }
          const seconds = Number(text("timeout") ?? DEFAULT_TIMEOUT_SECONDS);
          const waitUntil = Date.now() + Math.round((seconds * 1000) / this.host.clockSpeed);
          this.save(conversationSid, context, widget.name, waitUntil);
          this.scheduleTimeout(conversationSid, waitUntil);
          return;
        }
        case "split-based-on": {
          const input = render(text("input")!);
          const match = widget.transitions.find(
            (t) => t.event === "match" && t.conditions!.every((c) => holds(c, input, render)),
          );
          name = match ? match.next : this.next(widget, "noMatch");
          break;
        }
        case "set-variables":
          for (const variable of widget.properties.variables as { key: string; value: string }[])
            context.flow.variables[variable.key] = render(variable.value);
          name = this.next(widget, "next");
          break;
        case "send-to-flex": {
          let attributes: unknown = {};
          const template = text("attributes");
          if (template) {
            try {
              attributes = JSON.parse(render(template));
            } catch {
              attributes = undefined;
            }
          }
          if (!attributes || typeof attributes !== "object" || Array.isArray(attributes)) {
            console.warn(
              `Studio (sandbox): "${widget.name}" could not send to Flex: its attributes are not a JSON object once rendered`,
            );
            name = this.next(widget, "failedToEnqueue");
            break;
          }
          this.end(conversationSid);
          this.host.sendToFlex(conversationSid, attributes as Record<string, unknown>);
          return;
        }
        case "trigger":
          return this.end(conversationSid);
      }
    }
    console.warn(`Studio (sandbox): the flow ran ${MAX_STEPS} widgets in a row for ${conversationSid} and was stopped`);
    this.end(conversationSid);
  }

  /** Posts, and says whether it went: false for a refusal, "closed" when the conversation is over. */
  private post(conversationSid: string, author: string, body: string): boolean | "closed" {
    if (this.host.conversationAttributes(conversationSid) === null) return "closed";
    try {
      this.host.post(conversationSid, author, body);
      return true;
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code === 50377) return "closed";
      console.warn(`Studio (sandbox): a message of the flow was refused: ${(error as Error).message}`);
      return false;
    }
  }

  private next(widget: Widget, event: Transition["event"]): string | undefined {
    return widget.transitions.find((t) => t.event === event)?.next;
  }

  private timedOut(conversationSid: string): void {
    this.waits.delete(conversationSid);
    const row = this.get(conversationSid);
    if (!row?.waiting_at) return;
    if (this.host.conversationAttributes(conversationSid) === null) return this.end(conversationSid);
    const widget = this.flow.widgets.get(row.waiting_at)!;
    this.save(conversationSid, JSON.parse(row.context) as Context, null, null);
    this.run(conversationSid, JSON.parse(row.context) as Context, this.next(widget, "timeout"));
  }

  private scheduleTimeout(conversationSid: string, at: number): void {
    this.clearTimeout(conversationSid);
    const handle = setTimeout(
      () => this.timedOut(conversationSid),
      Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1),
    );
    handle.unref?.();
    this.waits.set(conversationSid, handle);
  }

  private clearTimeout(conversationSid: string): void {
    clearTimeout(this.waits.get(conversationSid));
    this.waits.delete(conversationSid);
  }

  private get(conversationSid: string): ExecutionRow | undefined {
    return this.store.db.prepare("select * from studio_executions where conversation_sid = ?").get(conversationSid) as
      ExecutionRow | undefined;
  }

  private save(conversationSid: string, context: Context, waitingAt: string | null, waitUntil: number | null): void {
    this.store.db
      .prepare(
        `insert into studio_executions (conversation_sid, waiting_at, wait_until, context) values (?, ?, ?, ?)
         on conflict (conversation_sid) do update set waiting_at = excluded.waiting_at, wait_until = excluded.wait_until,
         context = excluded.context`,
      )
      .run(conversationSid, waitingAt, waitUntil, JSON.stringify(context));
  }

  private end(conversationSid: string): void {
    this.clearTimeout(conversationSid);
    this.store.db.prepare("delete from studio_executions where conversation_sid = ?").run(conversationSid);
  }
}

/** One condition of Split Based On…, on the rendered input (or the condition's own rendered argument). */
function holds(condition: Condition, input: string, render: (template: string) => string): boolean {
  const subject = condition.arguments[0] !== undefined ? render(condition.arguments[0]) : input;
  const value = render(condition.value ?? "");
  const anyOf = () =>
    value
      .split(",")
      .map((v) => v.trim())
      .includes(subject);
  switch (condition.type) {
    case "equal_to":
      return subject === value;
    case "not_equal_to":
      return subject !== value;
    case "matches_any_of":
      return anyOf();
    case "does_not_match_any_of":
      return !anyOf();
    case "contains":
      return subject.includes(value);
    case "does_not_contain":
      return !subject.includes(value);
    case "starts_with":
      return subject.startsWith(value);
    case "does_not_start_with":
      return !subject.startsWith(value);
    case "is_blank":
      return subject.trim() === "";
    case "is_not_blank":
      return subject.trim() !== "";
  }
}
