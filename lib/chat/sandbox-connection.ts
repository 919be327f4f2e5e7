// Long on purpose: one side of the chat seam, whole: the live stream with its resume and the authenticated requests
// beside it, so the seam's contract (lib/chat/types.ts) is read against one file.
import { createParser, type EventSourceMessage } from "eventsource-parser";
import type {
  ChatConnection,
  ChatEvent,
  ChatMessage,
  ConnectOptions,
  ConnectionStatus,
  SendOptions,
} from "@/lib/chat/types";
import { ChatRequestError } from "@/lib/chat/errors";
import { HISTORY_PAGE_SIZE } from "@/lib/chat/types";
import {
  fromWireParticipant,
  readHorizons,
  fromWireMessage,
  toConversationState,
  type WireMessage,
  type WireParticipant,
} from "@/lib/chat/twilio-json";

const TYPING_THROTTLE_MS = 2_000;
const STALL_MS = 45_000; // the server sends a heartbeat every 15 s; three missed means the stream is dead
const MAX_RETRY_MS = 5_000;
const CONNECT_TIMEOUT_MS = 5_000; // a stream that has not answered by then is retried rather than waited on

/**
 * The chat seam on the embedded sandbox: a fetch-read Server-Sent Events stream (so the token travels in a header,
 * not the URL) that resumes from the last event id after any drop, plus small authenticated POSTs.
 */
export class SandboxConnection implements ChatConnection {
  private readonly listeners = new Set<(event: ChatEvent) => void>();
  private token: string;
  private lastEventId: string | undefined;
  private stream: AbortController | null = null;
  private status: ConnectionStatus | null = null;
  private closed = false;
  private awaitingToken = false;
  private retryDelay = 500;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTypingAt = 0;
  private typingInFlight: Promise<void> | null = null;
  private readonly base: string;

  constructor(private readonly options: ConnectOptions & { baseUrl?: string }) {
    this.token = options.token;
    this.base = `${options.baseUrl ?? ""}/api/sandbox/conversations/${encodeURIComponent(options.conversationSid)}`;
  }

