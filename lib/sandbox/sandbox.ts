// Long on purpose: the sandbox's Conversations core (conversations, participants, messages, their events and webhooks),
// which every other part of the sandbox calls into.
import "server-only";
import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import type { AttachmentPolicy } from "@/lib/chat/attachments";
import { CLIENT_MESSAGE_BODY_MAX, FLEX_WEB_ATTACHMENTS, FLEX_WEB_ATTACHMENT_TYPES } from "@/lib/flex-limits";
import { conversationResource, messageResource, participantResource } from "@/lib/sandbox/resources";
import { SandboxError, closedError, invalidParameter, notFound } from "@/lib/sandbox/errors";
import { FlexStore } from "@/lib/sandbox/flex";
import { FlexOrchestration } from "@/lib/sandbox/flex-orchestration";
import { flexTargets, type Flow } from "@/lib/sandbox/studio/flow";
import { SandboxMailbox } from "@/lib/sandbox/mailbox";
import { SandboxStore, type ConversationRow, type ConversationState, type MessageRow } from "@/lib/sandbox/store";
import { ConversationTimers } from "@/lib/sandbox/timers";
import { MessageRate } from "@/lib/sandbox/limits";
import { INITIAL_HISTORY } from "@/lib/chat/types";

/** One event of the live stream. Durable events carry an id and can be replayed; typing is ephemeral. */
export type LiveEvent = { id?: number; type: string; data: unknown };

export type SandboxOptions = {
  /** Tests and demos only: how much faster than real time conversation timers run (lib/sandbox/timers.ts). */
  clockSpeed?: number;
  /** The app's own public origin (PUBLIC_URL): webhooks registered there are delivered (lib/sandbox/webhook-delivery.ts). */
  publicOrigin?: string;
  /** This app's origin as a browser reaches it: where the Media Content Service's temporary URLs point. */
  mediaOrigin?: string;
  /** The address's Studio flow (SANDBOX_STUDIO_FLOW); a new Flex account's Trigger → Send to Flex when absent. */
  studioFlow?: Flow;
};

/**
 * The embedded Twilio-compatible backend: state in SQLite, live events on an in-process bus.
 * REST (lib/sandbox/rest.ts) and the browser's live API (lib/sandbox/live.ts) both act through these methods,
 * so an agent's REST reply and a visitor's live send produce the same events.
 */
export class Sandbox {
  readonly bus = new EventEmitter();
  /** Flex web chat's own limits, never the app's settings: what Flex would refuse is refused here too. */
  readonly attachments: AttachmentPolicy = {
    maxBytes: FLEX_WEB_ATTACHMENTS.maxBytes,
    types: Object.keys(FLEX_WEB_ATTACHMENT_TYPES),
    maxFiles: FLEX_WEB_ATTACHMENTS.maxFilesPerMessage,
  };
  readonly flex: FlexOrchestration;
  readonly timers: ConversationTimers;
  /** The SMTP mailbox that receives what the app sends (transcripts), shown on the agent console's Mail page. */
  readonly mailbox: SandboxMailbox;
  readonly mediaOrigin: string;
  /** Messages per conversation (Twilio's limit) and per client identity (lib/sandbox/limits.ts). */
  readonly messageRate = new MessageRate();

  constructor(
    readonly store: SandboxStore,
    options: SandboxOptions = {},
  ) {
    this.mediaOrigin = options.mediaOrigin ?? options.publicOrigin ?? "http://localhost:3000";
    this.mailbox = new SandboxMailbox(store);
    // Every open live stream subscribes; there is no meaningful cap.
    this.bus.setMaxListeners(0);
    const creds = store.credentials;
    const flow = options.studioFlow;
    this.flex = new FlexOrchestration(
      this,
      new FlexStore(store, creds.flexAddressSid, creds.conversationsServiceSid, flow ? flexTargets(flow) : null),
      { publicOrigin: options.publicOrigin, flow, clockSpeed: options.clockSpeed },
    );
    // Timers are Twilio's own doing: their state changes fire webhooks, with Reason TIMER.
    this.timers = new ConversationTimers(
      store,
      (sid, state) => this.setConversationState(sid, state, {}, { webhooks: true, reason: "TIMER" }),
      options.clockSpeed,
    );
  }

