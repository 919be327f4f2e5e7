import "server-only";
import type { FlexStore, InteractionRow, TaskRow, TaskStatus } from "@/lib/sandbox/flex";
import type { Sandbox } from "@/lib/sandbox/sandbox";
import { SandboxError, invalidParameter, notFound } from "@/lib/sandbox/errors";
import { deliverWebhook } from "@/lib/sandbox/webhook-delivery";
import { defaultFlowDefinition, parseFlow, type Flow } from "@/lib/sandbox/studio/flow";
import { StudioRunner } from "@/lib/sandbox/studio/runner";

/** A Conversations post-event webhook's event name (Twilio, "Conversations Webhooks"). */
export type WebhookEvent = "onMessageAdded" | "onConversationStateUpdated" | "onParticipantAdded";

/**
 * What Flex does with a web chat after `POST /v2/WebChats`, driven by the sandbox's own events:
 *
 * 1. The address configuration's integration is attached to the new conversation as a conversation-scoped webhook
 *    (Twilio, "Address Configuration Resource": `AutoCreation.Type` studio/webhook).
 * 2. A message fires it only when Twilio would (lib/sandbox/sandbox.ts decides: client messages always, REST ones only
 *    with `X-Twilio-Webhook-Enabled: true`).
 * 3. The address's Studio flow runs (lib/sandbox/studio): a new Flex account's is Trigger → "Send to Flex", a site
 *    owner's export replaces it (SANDBOX_STUDIO_FLOW). Send to Flex creates an Interaction, its Channel and a
 *    TaskRouter task whose attributes carry `conversationSid`, `flexInteractionSid` and `flexInteractionChannelSid`
 *    beside the widget's own (Twilio, "Send to Flex widget" and "Interactions Resource").
 * 4. The agent accepts, talks, ends the chat (channel or participant closed → task wrapping) and completes the task.
 */
export class FlexOrchestration {
  /** Deliveries under way (tests wait for them; the sandbox never waits for a webhook's answer). */
  readonly pending = new Set<Promise<unknown>>();
  readonly studio: StudioRunner;
  private readonly publicOrigin?: string;

  constructor(
    private readonly sandbox: Sandbox,
    readonly data: FlexStore,
    { publicOrigin, flow, clockSpeed = 1 }: { publicOrigin?: string; flow?: Flow; clockSpeed?: number } = {},
  ) {
    this.publicOrigin = publicOrigin;
    const ids = data.ids;
    const address = data.getAddress(sandbox.credentials.flexAddressSid);
    this.studio = new StudioRunner(
      sandbox.store,
      flow ?? parseFlow(JSON.stringify(defaultFlowDefinition(ids.workflowSid, ids.taskChannelSid))),
      {
        post: (conversationSid, author, body) =>
          sandbox.postMessage(conversationSid, { author, body }, { webhooks: false }),
        sendToFlex: (conversationSid, attributes) => this.sendToFlex(conversationSid, attributes),
        conversationAttributes: (conversationSid) => {
          const conversation = sandbox.store.getConversation(conversationSid);
          if (!conversation || conversation.state === "closed") return null;
          return JSON.parse(conversation.attributes) as Record<string, unknown>;
        },
        channelAddress: address?.address ?? "flex-webchat",
        flowSid: ids.studioFlowSid,
        clockSpeed,
      },
    );
  }

  /** WebChats: the conversation gets the address's integration (only Studio and webhook integrations exist here). */
  wireConversation(conversationSid: string, addressSid: string): void {
    const address = this.data.getAddress(addressSid);
    if (!address) return;
    const integration = JSON.parse(address.auto_creation) as {
      enabled?: boolean;
      type?: string;
      studio_flow_sid?: string;
      webhook_url?: string;
      webhook_method?: string;
      webhook_filters?: string[];
    };
    if (!integration.enabled) return;
    if (integration.type === "studio" && integration.studio_flow_sid) {
      this.data.addWebhook(conversationSid, "studio", { flow_sid: integration.studio_flow_sid });
    } else if (integration.type === "webhook" && integration.webhook_url) {
      this.data.addWebhook(conversationSid, "webhook", {
        url: integration.webhook_url,
        method: integration.webhook_method ?? "POST",
        filters: integration.webhook_filters ?? ["onMessageAdded"],
      });
    }
  }

