import "server-only";
import type {
  AddressRow,
  FlexIds,
  InteractionParticipantRow,
  InteractionRow,
  TaskRow,
  WebhookRow,
} from "@/lib/sandbox/flex";
import type { Credentials } from "@/lib/sandbox/store";

/**
 * Serializers to Twilio's JSON shapes for the Flex orchestration: Conversations configuration, address
 * configurations and conversation-scoped webhooks, Flex v1 configuration and Interactions, TaskRouter tasks.
 * Checked against Twilio's OpenAPI documents in lib/sandbox/flex.test.ts (and lib/twilio/contract.test.ts).
 */

const CONVERSATIONS = "https://conversations.twilio.com/v1";
const FLEX = "https://flex-api.twilio.com/v1";
const TASKROUTER = "https://taskrouter.twilio.com/v1";

export function conversationsConfigurationResource(creds: Credentials) {
  return {
    account_sid: creds.accountSid,
    // WebChats creates conversations in the default service; tokens must name the same one.
    default_chat_service_sid: creds.conversationsServiceSid,
    default_messaging_service_sid: null,
    default_inactive_timer: null,
    default_closed_timer: null,
    url: `${CONVERSATIONS}/Configuration`,
    links: {
      service: `${CONVERSATIONS}/Services/${creds.conversationsServiceSid}`,
      webhooks: `${CONVERSATIONS}/Configuration/Webhooks`,
    },
  };
}

export function addressResource(row: AddressRow, creds: Credentials) {
  return {
    sid: row.sid,
    account_sid: creds.accountSid,
    type: row.type,
    address: row.address,
    friendly_name: row.friendly_name,
    auto_creation: JSON.parse(row.auto_creation) as Record<string, unknown>,
    date_created: row.date_created,
    date_updated: row.date_updated,
    url: `${CONVERSATIONS}/Configuration/Addresses/${row.sid}`,
    address_country: null,
  };
}

export function webhookResource(row: WebhookRow, creds: Credentials) {
  return {
    sid: row.sid,
    account_sid: creds.accountSid,
    conversation_sid: row.conversation_sid,
    target: row.target,
    url: `${CONVERSATIONS}/Conversations/${row.conversation_sid}/Webhooks/${row.sid}`,
    configuration: JSON.parse(row.configuration) as Record<string, unknown>,
    date_created: row.date_created,
    date_updated: row.date_updated,
  };
}

export function flexConfigurationResource(creds: Credentials, ids: FlexIds) {
  return {
    account_sid: creds.accountSid,
    status: "ok",
    taskrouter_workspace_sid: ids.workspaceSid,
    taskrouter_target_workflow_sid: ids.workflowSid,
    taskrouter_target_taskqueue_sid: ids.taskQueueSid,
    chat_service_instance_sid: creds.conversationsServiceSid,
    flex_service_instance_sid: ids.flexServiceInstanceSid,
    flex_instance_sid: ids.flexInstanceSid,
    messaging_service_instance_sid: null,
    service_version: null,
    ui_version: null,
    url: `${FLEX}/Configuration`,
  };
}

export function interactionResource(row: InteractionRow) {
  const url = `${FLEX}/Interactions/${row.sid}`;
  return {
    sid: row.sid,
    channel: {
      type: row.channel_type,
      initiated_by: "customer",
      properties: { media_channel_sid: row.conversation_sid },
    },
    routing: JSON.parse(row.routing) as Record<string, unknown>,
    url,
    links: { channels: `${url}/Channels` },
    interaction_context_sid: null,
    webhook_ttid: null,
  };
}

export function channelResource(row: InteractionRow) {
  const url = `${FLEX}/Interactions/${row.sid}/Channels/${row.channel_sid}`;
  return {
    sid: row.channel_sid,
    interaction_sid: row.sid,
    type: row.channel_type,
    status: row.channel_status,
    error_code: null,
    error_message: null,
    url,
    links: { participants: `${url}/Participants`, invites: `${url}/Invites` },
  };
}

export function channelParticipantResource(row: InteractionParticipantRow, task: TaskRow | undefined) {
  return {
    sid: row.sid,
    type: row.type,
    interaction_sid: row.interaction_sid,
    channel_sid: row.channel_sid,
    url: `${FLEX}/Interactions/${row.interaction_sid}/Channels/${row.channel_sid}/Participants/${row.sid}`,
    routing_properties: task ? { task_sid: task.sid } : null,
  };
}

/**
 * A TaskRouter task. `attributes` is shown by a single-task FETCH only: "it will only be displayed in FETCH action
 * that returns a single resource. Otherwise, it will be null" (the Task resource's OpenAPI description), so a list
 * serializes with `{ single: false }`.
 */
export function taskResource(row: TaskRow, creds: Credentials, ids: FlexIds, { single }: { single: boolean }) {
  const url = `${TASKROUTER}/Workspaces/${ids.workspaceSid}/Tasks/${row.sid}`;
  return {
    account_sid: creds.accountSid,
    age: Math.max(0, Math.round((Date.now() - Date.parse(row.date_created)) / 1000)),
    assignment_status: row.assignment_status,
    attributes: single ? row.attributes : null,
    addons: "{}",
    date_created: row.date_created,
    date_updated: row.date_updated,
    task_queue_entered_date: row.date_created,
    priority: 0,
    reason: row.reason,
    sid: row.sid,
    task_queue_sid: ids.taskQueueSid,
    task_queue_friendly_name: "Everyone",
    task_channel_sid: ids.taskChannelSid,
    task_channel_unique_name: "chat",
    timeout: 86_400,
    workflow_sid: ids.workflowSid,
    workflow_friendly_name: "Assign to Anyone",
    workspace_sid: ids.workspaceSid,
    url,
    links: { workspace: `${TASKROUTER}/Workspaces/${ids.workspaceSid}`, reservations: `${url}/Reservations` },
    virtual_start_time: row.date_created,
    ignore_capacity: false,
    routing_target: null,
  };
}
