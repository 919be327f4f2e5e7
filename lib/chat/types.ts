/**
 * The chat seam: what the UI knows of a live conversation. Two implementations sit behind it —
 * lib/chat/sandbox-connection.ts (the embedded sandbox) and, in Twilio mode, one on @twilio/conversations.
 * UI components import only this file and lib/chat/connect.ts.
 */

export type Backend = "sandbox" | "twilio";

export type ConversationState = "active" | "inactive" | "closed";

export type ConnectionStatus = "connecting" | "connected" | "disconnected" | "denied";

export type ChatMedia = { sid: string; filename: string; contentType: string; size: number };

export type ChatMessage = {
  sid: string;
  index: number;
  author: string;
  body: string;
  /** ISO 8601. */
  dateCreated: string;
  attributes: Record<string, unknown>;
  media: ChatMedia[];
  /**
   * Sent by no participant of the conversation: the address's Studio flow (a bot) or a system message. Twilio's
   * Message resource: `participant_sid` is "Null in case of `system` sent message"; Studio is never a participant.
   */
  automated?: boolean;
};

export type ChatEvent =
  | {
      type: "snapshot";
      messages: ChatMessage[];
      state: ConversationState;
      readHorizons: Record<string, number>;
      /** Everyone in the conversation now, by identity. */
      participants: string[];
    }
  /** Someone joined the conversation (an agent accepting the chat). */
  | { type: "participantJoined"; identity: string }
  /** Someone left it (an agent transferring, leaving or wrapping up). */
  | { type: "participantLeft"; identity: string }
  | { type: "messageAdded"; message: ChatMessage }
  | { type: "typing"; identity: string }
  | { type: "readHorizon"; identity: string; index: number }
  | { type: "stateChanged"; state: ConversationState }
  | { type: "connection"; status: ConnectionStatus }
  /** The token expires soon: fetch a fresh one from the server and call updateToken. */
  | { type: "tokenAboutToExpire" }
  /** The token is no longer accepted: fetch a fresh one from the server and call updateToken. */
  | { type: "tokenExpired" };

export type ConnectOptions = {
  conversationSid: string;
  identity: string;
  token: string;
  /** Twilio mode: the account's region ("us1", the one Flex runs in); the SDK connects to us1 unless told. */
  region?: string;
  /**
   * SANDBOX_CLIENT=sdk: where the SDK's websocket goes instead of Twilio's — the sandbox's twilsock endpoint, as a
   * path on this site (or a full ws:// URL, in tests).
   */
  twilsock?: string;
};

export type SendOptions = {
  attributes?: Record<string, unknown>;
  files?: File[];
  /** Upload progress of the files, from 0 to 1. */
  onProgress?: (fraction: number) => void;
};

export interface ChatConnection {
  /** Start receiving events; the first is a snapshot of state, latest messages and read horizons. */
  connect(): void;
  subscribe(listener: (event: ChatEvent) => void): () => void;
  sendMessage(body: string, options?: SendOptions): Promise<ChatMessage>;
  /** A short-lived URL for one attachment of a message this participant can see. */
  mediaUrl(mediaSid: string): Promise<string>;
  /** Tell the others that this participant is typing (call on keystrokes; implementations throttle). */
  typing(): void;
  setReadHorizon(index: number): Promise<void>;
  /** The conversation's latest messages as the backend holds them now, oldest first (not from any cache). */
  latestMessages(count: number): Promise<ChatMessage[]>;
  /** Up to `pageSize` messages older than `beforeIndex`, oldest first, and whether there are more. */
  loadOlder(beforeIndex: number, pageSize?: number): Promise<{ messages: ChatMessage[]; hasMore: boolean }>;
  updateToken(token: string): Promise<void>;
  /** Stop everything and release the connection. Safe to call twice. */
  close(): void;
}

export const MESSAGE_MAX_LENGTH = 4000;
/** How many of the latest messages a chat opens with (rendered into the page, and the live snapshot). */
export const INITIAL_HISTORY = 50;
/** How many older messages each step back through the history loads. */
export const HISTORY_PAGE_SIZE = 30;
/** How long a visitor's comment on a chat may be (the rating form and its server action share it). */
export const RATING_COMMENT_MAX = 500;
