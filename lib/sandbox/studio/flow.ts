import "server-only";
import { readFileSync } from "node:fs";
import { LiquidError, templatePaths } from "@/lib/sandbox/studio/liquid";

/**
 * A Studio flow definition in Twilio's own export format (Studio's "Export" and the Flows API's `definition`:
 * `states`, `initial_state`, `flags`; Twilio, "Studio Flow Definition" and its JSON schemas), checked against the
 * subset the sandbox runs. Anything outside the subset — a widget type, a property, a transition event, a Liquid
 * variable or filter — is refused with a sentence naming it, never skipped: a flow that loads here runs here as it
 * would in Studio, as far as the subset goes (docs/studio.md lists it).
 */

export type Transition = { event: string; next?: string; conditions?: Condition[] };
export type Condition = { friendly_name?: string; arguments: string[]; type: ConditionType; value?: string };
export type Widget = { name: string; type: WidgetType; transitions: Transition[]; properties: Record<string, unknown> };
export type Flow = { description?: string; initialState: string; widgets: Map<string, Widget> };

/** The condition types of "Split Based On…" the sandbox evaluates (names as Studio exports them). */
export const CONDITION_TYPES = [
  "equal_to",
  "not_equal_to",
  "matches_any_of",
  "does_not_match_any_of",
  "contains",
  "does_not_contain",
  "starts_with",
  "does_not_start_with",
  "is_blank",
  "is_not_blank",
] as const;
type ConditionType = (typeof CONDITION_TYPES)[number];

/**
 * Per widget type: the events it may leave by and the properties it may carry (`offset` is the canvas position).
 * Events and property names are Studio's own (each widget's page in Twilio's Widget Library).
 */
const WIDGETS = {
  trigger: {
    events: ["incomingMessage", "incomingCall", "incomingConversationMessage", "incomingRequest", "incomingParent"],
    properties: ["offset"],
  },
  "send-message": {
    events: ["sent", "failed"],
    properties: ["offset", "body", "from", "to", "service", "channel"],
  },
  "send-and-wait-for-reply": {
    events: ["incomingMessage", "timeout", "deliveryFailure"],
    properties: ["offset", "body", "from", "service", "channel", "timeout"],
  },
  "split-based-on": { events: ["noMatch", "match"], properties: ["offset", "input"] },
  "set-variables": { events: ["next"], properties: ["offset", "variables"] },
  "send-to-flex": {
    events: ["callComplete", "failedToEnqueue", "callFailure"],
    properties: ["offset", "workflow", "channel", "attributes", "priority", "timeout", "waitUrl", "waitUrlMethod"],
  },
} as const;
type WidgetType = keyof typeof WIDGETS;

/** Twilio's schema caps a definition at 1,000 states; a file much larger than that is not an export. */
export const FLOW_MAX_BYTES = 1_000_000;
const MAX_STATES = 1_000;

/** What the web chat's Conversations trigger gives a flow (`{{trigger.conversation.…}}`): onMessageAdded's fields. */
export const TRIGGER_FIELDS = [
  "ConversationSid",
  "MessageSid",
  "Index",
  "Author",
  "Body",
  "Attributes",
  "ParticipantSid",
  "DateCreated",
  "Source",
] as const;
/** What a Send & Wait For Reply widget keeps of the reply (`{{widgets.NAME.inbound.…}}`). */
const INBOUND_FIELDS = TRIGGER_FIELDS;

export class StudioFlowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StudioFlowError";
  }
}