  /**
   * One post-event firing: every conversation-scoped webhook whose filters name the event receives it. `params` are
   * the event's own ("Conversations Webhooks"); the account's, the service's and the event's name are added here.
   */
  fire(conversationSid: string, event: WebhookEvent, params: Record<string, string>): void {
    const creds = this.sandbox.credentials;
    for (const hook of this.data.listWebhooks(conversationSid)) {
      const config = JSON.parse(hook.configuration) as {
        filters?: string[];
        flow_sid?: string;
        url?: string;
        method?: string;
      };
      // A Studio target listens to new messages: that is how an incoming message starts or resumes the flow.
      const filters = hook.target === "studio" ? ["onMessageAdded"] : (config.filters ?? []);
      if (!filters.includes(event)) continue;
      this.data.recordDelivery({ webhookSid: hook.sid, target: hook.target, event, conversationSid });
      if (hook.target === "studio" && event === "onMessageAdded") this.studio.onMessage(conversationSid, params);
      if (hook.target === "webhook" && config.url) {
        const body = {
          AccountSid: creds.accountSid,
          ChatServiceSid: creds.conversationsServiceSid,
          EventType: event,
          Source: "API",
          RetryCount: "0",
          WebhookSid: hook.sid,
          ...params,
        };
        const delivery = deliverWebhook({ url: config.url, method: config.method ?? "POST" }, body, {
          authToken: creds.authToken,
          ownOrigin: this.publicOrigin,
        }).then((outcome) => {
          if (!outcome.delivered)
            console.warn(`Sandbox webhook ${hook.sid} (${event}) not delivered to ${config.url}: ${outcome.reason}`);
          else if (outcome.status >= 400)
            console.warn(`Sandbox webhook ${hook.sid} (${event}): ${config.url} answered ${outcome.status}`);
        });
        this.pending.add(delivery);
        void delivery.finally(() => this.pending.delete(delivery));
      }
    }
  }

  /**
   * The flow's "Send to Flex" widget, with the attributes it rendered. It ends the Studio execution and Studio
   * disconnects its webhook ("Start Conversation widget": after a hand-off "Studio blocks further messages from the
   * flow and disconnects the onMessageAdded webhook"), so later messages create no more tasks.
   */
  private sendToFlex(conversationSid: string, widgetAttributes: Record<string, unknown>): void {
    const conversation = this.sandbox.requireConversation(conversationSid);
    if (conversation.state === "closed") return;
    const attributes = JSON.parse(conversation.attributes) as { from?: string; pre_engagement_data?: unknown };
    const customer = this.sandbox.store
      .listParticipants(conversationSid, 0, 100)
      .find((p) => (JSON.parse(p.attributes) as { member_type?: string }).member_type !== "agent");
    const ids = this.data.ids;
    this.sandbox.store.transaction(() => {
      const interaction = this.data.createInteraction(conversationSid, {
        properties: {
          workspace_sid: ids.workspaceSid,
          workflow_sid: ids.workflowSid,
          task_channel_unique_name: "chat",
        },
      });
      const task = this.data.createTask(interaction, {
        // The attributes Send to Flex gives a web chat task (Flex "Send to Flex widget"; Interactions docs), then
        // the widget's own; the ones Flex needs to find the conversation again are Flex's whatever the widget says.
        channelType: "web",
        from: attributes.from ?? customer?.identity ?? "Customer",
        customerName: attributes.from ?? customer?.identity ?? "Customer",
        customerAddress: customer?.identity ?? null,
        direction: "inbound",
        initiated_by: "customer",
        pre_engagement_data: attributes.pre_engagement_data ?? {},
        ...widgetAttributes,
        conversationSid,
        flexInteractionSid: interaction.sid,
        flexInteractionChannelSid: interaction.channel_sid,
        conversations: { conversation_id: interaction.sid, initiated_by: "customer", communication_channel: "web" },
      });
      if (customer) this.data.addParticipant(interaction, "customer", customer.identity, task.sid);
      for (const hook of this.data.listWebhooks(conversationSid))
        if (hook.target === "studio") this.data.deleteWebhook(hook.sid);
    });
  }

  /** The console's Accept: the task is assigned, and the agent joins the conversation and the interaction channel. */
  accept(taskSid: string, agent: { identity: string; friendlyName: string }): TaskRow {
    const task = this.requireTask(taskSid);
    if (task.assignment_status !== "pending" && task.assignment_status !== "reserved") {
      throw invalidParameter(`Task ${taskSid} is ${task.assignment_status}, not waiting for an agent`);
    }
    const conversation = this.sandbox.requireConversation(task.conversation_sid);
    if (conversation.state === "closed") {
      // Flex 45376: "Failed to add Participant. Conversation was closed or not found."
      throw new SandboxError(409, 45376, "Failed to add Participant: the conversation was closed");
    }
    const interaction = this.data.getInteraction(task.interaction_sid)!;
    this.sandbox.store.upsertUser(agent.identity, agent.friendlyName);
    if (!this.sandbox.store.findParticipant(conversation.sid, agent.identity)) {
      this.sandbox.addParticipant(conversation.sid, agent.identity, JSON.stringify({ member_type: "agent" }));
    }
    this.data.addParticipant(interaction, "agent", agent.identity, task.sid);
    return this.data.updateTask(task.sid, { status: "assigned", worker: agent.identity });
  }

