// Long on purpose: one socket's protocol, whole (handshake, framing, budgets, replay, renewal); what each request does
// is in api.ts.
import "server-only";
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { isSandboxError, type SandboxError } from "@/lib/sandbox/errors";
import type { LiveEvent, Sandbox } from "@/lib/sandbox/sandbox";
import { tokenExpiry, verifyAccessToken } from "@/lib/sandbox/tokens";
import { answer, type ApiContext, type TunnelRequest, type TunnelResponse } from "@/lib/sandbox/twilsock/api";
import { FrameError, MAX_FRAME_BYTES, decodeFrame, encodeFrame, type FrameHeader } from "@/lib/sandbox/twilsock/frame";
import { syncEventsFor, type SyncEvent } from "@/lib/sandbox/twilsock/events";
import { IdentityIndex, resolveTarget, sidOf, type SyncTarget } from "@/lib/sandbox/twilsock/sync-objects";

/**
 * The sandbox's realtime endpoint for the unmodified @twilio/conversations SDK: Twilio's "twilsock" websocket
 * protocol as the SDK speaks it (observed, not documented — docs/sandbox-protocol.md), backed by the sandbox's own
 * store and event bus. One session per socket: `init` with the access token (checked as the live API checks it),
 * tunnelled Client API and Sync requests (lib/sandbox/twilsock/api.ts), Sync subscriptions answered with events and
 * replay from a `last_event_id`, typing notifications, `update` with a fresh token, `token_about_to_expire` and a
 * close at expiry. Route handlers cannot take a websocket upgrade: server.mjs hands upgrades on TWILSOCK_PATH here.
 */

/** Sockets per identity: a few tabs; the oldest is closed when one more opens. */
const MAX_SESSIONS_PER_IDENTITY = 4;
/** Frames a client may send per second before the socket is closed (the SDK sends a handful). */
const MAX_FRAMES_PER_SECOND = 50;
/**
 * A resumed subscription replays at most this many events; further behind, the replay is "interrupted". Generous on
 * purpose: after an interrupted replay the SDK carries on from its own cache (observed: it neither reloads the list
 * nor says so), so a client that far behind shows a stale log until it reloads the page.
 */
const REPLAY_MAX_EVENTS = 2_000;
/**
 * How long a socket may stay open without an accepted `init`: the SDK sends it at once, so a socket still silent
 * after this is holding a connection for nothing.
 */
export const INIT_TIMEOUT_MS = 10_000;
/** How long before its token expires a client is told, so that it can bring a new one (Twilio: about 3 minutes). */
const ABOUT_TO_EXPIRE_MS = 3 * 60_000;
/** Twilio's error code for an expired token, which the SDK turns into `tokenExpired` (twilsock: "tokenExpiredSasCode"). */
const TOKEN_EXPIRED_CODE = 20104;

export class TwilsockEndpoint {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly sessions = new Set<TwilsockSession>();
  /** Admitted sessions by identity: the per-identity cap and the index below are kept without walking every socket. */
  private readonly byIdentity = new Map<string, Set<TwilsockSession>>();
  readonly identities = new IdentityIndex();
  readonly mutations = new Map<string, { at: number; response: TunnelResponse }>();
  /** New per boot: the SDK caches Sync objects in sessionStorage under it, and must not trust another boot's. */
  readonly storageId = randomUUID();

  constructor(
    readonly sandbox: Sandbox,
    readonly options: { initTimeoutMs: number } = { initTimeoutMs: INIT_TIMEOUT_MS },
  ) {}

  /**
   * Takes an HTTP upgrade for TWILSOCK_PATH. `mediaBase`: the Media Content Service's base URL as this client reaches
   * it (the SDK needs an absolute URL).
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, mediaBase: string): void {
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, mediaBase));
  }

  /** Serves an already open socket (tests, or a server of its own). */
  accept(ws: WebSocket, mediaBase: string): TwilsockSession {
    const session = new TwilsockSession(this, ws, mediaBase);
    this.sessions.add(session);
    ws.on("close", () => {
      this.sessions.delete(session);
      this.released(session);
    });
    return session;
  }

  /** Called when a session's identity is known: the oldest of too many sessions goes. */
  admitted(session: TwilsockSession): void {
    const identity = session.identity!;
    const same = this.byIdentity.get(identity) ?? new Set<TwilsockSession>();
    this.byIdentity.set(identity, same);
    this.identities.add(identity);
    if (same.has(session)) return;
    // A Set iterates in insertion order: the first is the oldest.
    for (const oldest of same) {
      if (same.size < MAX_SESSIONS_PER_IDENTITY) break;
      same.delete(oldest);
      oldest.close(1008, "Too many connections for this identity");
    }
    same.add(session);
  }

