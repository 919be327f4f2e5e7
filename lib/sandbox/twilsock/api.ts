// Long on purpose: the table of every request the Conversations SDK makes over twilsock (docs/sandbox-protocol.md),
// one handler a row, so a new SDK call is added in one place.
import "server-only";
import { MESSAGE_MAX_LENGTH } from "@/lib/chat/types";
import { SandboxError, closedError, invalidParameter, isSandboxError, notFound } from "@/lib/sandbox/errors";
import { FLEX_WEB_ATTACHMENTS } from "@/lib/flex-limits";
import { checkedAttributes } from "@/lib/sandbox/limits";
import type { Sandbox } from "@/lib/sandbox/sandbox";
import type { MessageRow } from "@/lib/sandbox/store";
import { withoutControlCharacters } from "@/lib/text";
import {
  conversationData,
  descriptor,
  type IdentityIndex,
  messageData,
  myConversationData,
  nameOf,
  participantData,
  resolveTarget,
  type SyncKind,
  type SyncTarget,
} from "@/lib/sandbox/twilsock/sync-objects";

// The requests @twilio/conversations tunnels through its websocket (docs/sandbox-protocol.md): the Conversations
// "Client" API on aim.*.twilio.com and Sync on cds.*.twilio.com. Each is answered from the sandbox's own store and
// acted through its own methods, so an SDK client and the SSE client, the agent console and REST all see one state.

export const AIM_BASE = "https://aim.us1.twilio.com";
const TYPING_TIMEOUT_S = 5;
/** Sync's page-size ceiling as the SDK validates it (pageSize ≤ 100). */
const MAX_PAGE = 100;
/** How long a mutation id is remembered: a retried send within it gets the first answer, not a second message. */
const MUTATION_MEMORY_MS = 10 * 60_000;
const MUTATION_MEMORY_MAX = 2_000;

export type TunnelRequest = {
  host: string;
  path: string;
  method: string;
  params: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
};

export type TunnelResponse = { status: number; body: unknown };

/** What a session knows of its client, and what it asks of the endpoint. */
export type ApiContext = {
  sandbox: Sandbox;
  identity: string;
  /** Identities connected here: their maps' names resolve. */
  identities: IdentityIndex;
  /** Base URL of the sandbox's Media Content Service over HTTP (app/api/sandbox/mcs). */
  mediaBase: string;
  mutations: Map<string, { at: number; response: TunnelResponse }>;
  /** Registers a Sync subscription request (answered by notifications). */
  subscribe(body: unknown): TunnelResponse;
};

const ok = (body: unknown, status = 200): TunnelResponse => ({ status, body });

function errorBody(error: SandboxError): TunnelResponse {
  return { status: error.status, body: { status: error.status, code: error.code, message: error.message } };
}

function services(sandbox: Sandbox) {
  const isid = sandbox.credentials.conversationsServiceSid;
  return {
    isid,
    myConversations: `${AIM_BASE}/Client/v2/Services/${isid}/Me/Conversations`,
    conversations: `${AIM_BASE}/Client/v2/Services/${isid}/Conversations`,
    users: `${AIM_BASE}/Client/v2/Services/${isid}/Users`,
    typing: `${AIM_BASE}/Client/v1/Services/${isid}/Typing`,
  };
}

/** The identity's participation, or a 403 like Twilio's for a conversation the token's identity is not in. */
function requireParticipant(ctx: ApiContext, conversationSid: string) {
  const conversation = ctx.sandbox.store.getConversation(conversationSid);
  if (!conversation) throw notFound(`/Conversations/${conversationSid}`);
  const participant = ctx.sandbox.store.findParticipant(conversation.sid, ctx.identity);
  if (!participant) throw new SandboxError(403, 50400, "User not participant of conversation");
  return { conversation, participant };
}

/**
 * A write to a conversation (typing, the read horizon) as a participant of an open one. Twilio documents 50377 for
 * messages sent to a closed conversation and says nothing of typing or read horizons there; the stricter reading
 * refuses every write alike, as the live API does.
 */