  /**
   * `POST /v1/Interactions/{KD}/Channels/{UO}/Participants/{UT}`: `wrapup` moves the agent's task to wrapping (the
   * agent keeps it for notes), `closed` completes it ("Park an Interaction": "When a closed status is passed, the
   * associated task is completed but the channel, Conversation in this case, remains active"). Only an agent's status
   * changes: Twilio's earlier description of the parameter said "Participant must be an agent", and the current one
   * is silent, so the stricter reading holds. A task already past the move (completed, or wrapping for `wrapup`) is
   * left as it is; one never accepted has no agent participant to update.
   */
  setParticipantStatus(
    interactionSid: string,
    channelSid: string,
    participantSid: string,
    status: "closed" | "wrapup",
  ) {
    const interaction = this.requireChannel(interactionSid, channelSid);
    const participant = this.data.getParticipant(interaction.channel_sid, participantSid);
    if (!participant)
      throw notFound(`/Interactions/${interactionSid}/Channels/${channelSid}/Participants/${participantSid}`);
    if (participant.type !== "agent")
      throw invalidParameter("Invalid parameter Status: the participant must be an agent");
    this.data.setParticipantStatus(participant.sid, status);
    const task = participant.task_sid ? this.data.getTask(participant.task_sid) : undefined;
    if (task?.assignment_status === "assigned" && status === "wrapup")
      this.data.updateTask(task.sid, { status: "wrapping" });
    if ((task?.assignment_status === "assigned" || task?.assignment_status === "wrapping") && status === "closed") {
      this.data.updateTask(task.sid, { status: "completed", reason: "Interaction participant closed" });
    }
    // The agent leaves the conversation, the customer stays ("Park an interaction": the Interactions API removes the
    // agent from the channel while leaving the customer in the interaction); the customer's client hears it leave.
    const member = this.sandbox.store.findParticipant(interaction.conversation_sid, participant.identity);
    if (member) this.sandbox.removeParticipant(interaction.conversation_sid, member.sid);
    return { ...participant, status };
  }

  /**
   * `POST /v1/Interactions/{KD}/Channels/{UO}` with Status `closed`: without `Routing`, "all tasks will be set to
   * wrapping" (the API's own description). TaskRouter wraps only assigned tasks ("Lifecycle of a Task"), so tasks
   * still waiting are canceled. Flex then closes the channel's conversation, as its End Chat does for the customer.
   */
  setChannelStatus(interactionSid: string, channelSid: string, status: "closed" | "inactive") {
    const interaction = this.requireChannel(interactionSid, channelSid);
    this.data.setChannelStatus(interaction.sid, status);
    if (status === "closed") {
      for (const task of this.data.tasksOfInteraction(interaction.sid)) {
        if (task.assignment_status === "assigned") this.data.updateTask(task.sid, { status: "wrapping" });
        else if (task.assignment_status === "pending" || task.assignment_status === "reserved") {
          this.data.updateTask(task.sid, { status: "canceled", reason: "Channel closed" });
        }
      }
      for (const participant of this.data.listParticipants(interaction.channel_sid)) {
        this.data.setParticipantStatus(participant.sid, "closed");
      }
      const conversation = this.sandbox.store.getConversation(interaction.conversation_sid);
      // Flex closes the conversation itself; like a timer's, its change fires the conversation's webhooks.
      if (conversation && conversation.state !== "closed") {
        this.sandbox.setConversationState(conversation.sid, "closed", {}, { webhooks: true });
      }
    }
    return this.data.getInteraction(interaction.sid)!;
  }

  /** TaskRouter `POST /v1/Workspaces/{WS}/Tasks/{WT}`: the status changes TaskRouter allows ("Lifecycle of a Task"). */
  updateTask(taskSid: string, changes: { status?: TaskStatus; reason?: string; attributes?: string }): TaskRow {
    const task = this.requireTask(taskSid);
    if (changes.status && changes.status !== task.assignment_status) {
      const allowed: Record<TaskStatus, TaskStatus[]> = {
        pending: ["canceled"],
        reserved: ["canceled"],
        assigned: ["wrapping", "completed", "canceled"],
        wrapping: ["completed"],
        completed: [],
        canceled: [],
      };
      if (!allowed[task.assignment_status].includes(changes.status)) {
        // TaskRouter refuses the transition with a 400; its error code for it is not documented per case.
        throw invalidParameter(`Task ${task.sid} cannot move from ${task.assignment_status} to ${changes.status}`);
      }
    }
    return this.data.updateTask(task.sid, changes);
  }

  private requireTask(sid: string): TaskRow {
    const task = this.data.getTask(sid);
    if (!task) throw notFound(`/Workspaces/${this.data.ids.workspaceSid}/Tasks/${sid}`);
    return task;
  }

  private requireChannel(interactionSid: string, channelSid: string): InteractionRow {
    const interaction = this.data.getInteraction(interactionSid);
    if (!interaction || interaction.channel_sid !== channelSid) {
      throw notFound(`/Interactions/${interactionSid}/Channels/${channelSid}`);
    }
    return interaction;
  }
}