  /** A session ended: its identity leaves the index with its last socket. */
  released(session: TwilsockSession): void {
    if (!session.identity) return;
    const same = this.byIdentity.get(session.identity);
    if (!same?.delete(session) || same.size > 0) return;
    this.byIdentity.delete(session.identity);
    this.identities.delete(session.identity);
  }

  /** How many identities are connected (and indexed) now. */
  get connectedIdentities(): number {
    return this.identities.size;
  }

  close(): void {
    for (const session of this.sessions) session.close(1001, "The sandbox is shutting down");
    this.server.close();
  }
}

type Subscription = { target: SyncTarget; sid: string };

export class TwilsockSession {
  identity: string | null = null;
  private token: string | null = null;
  private timers: ReturnType<typeof setTimeout>[] = [];
  private readonly subscriptions = new Map<string, Subscription>();
  /** One bus listener per conversation with a subscribed object. */
  private readonly listeners = new Map<string, () => void>();
  private frames = { second: 0, count: 0 };

  constructor(
    private readonly endpoint: TwilsockEndpoint,
    private readonly ws: WebSocket,
    private readonly mediaBase: string,
  ) {
    ws.on("message", (data: Buffer, isBinary: boolean) => this.receive(isBinary ? data : Buffer.from(data)));
    // Dropped without a closing handshake, which a client that sends nothing would not answer either.
    this.timers.push(
      setTimeout(() => {
        if (this.identity) return;
        this.dispose();
        this.ws.terminate();
      }, endpoint.options.initTimeoutMs),
    );
    ws.on("close", () => this.dispose());
    ws.on("error", () => this.dispose());
  }

  close(code: number, reason: string): void {
    this.dispose();
    this.ws.close(code, reason);
  }