function requireOpen(ctx: ApiContext, conversationSid: string) {
  const found = requireParticipant(ctx, conversationSid);
  if (found.conversation.state === "closed") throw closedError();
  return found;
}

function configuration(ctx: ApiContext) {
  const links = services(ctx.sandbox);
  ctx.identities.add(ctx.identity);
  return {
    identity: ctx.identity,
    links: {
      my_conversations: links.myConversations,
      conversations: links.conversations,
      users: links.users,
      current_user: `${links.users}/${encodeURIComponent(ctx.identity)}`,
      typing: links.typing,
      media_service: `${ctx.mediaBase}/v1/Services/${links.isid}/Media`,
      media_set_service: `${ctx.mediaBase}/v1/Services/${links.isid}/MediaSet`,
      messages_receipts: `${links.conversations}/Receipts`,
    },
    options: {
      consumption_report_interval: "PT1S",
      user_infos_to_subscribe: 100,
      reachability_enabled: false,
      http_cache_interval: "PT5S",
      // Flex web chat's limits ("File Attachments and API Limits", web): one file of 16 MiB, 64 MiB in all.
      media_attachments_count_limit: FLEX_WEB_ATTACHMENTS.maxFilesPerMessage,
      media_attachment_size_limit_in_mb: FLEX_WEB_ATTACHMENTS.maxBytes / 1024 / 1024,
      media_attachments_total_size_limit_in_mb: 64,
      email_histories_allowed_mime_types: [],
      email_bodies_allowed_mime_types: [],
    },
    sync_objects: {
      my_conversations: nameOf({ kind: "map", role: "myConversations", identity: ctx.identity }),
      my_user_info: nameOf({ kind: "map", role: "userInfo", identity: ctx.identity }),
    },
  };
}

function myConversationEntry(ctx: ApiContext, conversationSid: string) {
  const { conversation, participant } = requireParticipant(ctx, conversationSid);
  return {
    conversation_sid: conversation.sid,
    status: "joined",
    last_read_message_index: participant.last_read_message_index,
    notification_level: "default",
    friendly_name: conversation.friendly_name,
    unique_name: conversation.unique_name,
    attributes: conversation.attributes,
    date_created: conversation.date_created,
    date_updated: conversation.date_updated,
    created_by: "system",
    sync_objects: {
      conversation: nameOf({ kind: "document", role: "conversation", conversationSid: conversation.sid }),
      messages: nameOf({ kind: "list", role: "messages", conversationSid: conversation.sid }),
      participants: nameOf({ kind: "map", role: "roster", conversationSid: conversation.sid }),
    },
  };
}

function messagePayload(ctx: ApiContext, row: MessageRow) {
  return {
    sid: row.sid,
    index: row.idx,
    conversation_sid: row.conversation_sid,
    author: row.author,
    date_created: row.date_created,
  };
}

function sendMessage(ctx: ApiContext, conversationSid: string, body: unknown): TunnelResponse {
  const { conversation } = requireOpen(ctx, conversationSid);
  const input = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const text = typeof input.body === "string" ? withoutControlCharacters(input.body).trim() : "";
  if (text.length > MESSAGE_MAX_LENGTH) {
    throw invalidParameter(`A message is at most ${MESSAGE_MAX_LENGTH.toLocaleString("en")} characters`);
  }
  const mediaSids = Array.isArray(input.media_sids)
    ? input.media_sids.filter((s): s is string => typeof s === "string")
    : [];
  const attributes = typeof input.attributes === "string" ? checkedAttributes(input.attributes, "message") : undefined;
  ctx.sandbox.messageRate.take(conversation.sid, ctx.identity);
  // Like any client's message, the SDK's fires the conversation's webhooks (onMessageAdded).
  const row = ctx.sandbox.postMessage(
    conversation.sid,
    { author: ctx.identity, body: text, attributes, mediaSids },
    { webhooks: true },
  );
  return ok(messagePayload(ctx, row), 201);
}