const fail = (message: string): never => {
  throw new StudioFlowError(message);
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Parses and checks an exported flow definition (its JSON text). Throws a StudioFlowError naming what is wrong. */
export function parseFlow(text: string): Flow {
  if (text.length > FLOW_MAX_BYTES) fail(`the file is larger than ${FLOW_MAX_BYTES.toLocaleString("en")} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail("the file is not JSON (export the flow from Studio: its menu, Export to JSON)");
  }
  if (!isObject(json)) return fail("the definition is not a JSON object");
  for (const key of Object.keys(json)) {
    if (!["description", "states", "initial_state", "flags", "$schema"].includes(key))
      fail(`the definition has a field "${key}" that Studio's flow definition does not have`);
  }
  const { states, initial_state: initialState } = json;
  if (typeof initialState !== "string" || initialState === "") fail('the definition has no "initial_state"');
  if (!Array.isArray(states) || states.length === 0) return fail('the definition has no "states"');
  if (states.length > MAX_STATES) fail(`the definition has more than ${MAX_STATES} states`);

  const widgets = new Map<string, Widget>();
  for (const state of states) {
    const widget = parseWidget(state);
    if (widgets.has(widget.name)) fail(`two widgets are named "${widget.name}"`);
    widgets.set(widget.name, widget);
  }
  const trigger = widgets.get(initialState as string);
  if (!trigger || trigger.type !== "trigger") fail(`the initial state "${String(initialState)}" is not a Trigger`);
  for (const widget of widgets.values()) {
    if (widget.type === "trigger" && widget.name !== initialState) fail(`"${widget.name}" is a second Trigger`);
    for (const transition of widget.transitions) {
      if (transition.next !== undefined && !widgets.has(transition.next))
        fail(`widget "${widget.name}" goes on "${transition.event}" to "${transition.next}", which is not in the flow`);
    }
  }
  if (!trigger!.transitions.some((t) => t.event === "incomingConversationMessage" && t.next)) {
    fail(
      'the Trigger\'s "Incoming Conversation" leads nowhere: a web chat starts the flow there, and would never reach Flex',
    );
  }
  checkVariables(widgets);
  return {
    description: typeof json.description === "string" ? json.description : undefined,
    initialState: initialState as string,
    widgets,
  };
}

function parseWidget(state: unknown): Widget {
  if (!isObject(state) || typeof state.name !== "string" || state.name === "") return fail("a state has no name");
  const name = state.name;
  const type = state.type;
  if (typeof type !== "string" || !(type in WIDGETS)) {
    return fail(
      `widget "${name}" is a "${String(type)}", which the sandbox's Studio does not run (it runs ${Object.keys(WIDGETS).join(", ")})`,
    );
  }
  const spec = WIDGETS[type as WidgetType];
  const properties = isObject(state.properties) ? state.properties : {};
  for (const key of Object.keys(properties)) {
    if (!(spec.properties as readonly string[]).includes(key))
      fail(`widget "${name}" (${type}) has a property "${key}" outside the sandbox's subset`);
  }
  if (!Array.isArray(state.transitions)) fail(`widget "${name}" has no "transitions"`);
  const transitions = (state.transitions as unknown[]).map((raw): Transition => {
    if (!isObject(raw) || typeof raw.event !== "string")
      return fail(`widget "${name}" has a transition without an event`);
    if (!(spec.events as readonly string[]).includes(raw.event))
      fail(`widget "${name}" (${type}) has a transition "${raw.event}" that this widget does not have`);
    if (raw.next !== undefined && typeof raw.next !== "string")
      fail(`widget "${name}": "${raw.event}" has a bad "next"`);
    const transition: Transition = { event: raw.event, ...(raw.next ? { next: raw.next as string } : {}) };
    if (raw.event === "match") transition.conditions = parseConditions(name, raw.conditions);
    return transition;
  });
  const widget: Widget = { name, type: type as WidgetType, transitions, properties };
  checkProperties(widget);
  return widget;
}

function parseConditions(widget: string, raw: unknown): Condition[] {
  if (!Array.isArray(raw) || raw.length === 0) return fail(`widget "${widget}" has a "match" without conditions`);
  return raw.map((condition) => {
    if (!isObject(condition) || !Array.isArray(condition.arguments) || typeof condition.type !== "string")
      return fail(`widget "${widget}" has a condition without "type" and "arguments"`);
    if (!(CONDITION_TYPES as readonly string[]).includes(condition.type))
      fail(
        `widget "${widget}" tests "${condition.type}", outside the sandbox's subset (${CONDITION_TYPES.join(", ")})`,
      );
    if (!condition.arguments.every((a) => typeof a === "string"))
      fail(`widget "${widget}" has a condition whose arguments are not text`);
    if (condition.value !== undefined && typeof condition.value !== "string")
      fail(`widget "${widget}" has a condition whose value is not text`);
    return {
      friendly_name: typeof condition.friendly_name === "string" ? condition.friendly_name : undefined,
      arguments: condition.arguments as string[],
      type: condition.type as ConditionType,
      value: condition.value as string | undefined,
    };
  });
}

const text = (widget: Widget, key: string, required = false): string | undefined => {
  const value = widget.properties[key];
  if (value === undefined || value === null || value === "") {
    if (required) fail(`widget "${widget.name}" (${widget.type}) has no "${key}"`);
    return undefined;
  }
  if (typeof value !== "string" && typeof value !== "number") fail(`widget "${widget.name}": "${key}" is not text`);
  return String(value);
};

function checkProperties(widget: Widget) {
  switch (widget.type) {
    case "send-message":
      text(widget, "body", true);
      break;
    case "send-and-wait-for-reply": {
      text(widget, "body", true);
      const timeout = text(widget, "timeout");
      if (timeout !== undefined && !/^\d+$/.test(timeout))
        fail(`widget "${widget.name}": "timeout" must be a whole number of seconds, not "${timeout}"`);
      break;
    }
    case "split-based-on":
      text(widget, "input", true);
      break;
    case "set-variables": {
      const variables = widget.properties.variables;
      if (!Array.isArray(variables)) return fail(`widget "${widget.name}" (set-variables) has no "variables"`);
      for (const variable of variables) {
        if (!isObject(variable) || typeof variable.key !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable.key))
          fail(`widget "${widget.name}" sets a variable without a plain name`);
        if (typeof (variable as { value?: unknown }).value !== "string")
          fail(`widget "${widget.name}" sets "${String((variable as { key?: unknown }).key)}" to something not text`);
      }
      break;
    }
    case "send-to-flex": {
      const workflow = text(widget, "workflow", true)!;
      if (!/^WW[0-9a-fA-F]{32}$/.test(workflow))
        fail(`widget "${widget.name}": "workflow" must be a Workflow SID (WW…), not "${workflow}"`);
      const channel = text(widget, "channel", true)!;
      if (!/^TC[0-9a-fA-F]{32}$/.test(channel))
        fail(`widget "${widget.name}": "channel" must be a Task Channel SID (TC…), not "${channel}"`);
      break;
    }
  }
}