  private dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    for (const stop of this.listeners.values()) stop();
    this.listeners.clear();
    this.subscriptions.clear();
  }

  private send(header: FrameHeader, payload?: unknown): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    const framed =
      payload === undefined ? header : { ...header, payload_type: header.payload_type ?? "application/json" };
    this.ws.send(encodeFrame({ id: header.id ?? `TM${randomUUID()}`, ...framed }, payload));
  }

  private reply(
    id: string | undefined,
    status: { code: number; status: string; errorCode?: number; description?: string },
    extra: Record<string, unknown> = {},
    payload?: unknown,
  ) {
    this.send({ method: "reply", id, status, ...extra }, payload);
  }

  private receive(data: Buffer): void {
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.frames.second) this.frames = { second, count: 0 };
    if (++this.frames.count > MAX_FRAMES_PER_SECOND) return this.close(1008, "Too many frames");
    let frame;
    try {
      frame = decodeFrame(data);
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      // What Twilio answers a frame it cannot parse (twilsock: 406 "Not acceptable message", fatal for the client).
      this.send({ method: "close", status: { code: 406, status: "Not Acceptable", description: error.message } });
      return this.close(1002, "Protocol error");
    }
    const { header, payload } = frame;
    switch (header.method) {
      case "init":
        return this.init(header);
      case "update":
        return this.update(header);
      case "message":
        return this.message(header, payload);
      case "close":
        return this.close(1000, "Closed by the client");
      // Acknowledgements of what this side sent, and the client's telemetry: nothing to answer.
      case "reply":
      case "telemetry.v1":
        return;
      default:
        this.reply(header.id, { code: 400, status: "Bad Request", description: `Unknown method ${header.method}` });
    }
  }

  /** Checks a token; on failure answers as Twilio does (401, with 20104 for an expired one) and says so. */
  private checkToken(id: string | undefined, token: unknown): string | null {
    try {
      if (typeof token !== "string") throw Object.assign(new Error("no token"), {});
      return verifyAccessToken(token, this.endpoint.sandbox.credentials);
    } catch (error) {
      const known = isSandboxError(error) ? (error as SandboxError) : null;
      this.reply(id, {
        code: 401,
        status: "Unauthorized",
        errorCode: known?.code ?? 20101,
        description: known?.message ?? "Invalid Access Token",
      });
      return null;
    }
  }

  private init(header: FrameHeader): void {
    const identity = this.checkToken(header.id, header.token);
    if (!identity) return this.close(1008, "Token rejected");
    if (this.identity && this.identity !== identity) return this.close(1008, "A socket keeps its identity");
    this.identity = identity;
    this.token = header.token as string;
    this.endpoint.admitted(this);
    this.reply(
      header.id,
      { code: 200, status: "OK" },
      {
        capabilities: ["client_update", "offline_storage", "telemetry.v1"],
        continuation_token: `sandbox-${randomUUID()}`,
        continuation_token_status: { reissued: false },
        // By trial: the SDK keeps Sync objects in sessionStorage under this id (new per boot).
        offline_storage: { ip_messaging: { storage_id: this.endpoint.storageId } },
        init_registrations: [],
      },
    );
    this.scheduleExpiry();
  }

  private update(header: FrameHeader): void {
    const identity = this.checkToken(header.id, header.token);
    if (!identity) return;
    if (identity !== this.identity) {
      this.reply(header.id, {
        code: 401,
        status: "Unauthorized",
        errorCode: 20101,
        description: "A token for another identity",
      });
      return;
    }
    this.token = header.token as string;
    this.reply(header.id, { code: 200, status: "OK" });
    this.scheduleExpiry();
  }

  private scheduleExpiry(): void {
    for (const timer of this.timers) clearTimeout(timer);
    const exp = this.token ? tokenExpiry(this.token) : undefined;
    if (!exp) return;
    const left = exp * 1000 - Date.now();
    this.timers = [
      setTimeout(
        () => this.send({ method: "client_update", client_update_type: "token_about_to_expire" }),
        Math.max(0, left - ABOUT_TO_EXPIRE_MS),
      ),
      setTimeout(
        () => {
          // As Twilio closes a socket whose token ran out (twilsock: close 410 → "tokenExpired").
          this.send({
            method: "close",
            status: { code: 410, status: "Gone", errorCode: TOKEN_EXPIRED_CODE, description: "Access Token expired" },
          });
          this.close(4410, "Token expired");
        },
        Math.max(0, left),
      ),
    ];
  }

  private message(header: FrameHeader, payload: unknown): void {
    if (!this.identity) {
      this.reply(header.id, { code: 401, status: "Unauthorized", description: "Send init first" });
      return;
    }
    const http = (header.http_request ?? {}) as Partial<TunnelRequest>;
    const request: TunnelRequest = {
      host: String(http.host ?? ""),
      path: String(http.path ?? ""),
      method: String(http.method ?? "GET"),
      params: (http.params && typeof http.params === "object" ? http.params : {}) as Record<string, string>,
      headers: (http.headers && typeof http.headers === "object" ? http.headers : {}) as Record<string, string>,
      body: payload,
    };
    const context: ApiContext = {
      sandbox: this.endpoint.sandbox,
      identity: this.identity,
      identities: this.endpoint.identities,
      mediaBase: this.mediaBase,
      mutations: this.endpoint.mutations,
      subscribe: (body) => this.subscribe(body),
    };
    let response: TunnelResponse;
    try {
      response = answer(context, request);
    } catch (error) {
      console.error(
        "sandbox_twilsock_failed",
        request.method,
        request.path,
        error instanceof Error ? error.message : error,
      );
      response = { status: 500, body: { status: 500, code: 20500, message: "Internal Server Error" } };
    }
    this.reply(
      header.id,
      { code: 200, status: "OK" },
      {
        http_status: { code: response.status, status: response.status < 300 ? "OK" : "Error" },
        http_headers: { "Content-Type": "application/json" },
      },
      response.body ?? {},
    );
  }

  // Sync subscriptions --------------------------------------------------------------------------------------------

  private subscribe(body: unknown): TunnelResponse {
    const input = (body && typeof body === "object" ? body : {}) as {
      action?: unknown;
      correlation_id?: unknown;
      requests?: unknown;
    };
    const requests = Array.isArray(input.requests) ? input.requests.slice(0, 100) : [];
    const correlationId = input.correlation_id;
    if (input.action !== "establish" && input.action !== "cancel") {
      return { status: 400, body: { status: 400, code: 54011, message: "action must be establish or cancel" } };
    }
    // Answered at once; the outcome of each request arrives as a notification, as from Twilio.
    setImmediate(() => {
      for (const raw of requests) {
        const request = (raw ?? {}) as { object_sid?: unknown; object_type?: unknown; last_event_id?: unknown };
        const objectSid = String(request.object_sid ?? "");
        const objectType = String(request.object_type ?? "");
        if (input.action === "cancel") {
          this.subscriptions.delete(objectSid);
          this.notify({
            event_type: "subscription_canceled",
            correlation_id: correlationId,
            event: { object_sid: objectSid, object_type: objectType },
          });
          continue;
        }
        this.establish(objectSid, objectType, request.last_event_id, correlationId);
      }
    });
    return { status: 200, body: { max_batch_size: 100, ttl_in_s: -1, estimated_delivery_in_ms: 5_000 } };
  }

  private establish(objectSid: string, objectType: string, lastEventIdRaw: unknown, correlationId: unknown): void {
    const kind = objectType === "document" || objectType === "list" || objectType === "map" ? objectType : null;
    const target = kind ? resolveTarget(kind, objectSid, this.endpoint.identities) : null;
    const failed = (status: number, message: string) =>
      this.notify({
        event_type: "subscription_failed",
        correlation_id: correlationId,
        event: {
          object_sid: objectSid,
          object_type: objectType,
          error: { status, code: status === 403 ? 54007 : 54100, message },
        },
      });
    if (!target) return failed(404, "No such object");
    const sandbox = this.endpoint.sandbox;
    const conversationSid = "conversationSid" in target ? target.conversationSid : null;
    if (conversationSid && !sandbox.store.findParticipant(conversationSid, this.identity!))
      return failed(403, "Not a participant");
    if (!conversationSid && "identity" in target && target.identity !== this.identity)
      return failed(403, "Not your object");
    const sid = sidOf(target);
    this.subscriptions.set(sid, { target, sid });
    let lastEventId = 0;
    let replay: "completed" | "interrupted" = "completed";
    if (conversationSid) {
      this.listen(conversationSid);
      lastEventId = sandbox.store.lastEventId(conversationSid);
      // A request without a position replays nothing. twilio-sync sends none (null) for a list or map it reopened
      // from its session cache; what Twilio's Sync does then is not documented, so the sandbox takes the stricter
      // reading (the chat catches up from the conversation's lastMessage: lib/chat/twilio-connection.ts).
      const since = typeof lastEventIdRaw === "number" && Number.isInteger(lastEventIdRaw) ? lastEventIdRaw : undefined;
      if (since !== undefined && since < lastEventId) {
        const missed = sandbox.store.eventsAfter(conversationSid, since, REPLAY_MAX_EVENTS + 1);
        if (missed.length > REPLAY_MAX_EVENTS) replay = "interrupted";
        else {
          for (const stored of missed) {
            const event: LiveEvent = { id: stored.id, type: stored.type, data: JSON.parse(stored.data) };
            for (const sync of syncEventsFor(sandbox, conversationSid, event))
              if (sync.objectSid === sid) this.deliver(sync);
          }
        }
      }
    }
    this.notify({
      event_type: "subscription_established",
      correlation_id: correlationId,
      event: { object_sid: sid, object_type: target.kind, replay_status: replay, last_event_id: lastEventId },
    });
  }

  private listen(conversationSid: string): void {
    if (this.listeners.has(conversationSid)) return;
    const sandbox = this.endpoint.sandbox;
    const stop = sandbox.subscribe(conversationSid, (event) => {
      if (event.type === "typing") {
        const data = event.data as { identity?: string };
        if (data.identity && data.identity !== this.identity) {
          // How the SDK hears someone typing (conversations: TypingIndicator, "twilio.ipmsg.typing_indicator").
          this.send(
            { method: "notification", message_type: "twilio.ipmsg.typing_indicator" },
            { channel_sid: conversationSid, identity: data.identity, typing_timeout: 5 },
          );
        }
        return;
      }
      for (const sync of syncEventsFor(sandbox, conversationSid, event)) {
        if (this.subscriptions.has(sync.objectSid)) this.deliver(sync);
      }
      // Removed from the conversation: its objects are no longer this identity's to follow.
      if (event.type === "participantRemoved" && (event.data as { identity?: string }).identity === this.identity) {
        for (const [sid, sub] of this.subscriptions)
          if ("conversationSid" in sub.target && sub.target.conversationSid === conversationSid)
            this.subscriptions.delete(sid);
      }
    });
    this.listeners.set(conversationSid, stop);
  }

  private deliver(sync: SyncEvent): void {
    this.notify({ event_type: sync.type, event: sync.event });
  }

  private notify(payload: Record<string, unknown>): void {
    this.send({ method: "notification", message_type: "twilio.sync.event" }, payload);
  }
}
