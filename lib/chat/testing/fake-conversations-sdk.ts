import { EventEmitter } from "node:events";
import type { ConversationsSdk, SdkMessage, SdkPaginator, SdkParticipant } from "@/lib/chat/twilio-connection";

/**
 * An EventEmitter fake of the parts of @twilio/conversations that lib/chat/twilio-connection.ts uses. The real SDK
 * opens a websocket to Twilio at construction, which no test here may do.
 */

export class FakeConversation extends EventEmitter {
  state: { current: "active" | "inactive" | "closed" } = { current: "active" };
  messages: SdkMessage[] = [];
  participants: SdkParticipant[] = [];
  typingCalls = 0;
  readHorizon: number | null = null;
  /** What the next sends throw (an Error, or an SDK-like error object); false: they succeed. */
  failSend: unknown = false;

  constructor(readonly sid: string) {
    super();
  }

  /** `participantSid` null: a message no participant wrote (a Studio flow's). */
  addMessage(
    author: string,
    body: string,
    attributes: Record<string, unknown> = {},
    participantSid: string | null = `MB${author.padStart(32, "0").slice(-32)}`,
  ): SdkMessage {
    const message: SdkMessage = {
      sid: `IM${String(this.messages.length).padStart(32, "0")}`,
      index: this.messages.length,
      author,
      body,
      dateCreated: new Date(Date.UTC(2026, 0, 1, 12, this.messages.length)),
      attributes: attributes as SdkMessage["attributes"],
      participantSid,
    };
    this.messages.push(message);
    return message;
  }

  /** The newest message's index, as the conversation's document carries it. */
  get lastMessage(): { index: number } | undefined {
    return this.messages.length > 0 ? { index: this.messages.length - 1 } : undefined;
  }

  getMessagesCalls = 0;

  /**
   * Like the SDK: backwards, `anchor` is the newest index of the page; forward, its oldest. Pages are oldest-first.
   */
  async getMessages(
    pageSize = 30,
    anchor?: number,
    direction: "backwards" | "forward" = "backwards",
  ): Promise<SdkPaginator> {
    this.getMessagesCalls++;
    if (direction === "forward") {
      const start = anchor ?? 0;
      return {
        items: this.messages.slice(start, start + pageSize),
        hasPrevPage: start > 0,
        prevPage: () => this.getMessages(pageSize, start - 1),
      };
    }
    const end = anchor === undefined ? this.messages.length : anchor + 1;
    const start = Math.max(0, end - pageSize);
    return {
      items: this.messages.slice(start, end),
      hasPrevPage: start > 0,
      prevPage: () => this.getMessages(pageSize, start - 1, "backwards"),
    };
  }

  async getParticipants() {
    return this.participants;
  }

  async sendMessage(body: string, attributes?: Record<string, unknown>) {
    if (this.failSend) throw this.failSend === true ? new Error("send failed") : this.failSend;
    const message = this.addMessage("guest", body, attributes);
    queueMicrotask(() => this.emit("messageAdded", message));
    return message.index;
  }

  built: { body: string; attributes: Record<string, unknown>; media: { contentType: string; filename: string }[] }[] =
    [];

  /** The SDK's message builder, for media messages. */
  prepareMessage() {
    const draft = {
      body: "",
      attributes: {} as Record<string, unknown>,
      media: [] as { contentType: string; filename: string; media: Blob }[],
    };
    const builder = {
      setBody: (body: string) => ((draft.body = body), builder),
      setAttributes: (attributes: Record<string, unknown>) => ((draft.attributes = attributes), builder),
      addMedia: (media: { contentType: string; filename: string; media: Blob }) => (draft.media.push(media), builder),
      build: () => ({
        send: async () => {
          this.built.push({
            ...draft,
            media: draft.media.map(({ contentType, filename }) => ({ contentType, filename })),
          });
          const message = this.addMessage("guest", draft.body);
          message.attachedMedia = draft.media.map((m, i) => ({
            sid: `ME${this.built.length + i}`,
            filename: m.filename,
            contentType: m.contentType,
            size: m.media.size,
            getContentTemporaryUrl: async () => `https://media.example/ME${this.built.length + i}`,
          }));
          queueMicrotask(() => this.emit("messageAdded", message));
          return message.index;
        },
      }),
    };
    return builder;
  }

  async typing() {
    this.typingCalls++;
  }

  async advanceLastReadMessageIndex(index: number) {
    this.readHorizon = index;
    return index;
  }
}

export class FakeClient extends EventEmitter {
  static instances: FakeClient[] = [];
  tokens: string[] = [];
  shutdownCalls = 0;
  conversations = new Map<string, FakeConversation>();

  constructor(
    token: string,
    readonly options?: { region?: string },
  ) {
    super();
    this.tokens.push(token);
    FakeClient.instances.push(this);
  }

  async getConversationBySid(sid: string) {
    const conversation = this.conversations.get(sid);
    if (!conversation) throw new Error("Forbidden");
    return conversation;
  }

  async updateToken(token: string) {
    this.tokens.push(token);
    return this;
  }

  async shutdown() {
    this.shutdownCalls++;
  }
}

// Node's EventEmitter listener types are looser than the SDK's typed events; the shapes are what matter here.
export const fakeSdk = { Client: FakeClient } as unknown as ConversationsSdk;