/** Every `{{…}}` in the flow names a variable the subset provides; a Liquid filter or tag is refused. */
function checkVariables(widgets: Map<string, Widget>) {
  const inboundOf = new Set(
    [...widgets.values()].filter((w) => w.type === "send-and-wait-for-reply").map((w) => w.name),
  );
  const flowVariables = new Set(
    [...widgets.values()]
      .filter((w) => w.type === "set-variables")
      .flatMap((w) => (w.properties.variables as { key: string }[]).map((v) => v.key)),
  );
  const allowed = (path: string): boolean => {
    const [root, second, third, fourth, ...rest] = path.split(".");
    if (root === "trigger") {
      if (second !== "conversation" || !third) return false;
      // ChannelAttributes is the conversation's attributes, as deep as they go (Flex's pre-engagement data).
      if (third === "ChannelAttributes") return true;
      return (TRIGGER_FIELDS as readonly string[]).includes(third) && fourth === undefined;
    }
    if (root === "widgets")
      return (
        !!second &&
        inboundOf.has(second) &&
        third === "inbound" &&
        (INBOUND_FIELDS as readonly string[]).includes(fourth ?? "") &&
        rest.length === 0
      );
    if (root === "flow") {
      if (second === "variables") return !!third && flowVariables.has(third) && fourth === undefined;
      return (second === "channel" && third === "address" && fourth === undefined) || (second === "flow_sid" && !third);
    }
    return false;
  };
  for (const widget of widgets.values()) {
    const templates: [string, string][] = [];
    for (const key of ["body", "from", "to", "input", "attributes", "service", "channel", "workflow"]) {
      const value = widget.properties[key];
      if (typeof value === "string") templates.push([key, value]);
    }
    if (widget.type === "set-variables") {
      for (const v of widget.properties.variables as { key: string; value: string }[])
        templates.push([`variable ${v.key}`, v.value]);
    }
    for (const t of widget.transitions)
      for (const c of t.conditions ?? []) {
        for (const a of c.arguments) templates.push(["a condition", a]);
        if (c.value) templates.push(["a condition", c.value]);
      }
    for (const [where, template] of templates) {
      let paths: string[];
      try {
        paths = templatePaths(template);
      } catch (error) {
        return fail(`widget "${widget.name}", ${where}, ${(error as LiquidError).message}`);
      }
      for (const path of paths) {
        if (!allowed(path))
          fail(`widget "${widget.name}", ${where}, uses {{${path}}}, a variable outside the sandbox's subset`);
      }
    }
  }
}