/** Sync reads: an object's root, and pages of a list's or map's items. */
function syncRead(
  ctx: ApiContext,
  kind: SyncKind,
  id: string,
  rest: string[],
  params: Record<string, string>,
): TunnelResponse {
  const target = resolveTarget(kind, id, ctx.identities);
  if (!target) throw new SandboxError(404, 54100, `${kind} ${id} not found`);
  if ((target.role === "myConversations" || target.role === "userInfo") && target.identity !== ctx.identity) {
    throw new SandboxError(403, 54007, "Access forbidden for identity");
  }
  const conversationSid = "conversationSid" in target ? target.conversationSid : null;
  const conversation = conversationSid ? requireParticipant(ctx, conversationSid).conversation : null;
  const lastEventId = conversation ? ctx.sandbox.store.lastEventId(conversation.sid) : 0;
  const dateUpdated = conversation?.date_updated ?? new Date().toISOString();

  if (rest.length === 0) {
    if (target.role === "conversation") {
      const last = ctx.sandbox.store.listMessages(conversation!.sid, "desc", 0, 1)[0];
      return ok(descriptor(target, lastEventId, dateUpdated, conversationData(conversation!, last)));
    }
    const root = descriptor(target, lastEventId, dateUpdated);
    // Maps may come with their items (`Include=items`): the SDK asks so for the user info.
    return ok(
      params.Include === "items" && target.kind === "map"
        ? { ...root, items: mapItems(ctx, target, params).items }
        : root,
    );
  }
  if (rest.length === 1 && rest[0] === "Items") {
    return ok(target.kind === "list" ? listItems(ctx, target, params) : mapItems(ctx, target, params));
  }
  throw new SandboxError(404, 54100, `${id}/${rest.join("/")} not found`);
}

function pageSize(params: Record<string, string>): number {
  const size = Number(params.PageSize ?? 50);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) throw new SandboxError(400, 54011, "Invalid PageSize");
  return size;
}

function listItems(ctx: ApiContext, target: SyncTarget, params: Record<string, string>) {
  if (target.role !== "messages") throw new SandboxError(404, 54100, "List not found");
  const store = ctx.sandbox.store;
  const sid = target.conversationSid;
  const url = descriptor(target, 0, "").url;
  const item = (row: MessageRow) => ({
    index: row.idx,
    data: messageData(row, store.mediaOfMessage(row.sid)),
    revision: "0",
    last_event_id: 0,
    date_updated: row.date_updated,
    date_expires: null,
    url: `${url}/Items/${row.idx}`,
  });
  if (params.Index !== undefined) {
    const row = store.getMessage(sid, String(Number(params.Index)));
    return { items: row ? [item(row)] : [], meta: { previous_token: null, next_token: null } };
  }
  const size = pageSize(params);
  const descending = params.Order === "desc";
  const from = params.From === undefined ? undefined : Number(params.From);
  if (from !== undefined && !Number.isInteger(from)) throw new SandboxError(400, 54011, "Invalid From");
  const rows = descending
    ? store.messagesBefore(sid, from === undefined ? Number.MAX_SAFE_INTEGER : from + 1, size + 1)
    : store.messagesFrom(sid, from ?? 0, size + 1);
  const page = rows.slice(0, size);
  const more = rows.length > size;
  const first = page[0];
  // Tokens only say whether there is more each way: the SDK pages by `From` (the next page's first index).
  const earlier =
    first !== undefined &&
    (descending ? store.hasMessagesAfter(sid, first.idx) : store.hasMessagesBefore(sid, first.idx));
  return {
    items: page.map(item),
    meta: { previous_token: earlier ? "prev" : null, next_token: more ? "next" : null },
  };
}

