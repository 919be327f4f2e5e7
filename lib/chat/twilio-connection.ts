// Long on purpose: the other side of the chat seam, whole: the SDK's events mapped to the seam's, its calls, and its
// errors classified as the sandbox's are, so the two sides read alike.
import type {
  ChatConnection,
  ChatEvent,
  ChatMessage,
  ConnectOptions,
  ConnectionStatus,
  ConversationState,
  SendOptions,
} from "@/lib/chat/types";
import { HISTORY_PAGE_SIZE, INITIAL_HISTORY } from "@/lib/chat/types";
import type { Message, Participant } from "@twilio/conversations";
import { ChatRequestError } from "@/lib/chat/errors";
import { fromMessageObject, readHorizons, toChatMedia } from "@/lib/chat/twilio-json";

/**
 * The chat seam on @twilio/conversations. The SDK is passed in (lib/chat/connect.ts imports it lazily, tests pass
 * an EventEmitter fake), so only the parts of it described here are relied on: its data types are the SDK's own
 * (picked), its objects' methods the few this adapter calls, so the fake implements exactly what is used.
 */

type Listener = (...args: never[]) => void;
type Emitter = {
  on(event: string, listener: Listener): unknown;
  removeAllListeners(event?: string): unknown;
};

export type SdkParticipant = Pick<Participant, "identity" | "lastReadMessageIndex">;
export type SdkMedia = {
  sid: string;
  filename: string | null;
  contentType: string;
  size: number;
  getContentTemporaryUrl(): Promise<string | null>;
};
export type SdkMessage = Pick<
  Message,
  "sid" | "index" | "author" | "body" | "dateCreated" | "attributes" | "participantSid"
> & {
  attachedMedia?: SdkMedia[] | null;
};
export type SdkMessageBuilder = {
  setBody(body: string): SdkMessageBuilder;
  setAttributes(attributes: Record<string, unknown>): SdkMessageBuilder;
  addMedia(media: { contentType: string; filename: string; media: Blob }): SdkMessageBuilder;
  build(): { send(): Promise<number | null> };
};
export type SdkPaginator = { items: SdkMessage[]; hasPrevPage: boolean; prevPage(): Promise<SdkPaginator> };
export type SdkConversation = Emitter & {
  state?: { current: ConversationState };
  /** The conversation's newest message, as its document says (Conversation.lastMessage of @twilio/conversations). */
  lastMessage?: { index?: number };
  getMessages(pageSize?: number, anchor?: number, direction?: "backwards" | "forward"): Promise<SdkPaginator>;
  getParticipants(): Promise<SdkParticipant[]>;
  sendMessage(body: string, attributes?: Record<string, unknown>): Promise<number>;
  prepareMessage(): SdkMessageBuilder;
  typing(): Promise<void>;
  advanceLastReadMessageIndex(index: number): Promise<number>;
};
export type SdkClient = Emitter & {
  /** "connecting" | "connected" | "disconnecting" | "disconnected" | "denied" | "error". */
  connectionState?: string;
  getConversationBySid(sid: string): Promise<SdkConversation>;
  updateToken(token: string): Promise<unknown>;
  shutdown(): Promise<void>;
};
export type ConversationsSdk = {
  Client: new (token: string, options?: { region?: string; Twilsock?: { uri: string } }) => SdkClient;
};