/** Every Send to Flex names one workflow and one task channel: the sandbox has one of each. */
export function flexTargets(flow: Flow): { workflow: string; channel: string } | null {
  const targets = [...flow.widgets.values()].filter((w) => w.type === "send-to-flex");
  if (targets.length === 0) return null;
  const workflows = new Set(targets.map((w) => String(w.properties.workflow)));
  const channels = new Set(targets.map((w) => String(w.properties.channel)));
  if (workflows.size > 1) fail(`the Send to Flex widgets name ${workflows.size} workflows; the sandbox has one`);
  if (channels.size > 1) fail(`the Send to Flex widgets name ${channels.size} task channels; the sandbox has one`);
  return { workflow: [...workflows][0]!, channel: [...channels][0]! };
}

/**
 * The flow a new Flex account's chat address runs: Trigger → Send to Flex, whose attributes give the task the
 * visitor's name (Twilio's Flex docs on task attributes: the default chat flow adds
 * `{"from": "{{trigger.conversation.ChannelAttributes.pre_engagement_data.friendlyName}}"}`).
 */
export function defaultFlowDefinition(workflow: string, channel: string) {
  return {
    description: "Messaging Flow",
    states: [
      {
        name: "Trigger",
        type: "trigger",
        transitions: [
          { event: "incomingMessage" },
          { event: "incomingCall" },
          { event: "incomingConversationMessage", next: "SendConversationToAgent" },
          { event: "incomingRequest" },
          { event: "incomingParent" },
        ],
        properties: { offset: { x: 0, y: 0 } },
      },
      {
        name: "SendConversationToAgent",
        type: "send-to-flex",
        transitions: [{ event: "callComplete" }, { event: "failedToEnqueue" }, { event: "callFailure" }],
        properties: {
          offset: { x: 0, y: 200 },
          workflow,
          channel,
          attributes: '{"from": "{{trigger.conversation.ChannelAttributes.pre_engagement_data.friendlyName}}"}',
        },
      },
    ],
    initial_state: "Trigger",
    flags: { allow_concurrent_calls: true },
  };
}

/** SANDBOX_STUDIO_FLOW's file, read and checked. Throws a StudioFlowError that names the variable and the file. */
export function loadFlowFile(path: string): Flow {
  const where = `SANDBOX_STUDIO_FLOW (${path})`;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new StudioFlowError(`${where}: the file cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  try {
    const flow = parseFlow(text);
    flexTargets(flow);
    return flow;
  } catch (error) {
    if (error instanceof StudioFlowError) throw new StudioFlowError(`${where}: ${error.message}`);
    throw error;
  }
}