function mapItems(ctx: ApiContext, target: SyncTarget, params: Record<string, string>) {
  const store = ctx.sandbox.store;
  const meta = { previous_token: null, next_token: null };
  if (target.role === "roster") {
    const url = descriptor(target, 0, "").url;
    const rows = store
      .listParticipants(target.conversationSid, 0, 100)
      .filter((p) => params.Key === undefined || p.sid === params.Key);
    return {
      items: rows.map((p) => ({
        key: p.sid,
        data: participantData(p),
        revision: "0",
        last_event_id: 0,
        date_updated: p.date_updated,
        date_expires: null,
        url: `${url}/Items/${p.sid}`,
      })),
      meta,
    };
  }
  if (target.role === "myConversations") {
    const url = descriptor(target, 0, "").url;
    const entries = store
      .conversationsOfIdentity(ctx.identity, 50)
      .filter(({ conversation }) => params.Key === undefined || conversation.sid === params.Key);
    return {
      items: entries.map(({ conversation, participant }) => ({
        key: conversation.sid,
        data: myConversationData(conversation, participant),
        revision: "0",
        last_event_id: 0,
        date_updated: conversation.date_updated,
        date_expires: null,
        url: `${url}/Items/${conversation.sid}`,
      })),
      meta,
    };
  }
  if (target.role === "userInfo") {
    const user = store.findUser(ctx.identity);
    // By trial: each item's data is `{value: …}` (the SDK's User reads value.value).
    const values: Record<string, unknown> = {
      friendlyName: { value: user?.friendly_name ?? null },
      attributes: { value: user?.attributes ?? "{}" },
    };
    return {
      items: Object.entries(values).map(([key, data]) => ({
        key,
        data,
        revision: "0",
        last_event_id: 0,
        date_updated: user?.date_updated ?? new Date().toISOString(),
        date_expires: null,
      })),
      meta,
    };
  }
  throw new SandboxError(404, 54100, "Map not found");
}

/** Answers one tunnelled request. Never throws: errors become Twilio-shaped error bodies with their status. */
export function answer(ctx: ApiContext, request: TunnelRequest): TunnelResponse {
  try {
    return route(ctx, request);
  } catch (error) {
    if (isSandboxError(error)) return errorBody(error);
    throw error;
  }
}