  subscribe(listener: (event: ChatEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  connect(): void {
    if (this.closed || this.stream) return;
    if (typeof window !== "undefined") {
      window.addEventListener("online", this.onOnline);
      window.addEventListener("offline", this.onOffline);
    }
    void this.run();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.stallTimer);
    this.stream?.abort();
    this.stream = null;
    if (typeof window !== "undefined") {
      window.removeEventListener("online", this.onOnline);
      window.removeEventListener("offline", this.onOffline);
    }
    this.listeners.clear();
  }

  async updateToken(token: string): Promise<void> {
    this.token = token;
    if (this.awaitingToken) {
      this.awaitingToken = false;
      this.retryDelay = 500;
      this.connect();
    }
  }

  async sendMessage(body: string, options: SendOptions = {}): Promise<ChatMessage> {
    // A typing notice still on its way lands first: sent side by side, the message could reach the server before it,
    // and the other side would see "typing" again under a message that had just ended it.
    if (this.typingInFlight) await this.typingInFlight;
    // Otherwise, without files, nothing is awaited before the request leaves: an await here would let React render the
    // pending row first (its discrete update is flushed in a microtask), a few milliseconds later on every message.
    const media = options.files?.length ? await this.uploadAll(options.files, options.onProgress) : [];
    const { attributes } = options;
    const response = await this.post("messages", { body, ...(attributes ? { attributes } : {}), media });
    // A sent message ends "typing", so the next keystroke may announce typing again at once.
    this.lastTypingAt = 0;
    return fromWireMessage((await response.json()) as WireMessage);
  }

  typing(): void {
    const now = Date.now();
    if (now - this.lastTypingAt < TYPING_THROTTLE_MS) return;
    this.lastTypingAt = now;
    // Typing is best effort: a lost indicator is not worth an error.
    const notice: Promise<void> = this.post("typing").then(
      () => undefined,
      () => undefined,
    );
    this.typingInFlight = notice;
    void notice.then(() => {
      if (this.typingInFlight === notice) this.typingInFlight = null;
    });
  }

  async setReadHorizon(index: number): Promise<void> {
    await this.post("read", { index });
  }

  async mediaUrl(mediaSid: string): Promise<string> {
    const response = await this.request("GET", `media?sid=${encodeURIComponent(mediaSid)}`);
    return ((await response.json()) as { url: string }).url;
  }

  /** Uploads files one by one (XMLHttpRequest, for progress), returning their media SIDs. */
  private async uploadAll(files: File[], onProgress?: (fraction: number) => void): Promise<string[]> {
    const total = files.reduce((sum, f) => sum + f.size, 0) || 1;
    let done = 0;
    const sids: string[] = [];
    for (const file of files) {
      sids.push(await this.upload(file, (loaded) => onProgress?.(Math.min(1, (done + loaded) / total))));
      done += file.size;
      onProgress?.(done / total);
    }
    return sids;
  }

  private upload(file: File, onLoaded: (bytes: number) => void): Promise<string> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `${this.base}/media`);
      xhr.setRequestHeader("authorization", `Bearer ${this.token}`);
      xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
      xhr.setRequestHeader("x-filename", encodeURIComponent(file.name));
      xhr.upload.onprogress = (event) => onLoaded(event.loaded);
      xhr.onerror = () => reject(new ChatRequestError(`Couldn't upload ${file.name}.`, "network"));
      xhr.onload = () => {
        let answer: { sid?: string; message?: string } = {};
        try {
          answer = JSON.parse(xhr.responseText) as typeof answer;
        } catch {
          // Not JSON: described below by status.
        }
        if (xhr.status === 201 && answer.sid) return resolve(answer.sid);
        if (xhr.status === 401) this.emit({ type: "tokenExpired" });
        reject(
          new ChatRequestError(
            `${file.name}: ${answer.message ?? "the upload failed."}`,
            xhr.status >= 500 || xhr.status === 401 ? "network" : "invalid",
            file.name,
          ),
        );
      };
      xhr.send(file);
    });
  }

  async latestMessages(count: number): Promise<ChatMessage[]> {
    const query = new URLSearchParams({ before: String(Number.MAX_SAFE_INTEGER), limit: String(count) });
    const response = await this.request("GET", `messages?${query}`);
    return ((await response.json()) as { messages: WireMessage[] }).messages.map(fromWireMessage);
  }

  async loadOlder(beforeIndex: number, pageSize = HISTORY_PAGE_SIZE) {
    if (beforeIndex <= 0) return { messages: [], hasMore: false };
    const query = new URLSearchParams({ before: String(beforeIndex), limit: String(pageSize) });
    const response = await this.request("GET", `messages?${query}`);
    const page = (await response.json()) as { messages: WireMessage[]; has_more: boolean };
    return { messages: page.messages.map(fromWireMessage), hasMore: page.has_more };
  }

  private emit(event: ChatEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.emit({ type: "connection", status });
  }

  private readonly onOnline = () => {
    if (this.closed || this.awaitingToken || this.status === "connected") return;
    // An attempt started while offline may hang rather than fail: drop it and start afresh.
    clearTimeout(this.retryTimer);
    const stale = this.stream;
    this.stream = null;
    stale?.abort();
    void this.run();
  };

  private readonly onOffline = () => {
    // Browsers may keep a dead stream open for a long time; drop it so the visitor sees the truth at once.
    this.stream?.abort();
  };

  private post(action: string, payload?: unknown): Promise<Response> {
    return this.request("POST", action, payload);
  }

  private async request(method: "GET" | "POST", action: string, payload?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.base}/${action}`, {
        method,
        cache: "no-store",
        headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
    } catch {
      throw new ChatRequestError("Couldn't reach the chat service.", "network");
    }
    if (response.ok) return response;
    const detail = (await response.json().catch(() => ({}))) as { message?: string };
    if (response.status === 401) {
      this.emit({ type: "tokenExpired" });
      throw new ChatRequestError("Your chat session needs renewing.", "unauthorized");
    }
    if (response.status === 409) {
      this.emit({ type: "stateChanged", state: "closed" });
      throw new ChatRequestError("This chat has ended.", "closed");
    }
    if (response.status === 403 || response.status === 404) {
      throw new ChatRequestError("You are no longer part of this chat.", "forbidden");
    }
    if (response.status === 400) throw new ChatRequestError(detail.message ?? "The message was refused.", "invalid");
    throw new ChatRequestError("The chat service had a problem.", "network");
  }

  private armStallTimer(controller: AbortController): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => controller.abort(), STALL_MS);
  }

  private async run(): Promise<void> {
    const controller = new AbortController();
    this.stream = controller;
    if (this.status === null) this.setStatus("connecting");
    let answered = false;
    // Requests started around a network change can hang without failing; give up on them and try again.
    this.stallTimer = setTimeout(() => controller.abort(), CONNECT_TIMEOUT_MS);
    try {
      const response = await fetch(`${this.base}/events`, {
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: "text/event-stream",
          ...(this.lastEventId ? { "last-event-id": this.lastEventId } : {}),
        },
        cache: "no-store",
        signal: controller.signal,
      });
      if (response.status === 401) {
        this.awaitingToken = true;
        this.stream = null;
        this.emit({ type: "tokenExpired" });
        return;
      }
      if (response.status === 403 || response.status === 404) {
        this.stream = null;
        this.setStatus("denied");
        if (response.status === 404) this.emit({ type: "stateChanged", state: "closed" });
        return;
      }
      if (!response.ok || !response.body) throw new Error(`The live stream answered ${response.status}`);
      answered = true;
      this.retryDelay = 500;
      this.setStatus("connected");
      const parser = createParser({ onEvent: (message) => this.handle(message) });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      this.armStallTimer(controller);
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        this.armStallTimer(controller);
        parser.feed(value);
      }
    } catch {
      // A network error or an abort: handled below like a stream that ended.
    }
    clearTimeout(this.stallTimer);
    if (this.stream !== controller) return;
    this.stream = null;
    if (this.closed || this.awaitingToken) return;
    this.setStatus("disconnected");
    // Keep trying even while the browser says it is offline: its "online" event is a shortcut, not a promise.
    // Reconnect at once after a stream that had been working, then back off while the server stays away.
    const delay = answered ? 0 : this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, MAX_RETRY_MS);
    this.retryTimer = setTimeout(() => void this.run(), delay);
  }

  private handle(message: EventSourceMessage): void {
    if (message.id) this.lastEventId = message.id;
    const data = JSON.parse(message.data) as Record<string, unknown>;
    switch (message.event) {
      case "snapshot": {
        const snapshot = data as {
          conversation: { state: string };
          messages: WireMessage[];
          participants: WireParticipant[];
        };
        this.emit({
          type: "snapshot",
          messages: snapshot.messages.map(fromWireMessage),
          state: toConversationState(snapshot.conversation.state),
          readHorizons: readHorizons(snapshot.participants.map(fromWireParticipant)),
          participants: snapshot.participants.flatMap((p) => (p.identity ? [p.identity] : [])),
        });
        break;
      }
      case "participantAdded": {
        const participant = data as unknown as WireParticipant;
        if (participant.identity) this.emit({ type: "participantJoined", identity: participant.identity });
        break;
      }
      case "participantRemoved": {
        const participant = data as unknown as WireParticipant;
        if (participant.identity) this.emit({ type: "participantLeft", identity: participant.identity });
        break;
      }
      case "messageAdded":
        this.emit({ type: "messageAdded", message: fromWireMessage(data as unknown as WireMessage) });
        break;
      case "typing":
        if (data.identity !== this.options.identity) this.emit({ type: "typing", identity: String(data.identity) });
        break;
      case "participantUpdated": {
        const participant = data as unknown as WireParticipant;
        if (participant.identity && participant.last_read_message_index !== null) {
          this.emit({
            type: "readHorizon",
            identity: participant.identity,
            index: participant.last_read_message_index,
          });
        }
        break;
      }
      case "conversationUpdated":
        this.emit({ type: "stateChanged", state: toConversationState(String(data.state)) });
        break;
      case "tokenExpired":
        this.awaitingToken = true;
        this.emit({ type: "tokenExpired" });
        break;
    }
  }
}