  /** Stops the timers and closes the database. */
  close(): void {
    this.timers.stop();
    this.flex.studio.stop();
    this.mailbox.close();
    this.store.close();
  }

  /** A conversation in Twilio's REST shape, with its timers. */
  conversationJson(row: ConversationRow) {
    return conversationResource(row, this.credentials, this.timers.json(row.sid));
  }

  get credentials() {
    return this.store.credentials;
  }

  /** A message in Twilio's REST shape, with its media. */
  messageJson(row: MessageRow) {
    return messageResource(row, this.credentials, this.store.mediaOfMessage(row.sid));
  }

  private publish(conversationSid: string, type: string, data: unknown, durable = true): void {
    const event: LiveEvent = durable
      ? { id: this.store.appendEvent(conversationSid, type, data).id, type, data }
      : { type, data };
    this.bus.emit(conversationSid, event);
  }

  subscribe(conversationSid: string, listener: (event: LiveEvent) => void): () => void {
    this.bus.on(conversationSid, listener);
    return () => this.bus.off(conversationSid, listener);
  }

  requireConversation(sid: string) {
    const conversation = this.store.getConversation(sid);
    if (!conversation) throw notFound(`/Conversations/${sid}`);
    return conversation;
  }

  /** Flex `POST /v2/WebChats`: a user, a conversation carrying the pre-engagement data, and the guest participant. */
  createWebChat(input: {
    addressSid: string;
    chatFriendlyName?: string;
    customerFriendlyName?: string;
    preEngagementData?: string;
    identity?: string;
  }) {
    const address = this.flex.data.getAddress(input.addressSid);
    if (!address) {
      const hint = input.addressSid.startsWith("IS")
        ? " (an IS… SID is a Conversations Service; WebChats needs the IG… Address SID)"
        : "";
      // Twilio does not document WebChats' answer for an unknown address; 20404 is its "resource not found".
      throw notFound(`/Configuration/Addresses/${input.addressSid}${hint}`);
    }
    if (address.type !== "chat")
      throw invalidParameter(`Invalid AddressSid: ${input.addressSid} is a "${address.type}" address, not "chat"`);
    let preEngagement: unknown = {};
    if (input.preEngagementData !== undefined) {
      try {
        preEngagement = JSON.parse(input.preEngagementData);
      } catch {
        throw invalidParameter("Invalid PreEngagementData: expected a JSON string");
      }
    }
    // WebChats documents `Identity` ("The Identity of the guest user") and is silent on giving one that is in an
    // open chat already: the stricter reading refuses it, so a caller must continue that chat instead.
    if (input.identity !== undefined && this.store.inOpenConversation(input.identity)) {
      throw invalidParameter(`Invalid Identity: ${input.identity} is in an open conversation already`);
    }
    const identity = input.identity ?? `guest_${randomUUID()}`;
    return this.store.transaction(() => {
      this.store.upsertUser(identity, input.customerFriendlyName ?? null);
      const conversation = this.store.createConversation({
        friendlyName: input.chatFriendlyName ?? null,
        attributes: JSON.stringify({
          from: input.customerFriendlyName ?? identity,
          pre_engagement_data: preEngagement,
        }),
      });
      this.store.addParticipant(
        conversation.sid,
        identity,
        JSON.stringify({ friendly_name: input.customerFriendlyName ?? null, member_type: "guest" }),
      );
      this.flex.wireConversation(conversation.sid, address.sid);
      return { conversation_sid: conversation.sid, identity };
    });
  }