function route(ctx: ApiContext, request: TunnelRequest): TunnelResponse {
  const product = request.host.split(".")[0];
  const segments = request.path
    .split("?")[0]!
    .split("/")
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  const query = { ...Object.fromEntries(new URLSearchParams(request.path.split("?")[1] ?? "")), ...request.params };
  const method = request.method.toUpperCase();
  const isid = ctx.sandbox.credentials.conversationsServiceSid;

  if (product === "aim") {
    const path = segments.join("/");
    if (method === "GET" && path === "Client/v2/Configuration") return ok(configuration(ctx));
    const [client, version, servicesSegment, service, collection, ...rest] = segments;
    if (client !== "Client" || servicesSegment !== "Services" || service !== isid) throw notFound(`/${path}`);
    if (version === "v1" && collection === "Typing" && rest.length === 0 && method === "POST") {
      const form = new URLSearchParams(typeof request.body === "string" ? request.body : "");
      const conversationSid = form.get("ChannelSid") ?? "";
      requireOpen(ctx, conversationSid);
      ctx.sandbox.typing(conversationSid, ctx.identity);
      return ok({ typing_timeout: TYPING_TIMEOUT_S });
    }
    if (version !== "v2") throw notFound(`/${path}`);
    if (collection === "Me" && rest[0] === "Conversations") {
      const [, conversationSid, extra] = rest;
      if (extra !== undefined) throw notFound(`/${path}`);
      if (conversationSid === undefined && method === "GET") {
        const entries = ctx.sandbox.store
          .conversationsOfIdentity(ctx.identity, 50)
          .map(({ conversation }) => myConversationEntry(ctx, conversation.sid));
        return ok({ conversations: entries, meta: { next_token: null } });
      }
      if (conversationSid !== undefined && method === "GET") return ok(myConversationEntry(ctx, conversationSid));
      if (conversationSid !== undefined && method === "POST") {
        const body = (request.body ?? {}) as { last_read_message_index?: unknown };
        const index = Number(body.last_read_message_index);
        if (!Number.isInteger(index) || index < 0)
          throw invalidParameter("last_read_message_index must be a whole number ≥ 0");
        requireOpen(ctx, conversationSid);
        ctx.sandbox.advanceReadHorizon(conversationSid, ctx.identity, index);
        const participant = ctx.sandbox.store.findParticipant(conversationSid, ctx.identity)!;
        const last = ctx.sandbox.store.lastMessageIndex(conversationSid) ?? -1;
        return ok({ unread_messages_count: Math.max(0, last - (participant.last_read_message_index ?? -1)) });
      }
    }
    if (collection === "Conversations") {
      const [conversationSid, sub, subSid, extra] = rest;
      if (!conversationSid || extra !== undefined) throw notFound(`/${path}`);
      if (sub === undefined && method === "GET") {
        const entry = myConversationEntry(ctx, conversationSid);
        return ok({ ...entry, sid: entry.conversation_sid });
      }
      if (sub === "Messages" && subSid === undefined && method === "POST") {
        return remembered(ctx, request, () => sendMessage(ctx, conversationSid, request.body));
      }
      if (sub === "Messages" && subSid !== undefined && method === "GET") {
        requireParticipant(ctx, conversationSid);
        const row = ctx.sandbox.store.getMessage(conversationSid, subSid);
        if (!row) throw notFound(`/Conversations/${conversationSid}/Messages/${subSid}`);
        return ok(messagePayload(ctx, row));
      }
    }
    throw notFound(`/${path}`);
  }

  if (product === "cds") {
    const [version, collection, id, ...rest] = segments;
    if (version === "v4" && collection === "Subscriptions" && id === undefined && method === "POST")
      return ctx.subscribe(request.body);
    if (version === "v3" && id !== undefined && method === "GET") {
      const kind =
        collection === "Documents"
          ? "document"
          : collection === "Lists"
            ? "list"
            : collection === "Maps"
              ? "map"
              : null;
      if (kind) return syncRead(ctx, kind, id, rest, query);
    }
    // The chat only reads Sync: it never writes a document, list or map itself.
    throw new SandboxError(404, 54100, `${method} ${request.path} is not something this sandbox's Sync does`);
  }
  throw notFound(`${request.host}${request.path}`);
}

/**
 * Twilio's idempotent mutations: the SDK sends each write with an `X-Twilio-Mutation-Id` and, if it has to retry, the
 * same id again; a repeat is answered 202 with the first result's `resource_url`, which the SDK then fetches
 * (observed in the SDK's CommandExecutor, "isMutationConflictResponse"). So a retried send is one message, not two.
 */
function remembered(ctx: ApiContext, request: TunnelRequest, run: () => TunnelResponse): TunnelResponse {
  const id = Object.entries(request.headers).find(([name]) => name.toLowerCase() === "x-twilio-mutation-id")?.[1];
  const now = Date.now();
  for (const [key, value] of ctx.mutations) {
    if (now - value.at < MUTATION_MEMORY_MS && ctx.mutations.size <= MUTATION_MEMORY_MAX) break;
    ctx.mutations.delete(key);
  }
  const key = id ? `${ctx.identity}:${id}` : undefined;
  const earlier = key ? ctx.mutations.get(key) : undefined;
  if (earlier) {
    const body = earlier.response.body as { sid?: string; conversation_sid?: string };
    return ok(
      {
        resource_url: `${AIM_BASE}/Client/v2/Services/${ctx.sandbox.credentials.conversationsServiceSid}/Conversations/${body.conversation_sid}/Messages/${body.sid}`,
      },
      202,
    );
  }
  const response = run();
  if (key && response.status < 300) ctx.mutations.set(key, { at: now, response });
  return response;
}