/** The websocket URL for a twilsock path on this page's origin (ws: or wss: like the page). */
function websocketUrl(path: string): string {
  if (/^wss?:\/\//.test(path)) return path;
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

export function fromSdkMessage(m: SdkMessage): ChatMessage {
  return fromMessageObject(m, (m.attachedMedia ?? []).map(toChatMedia));
}

const number = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

/**
 * What an SDK failure means for the visitor, as the sandbox's HTTP failures are read: refused for good (Not sent,
 * with Retry) or worth trying again later. The SDK's errors carry an HTTP-like status and/or a Twilio error code,
 * on the error or its `body` (twilsock replies: `http_status` and a Twilio error body).
 */
export function classifySdkError(error: unknown): ChatRequestError {
  if (error instanceof ChatRequestError) return error;
  const e = (error ?? {}) as { status?: unknown; code?: unknown; body?: { status?: unknown; code?: unknown } };
  const rawCode = number(e.body?.code) ?? number(e.code);
  const code = rawCode !== undefined && rawCode >= 10_000 ? rawCode : undefined;
  const status =
    number(e.status) ?? number(e.body?.status) ?? (rawCode !== undefined && rawCode < 600 ? rawCode : undefined);
  const message = error instanceof Error ? error.message : "The message was not sent.";
  if (status === 401 || code === 20101 || code === 20104) return new ChatRequestError(message, "unauthorized");
  // 50377: the conversation is closed; 20404: it no longer exists.
  if (code === 50377 || code === 20404 || status === 404) return new ChatRequestError(message, "closed");
  if (status === 403) return new ChatRequestError(message, "forbidden");
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return new ChatRequestError(message, "invalid");
  }
  return new ChatRequestError(message, "network");
}

/**
 * How long a change of the conversation's lastMessage waits for its message to arrive live before the adapter reads
 * it itself (TwilioConnection.catchUp): live delivery is the rule, the read the exception.
 */
export const CATCH_UP_GRACE_MS = 300;

/** Twilsock's connection states, as the seam's. */
function toStatus(state: string): ConnectionStatus {
  switch (state) {
    case "connected":
      return "connected";
    case "connecting":
      return "connecting";
    case "denied":
      return "denied";
    default:
      return "disconnected"; // "disconnecting", "disconnected", "error"
  }
}

export class TwilioConnection implements ChatConnection {
  private readonly listeners = new Set<(event: ChatEvent) => void>();
  private client: SdkClient | null = null;
  private conversation: Promise<SdkConversation> | null = null;
  private closed = false;
  /** Media seen in messages, by SID: the SDK hands out their temporary URLs. */
  private readonly media = new Map<string, SdkMedia>();
  /** The newest message index handed on (snapshot, live or a catch-up); -1 before the snapshot. */
  private newest = -1;
  private snapshotTaken = false;
  /** Catch-ups run one after another, each reading from where the last one left off. */
  private catchingUp: Promise<void> = Promise.resolve();
  /** Indexes a catch-up handed on: the SDK's own delivery of the same message, if it comes, is not handed on twice. */
  private readonly caughtUp = new Set<number>();

  constructor(
    private readonly options: ConnectOptions,
    private readonly sdk: ConversationsSdk,
  ) {}

  subscribe(listener: (event: ChatEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: ChatEvent): void {
    if (this.closed) return;
    for (const listener of this.listeners) listener(event);
  }

  connect(): void {
    if (this.client || this.closed) return;
    this.emit({ type: "connection", status: "connecting" });
    // One client per connection: it opens its websocket at once, so it is only built here, never during render.
    // The SDK connects to us1 unless given the account's region (ClientOptions.region of @twilio/conversations).
    // The sandbox (SANDBOX_CLIENT=sdk) points its websocket at itself: the SDK's `Twilsock.uri` option, which it
    // passes on to its transport (observed; twilsock's typings name it, Twilio's docs do not).
    const { region, twilsock } = this.options;
    const options = {
      ...(region ? { region } : {}),
      ...(twilsock ? { Twilsock: { uri: websocketUrl(twilsock) } } : {}),
    };
    const client =
      Object.keys(options).length > 0
        ? new this.sdk.Client(this.options.token, options)
        : new this.sdk.Client(this.options.token);
    this.client = client;
    client.on("connectionStateChanged", ((state: string) => {
      this.emit({ type: "connection", status: toStatus(state) });
      // Twilio refuses the token: a fresh one lets the client in again.
      if (state === "denied") this.emit({ type: "tokenExpired" });
    }) as Listener);
    client.on("tokenAboutToExpire", (() => this.emit({ type: "tokenAboutToExpire" })) as Listener);
    client.on("tokenExpired", (() => this.emit({ type: "tokenExpired" })) as Listener);
    client.on("initFailed", (() => this.emit({ type: "connection", status: "denied" })) as Listener);
    client.on("initialized", (() => {
      this.conversation = client.getConversationBySid(this.options.conversationSid);
      this.conversation.then(
        (conversation) => this.attach(conversation),
        () => this.emit({ type: "connection", status: "denied" }),
      );
    }) as Listener);
  }

  private async attach(conversation: SdkConversation): Promise<void> {
    if (this.closed) return;
    conversation.on("messageAdded", ((message: SdkMessage) => {
      if (this.caughtUp.delete(message.index)) return;
      this.emit({ type: "messageAdded", message: this.remember(message) });
    }) as Listener);
    conversation.on("typingStarted", ((participant: SdkParticipant) => {
      if (participant.identity && participant.identity !== this.options.identity) {
        this.emit({ type: "typing", identity: participant.identity });
      }
    }) as Listener);
    conversation.on("participantLeft", ((participant: SdkParticipant) => {
      if (participant.identity) this.emit({ type: "participantLeft", identity: participant.identity });
    }) as never);
    conversation.on("participantJoined", ((participant: SdkParticipant) => {
      if (participant.identity) this.emit({ type: "participantJoined", identity: participant.identity });
    }) as Listener);
    conversation.on("participantUpdated", (({ participant }: { participant: SdkParticipant }) => {
      if (participant.identity && participant.lastReadMessageIndex !== null) {
        this.emit({ type: "readHorizon", identity: participant.identity, index: participant.lastReadMessageIndex });
      }
    }) as Listener);
    conversation.on("updated", (({
      conversation: updated,
      updateReasons,
    }: {
      conversation: SdkConversation;
      updateReasons: string[];
    }) => {
      if (updateReasons.includes("state") && updated.state) {
        this.emit({ type: "stateChanged", state: updated.state.current });
      }
      if (updateReasons.includes("lastMessage")) this.catchUp(conversation);
    }) as Listener);

    const [page, participants] = await Promise.all([
      conversation.getMessages(INITIAL_HISTORY),
      conversation.getParticipants(),
    ]);
    this.emit({
      type: "snapshot",
      messages: page.items.map((m) => this.remember(m)),
      state: conversation.state?.current ?? "active",
      readHorizons: readHorizons(participants),
      participants: participants.flatMap((p) => (p.identity ? [p.identity] : [])),
    });
    this.snapshotTaken = true;
    this.catchUp(conversation);
  }

  /**
   * Reads the messages the conversation's document says exist but that never arrived as messageAdded, and hands
   * them on. After a reload the SDK opens the messages list from its session cache, where twilio-sync keeps no
   * position for a list (`storeRootInSessionCache` sets its `last_event_id` to null), and subscribes with none: a
   * message added between the SDK's first read of the list and its subscription taking effect is then never
   * delivered, while the conversation's document, which keeps its position, replays the change of its
   * `lastMessage`. Found against the sandbox (e2e chat journey, about 1 reload in 4 with the agent replying at once).
   */
  private catchUp(conversation: SdkConversation): void {
    setTimeout(() => {
      this.catchingUp = this.catchingUp
        .then(async () => {
          const last = conversation.lastMessage?.index;
          while (this.snapshotTaken && !this.closed && last !== undefined && last > this.newest) {
            const page = await conversation.getMessages(
              Math.min(last - this.newest, INITIAL_HISTORY),
              this.newest + 1,
              "forward",
            );
            // Read against the newest handed on now: some may have arrived live while the read was on its way.
            const missed = page.items.filter((message) => message.index > this.newest);
            for (const message of missed) {
              this.caughtUp.add(message.index);
              this.emit({ type: "messageAdded", message: this.remember(message) });
            }
            if (missed.length === 0) return;
          }
        })
        .catch(() => {
          // The next change of lastMessage, or the outbox's own check before a resend, reads again.
        });
    }, CATCH_UP_GRACE_MS);
  }

  private remember(message: SdkMessage): ChatMessage {
    for (const media of message.attachedMedia ?? []) this.media.set(media.sid, media);
    this.newest = Math.max(this.newest, message.index);
    return fromSdkMessage(message);
  }

  private ready(): Promise<SdkConversation> {
    if (!this.conversation) return Promise.reject(new Error("Still connecting to the chat. Please try again."));
    return this.conversation;
  }

  async sendMessage(body: string, options: SendOptions = {}): Promise<ChatMessage> {
    try {
      return await this.send(body, options);
    } catch (error) {
      throw classifySdkError(error);
    }
  }

  private async send(body: string, options: SendOptions): Promise<ChatMessage> {
    const conversation = await this.ready();
    const attributes = options.attributes;
    const files = options.files ?? [];
    let index: number;
    if (files.length === 0) {
      index = await conversation.sendMessage(body, attributes ?? {});
    } else {
      // Media goes through the SDK's media API; a message with a file carries no text (Flex web chat's rule).
      let builder = conversation.prepareMessage().setAttributes(attributes ?? {});
      if (body) builder = builder.setBody(body);
      for (const file of files)
        builder = builder.addMedia({ contentType: file.type, filename: file.name, media: file });
      const sent = await builder.build().send();
      if (sent === null) throw new Error("The message with attachments was not sent.");
      index = sent;
      options.onProgress?.(1);
    }
    // The SDK answers with the index; the full message follows as messageAdded and replaces this one.
    return {
      sid: "",
      index,
      author: this.options.identity,
      body,
      dateCreated: new Date().toISOString(),
      attributes: attributes ?? {},
      media: [],
    };
  }

  async mediaUrl(mediaSid: string): Promise<string> {
    const url = await this.media.get(mediaSid)?.getContentTemporaryUrl();
    if (!url) throw new Error("This attachment is not available.");
    return url;
  }

  typing(): void {
    // The SDK throttles typing itself; a lost indicator is not worth an error.
    this.ready()
      .then((conversation) => conversation.typing())
      .catch(() => {});
  }

  async setReadHorizon(index: number): Promise<void> {
    await (await this.ready()).advanceLastReadMessageIndex(index);
  }

  async latestMessages(count: number): Promise<ChatMessage[]> {
    const page = await (await this.ready()).getMessages(count);
    return page.items.map((m) => this.remember(m));
  }

  async loadOlder(beforeIndex: number, pageSize = HISTORY_PAGE_SIZE) {
    if (beforeIndex <= 0) return { messages: [], hasMore: false };
    const conversation = await this.ready();
    // Anchored at the message before the oldest one shown, reading backwards.
    const page = await conversation.getMessages(pageSize, beforeIndex - 1, "backwards");
    return { messages: page.items.map((m) => this.remember(m)), hasMore: page.hasPrevPage };
  }

  async updateToken(token: string): Promise<void> {
    const client = this.client;
    if (!client) return;
    // A token that ran out closes the socket; until it has closed ("disconnecting"), the SDK's transport ignores a new
    // token and its promise never settles (twilsock's state machine has no userUpdateToken from waitSocketClosed).
    // Found against the sandbox's endpoint: wait for the close, briefly, then hand the token over.
    if (client.connectionState === "disconnecting") {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(done, 5_000);
        client.on("connectionStateChanged", ((state: string) => {
          if (state !== "disconnecting") done();
        }) as Listener);
      });
    }
    await client.updateToken(token);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    const client = this.client;
    this.client = null;
    this.conversation?.then((c) => c.removeAllListeners()).catch(() => {});
    if (client) {
      client.removeAllListeners();
      void client.shutdown().catch(() => {});
    }
  }
}