  /**
   * Moves a conversation to a state. `webhooks`: whether a change fires `onConversationStateUpdated` — Twilio's own
   * doings (timers, Flex closing a channel, an SDK client) do; a REST update only with `X-Twilio-Webhook-Enabled:
   * true` (Twilio, "Troubleshooting Webhook Delivery for Conversations"), so the caller says which it is.
   */
  setConversationState(
    sid: string,
    state: ConversationState,
    changes: { friendlyName?: string; attributes?: string; uniqueName?: string },
    { webhooks, reason = "API" }: { webhooks: boolean; reason?: "API" | "TIMER" },
  ) {
    const current = this.requireConversation(sid);
    // Closed is final: every update is refused, closing it again included (Twilio 50377, "Can't update conversation as
    // it's in final closed state"; Twilio does not say a repeated close is exempt, so the stricter reading holds).
    if (current.state === "closed") throw closedError();
    const next = this.store.updateConversation(current.sid, { ...changes, state });
    if (state === "closed") this.timers.clear(current.sid);
    this.publish(current.sid, "conversationUpdated", this.conversationJson(next));
    if (webhooks && state !== current.state) {
      this.flex.fire(current.sid, "onConversationStateUpdated", {
        ConversationSid: current.sid,
        StateFrom: current.state,
        StateTo: state,
        Reason: reason,
        DateUpdated: next.date_updated,
      });
    }
    return next;
  }

  addParticipant(conversationSid: string, identity: string, attributes?: string) {
    const conversation = this.requireConversation(conversationSid);
    if (this.store.findParticipant(conversation.sid, identity)) {
      throw new SandboxError(409, 50433, "Participant already exists");
    }
    const row = this.store.addParticipant(conversation.sid, identity, attributes);
    this.publish(conversation.sid, "participantAdded", participantResource(row, this.credentials));
    this.flex.fire(conversation.sid, "onParticipantAdded", {
      ConversationSid: conversation.sid,
      ParticipantSid: row.sid,
      Identity: identity,
      Attributes: row.attributes,
      DateCreated: row.date_created,
    });
    return row;
  }

  /** Removes a participant: the others' clients hear `participantLeft` (the live stream's `participantRemoved`). */
  removeParticipant(conversationSid: string, participantSid: string) {
    const row = this.store.listParticipants(conversationSid, 0, 1000).find((p) => p.sid === participantSid);
    if (!row) return;
    this.store.deleteParticipant(row.sid);
    this.publish(conversationSid, "participantRemoved", participantResource(row, this.credentials));
  }

  /**
   * Adds a message. `webhooks` says whether it fires the conversation's webhooks: a client's message always does;
   * one created over REST only with `X-Twilio-Webhook-Enabled: true` (Twilio, "Troubleshooting Webhook Delivery for
   * Conversations"). Twilio keeps no record of client message ids: a message sent twice is two messages.
   */
  postMessage(
    conversationSid: string,
    input: { author?: string; body?: string; attributes?: string; mediaSids?: string[] },
    { webhooks }: { webhooks: boolean },
  ) {
    const conversation = this.requireConversation(conversationSid);
    if (conversation.state === "closed") throw closedError();
    const mediaSids = input.mediaSids ?? [];
    if ((!input.body || input.body.trim() === "") && mediaSids.length === 0) {
      throw invalidParameter("A message needs a Body or a MediaSid");
    }
    // Flex web chat: one file per message, and "You cannot send both text and an image in the same message"
    // ("File Attachments and API Limits"), read strictly: a file travels alone.
    if (mediaSids.length > FLEX_WEB_ATTACHMENTS.maxFilesPerMessage) {
      throw invalidParameter(`A Flex web chat message carries at most ${FLEX_WEB_ATTACHMENTS.maxFilesPerMessage} file`);
    }
    if (mediaSids.length > 0 && input.body && input.body.trim() !== "") {
      throw invalidParameter("A Flex web chat message carries text or a file, not both");
    }
    for (const sid of mediaSids) {
      const media = this.store.getMedia(sid);
      if (!media || media.conversation_sid !== conversation.sid || media.author !== (input.author ?? "system")) {
        throw invalidParameter(
          `Invalid parameter MediaSid: ${sid} is not an upload of this author in this conversation`,
        );
      }
      if (media.message_sid)
        throw invalidParameter(`Invalid parameter MediaSid: ${sid} is already attached to a message`);
    }
    if (input.body && input.body.length > CLIENT_MESSAGE_BODY_MAX) {
      throw invalidParameter(
        `Invalid parameter Body: longer than ${CLIENT_MESSAGE_BODY_MAX.toLocaleString("en")} characters`,
      );
    }
    const author = input.author ?? "system";
    const participant = this.store.findParticipant(conversation.sid, author);
    const row = this.store.transaction(() => {
      const message = this.store.addMessage({
        conversationSid: conversation.sid,
        author,
        body: input.body || null,
        attributes: input.attributes,
        participantSid: participant?.sid ?? null,
      });
      this.store.attachMedia(mediaSids, message.sid);
      return message;
    });
    this.publish(conversation.sid, "messageAdded", this.messageJson(row));
    // New traffic makes an inactive conversation active again and restarts its timers (States and Timers guide).
    if (conversation.state === "inactive") this.setConversationState(conversation.sid, "active", {}, { webhooks });
    this.timers.touch(conversation.sid);
    if (webhooks) {
      this.flex.fire(conversation.sid, "onMessageAdded", {
        ConversationSid: conversation.sid,
        MessageSid: row.sid,
        Index: String(row.idx),
        Author: row.author,
        Body: row.body ?? "",
        Attributes: row.attributes,
        ParticipantSid: row.participant_sid ?? "",
        DateCreated: row.date_created,
      });
    }
    return row;
  }

  updateParticipant(
    conversationSid: string,
    sidOrIdentity: string,
    changes: { attributes?: string; lastReadMessageIndex?: number },
  ) {
    const participant = this.store.getParticipant(conversationSid, sidOrIdentity);
    if (!participant) throw notFound(`/Conversations/${conversationSid}/Participants/${sidOrIdentity}`);
    const next = this.store.updateParticipant(participant.conversation_sid, participant.sid, changes);
    this.publish(participant.conversation_sid, "participantUpdated", participantResource(next, this.credentials));
    return next;
  }

  /** The read horizon only moves forward, and never past the last message. */
  advanceReadHorizon(conversationSid: string, identity: string, index: number) {
    const participant = this.store.findParticipant(conversationSid, identity);
    if (!participant) throw notFound(`/Conversations/${conversationSid}/Participants/${identity}`);
    const last = this.store.lastMessageIndex(conversationSid);
    const target = Math.min(index, last ?? -1);
    if (target < 0 || (participant.last_read_message_index ?? -1) >= target) return participant;
    return this.updateParticipant(conversationSid, participant.sid, { lastReadMessageIndex: target });
  }

  typing(conversationSid: string, identity: string): void {
    const participant = this.store.findParticipant(conversationSid, identity);
    if (!participant) throw notFound(`/Conversations/${conversationSid}/Participants/${identity}`);
    this.publish(conversationSid, "typing", { identity, participant_sid: participant.sid }, false);
  }

  /** Everything a (re)connecting client needs at once: state, the latest messages and read horizons. */
  snapshot(conversationSid: string, messageLimit = INITIAL_HISTORY) {
    const conversation = this.requireConversation(conversationSid);
    const messages = this.store.listMessages(conversation.sid, "desc", 0, messageLimit).reverse();
    const participants = this.store.listParticipants(conversation.sid, 0, 100);
    return {
      lastEventId: this.store.lastEventId(conversation.sid),
      conversation: this.conversationJson(conversation),
      messages: messages.map((m) => this.messageJson(m)),
      participants: participants.map((p) => participantResource(p, this.credentials)),
    };
  }
}
