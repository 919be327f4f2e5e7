import type { ChatEvent, ChatMessage, ConnectionStatus, ConversationState } from "@/lib/chat/types";

/** What the chat UI shows, derived from the seam's events by a pure reducer. */
export type ChatViewState = {
  messages: ChatMessage[];
  state: ConversationState;
  status: ConnectionStatus;
  /** True after the stream came back from a drop, until the notice is dismissed. */
  reconnected: boolean;
  readHorizons: Record<string, number>;
  /** Who is typing, with when we last heard it (ms). */
  typing: Record<string, number>;
  /** Whether messages older than the first one held exist. */
  hasOlder: boolean;
  /** Where the "New messages" divider goes: set once, from the first snapshot, and kept while the page lives. */
  firstUnreadIndex: number | null;
  snapshotSeen: boolean;
  /** Whose view this is (to tell the visitor's own messages from the others'). */
  self: string;
  /** Everyone else in the conversation (known from the first snapshot on): who has joined the visitor. */
  others: string[];
  /**
   * "Ana joined the chat" lines, as they happen while the page is open (Twilio keeps no record of them to replay):
   * each sits after the message that was the newest then.
   */
  systemLines: SystemLine[];
};

export type SystemLine = { key: string; kind: "joined" | "left"; identity: string; afterIndex: number };

export type ChatAction =
  | ChatEvent
  | { type: "sent"; message: ChatMessage }
  | { type: "typingExpired"; identity: string }
  | { type: "reconnectedSeen" }
  | { type: "olderLoaded"; messages: ChatMessage[]; hasOlder: boolean };

/** Messages by index, oldest first, each once: the same message may come from SSR, a snapshot, a send and live. */
/** How far the others in the chat have read (the highest of their read horizons), or -1: the "Read" mark. */
export function readByOthersUpTo(readHorizons: Record<string, number>, self: string): number {
  return Math.max(-1, ...Object.entries(readHorizons).flatMap(([who, index]) => (who === self ? [] : [index])));
}

export function mergeMessages(current: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return current;
  const byIndex = new Map(current.map((m) => [m.index, m]));
  for (const message of incoming) {
    // A send's own answer (no SID yet: the SDK answers only the index) never replaces the message itself, which the
    // SDK may deliver first — with its attachments. Found running the real SDK against the sandbox.
    if (message.sid === "" && byIndex.get(message.index)?.sid) continue;
    byIndex.set(message.index, message);
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

function without(typing: Record<string, number>, identity: string): Record<string, number> {
  if (!(identity in typing)) return typing;
  const next = { ...typing };
  delete next[identity];
  return next;
}

export function initialChatState(messages: ChatMessage[], state: ConversationState, self = ""): ChatViewState {
  return {
    messages,
    state,
    status: "connecting",
    reconnected: false,
    readHorizons: {},
    typing: {},
    hasOlder: (messages[0]?.index ?? 0) > 0,
    firstUnreadIndex: null,
    snapshotSeen: false,
    self,
    others: [],
    systemLines: [],
  };
}

/**
 * The first message from someone else after this participant's read horizon, if any. Writing is reading: whatever
 * came before the participant's own latest message was on their screen when they wrote it (an invitation they
 * accepted, say), so it is never new.
 */
function firstUnread(messages: ChatMessage[], self: string, horizon: number | undefined): number | null {
  const lastOwn = messages.findLast((m) => m.author === self)?.index ?? -1;
  const seen = Math.max(horizon ?? -1, lastOwn);
  return messages.find((m) => m.author !== self && m.index > seen)?.index ?? null;
}

export function chatReducer(view: ChatViewState, action: ChatAction): ChatViewState {
  switch (action.type) {
    case "snapshot": {
      // A snapshot a gap away from what is shown (a client that was away long enough to miss more than it can
      // replay) replaces it: the log never shows a hole; the older pages load again on scroll.
      const newest = view.messages.at(-1)?.index;
      const oldest = action.messages[0]?.index;
      const gap = newest !== undefined && oldest !== undefined && oldest > newest + 1;
      const messages = gap ? action.messages : mergeMessages(view.messages, action.messages);
      return {
        ...view,
        messages,
        state: action.state,
        readHorizons: { ...view.readHorizons, ...action.readHorizons },
        hasOlder: view.hasOlder || (messages[0]?.index ?? 0) > 0,
        firstUnreadIndex: view.snapshotSeen
          ? view.firstUnreadIndex
          : firstUnread(messages, view.self, action.readHorizons[view.self]),
        snapshotSeen: true,
        others: action.participants.filter((who) => who !== view.self),
      };
    }
    case "participantJoined": {
      if (action.identity === view.self || view.others.includes(action.identity)) return view;
      const line: SystemLine = {
        key: `joined-${action.identity}-${view.systemLines.length}`,
        kind: "joined",
        identity: action.identity,
        afterIndex: view.messages.at(-1)?.index ?? -1,
      };
      return { ...view, others: [...view.others, action.identity], systemLines: [...view.systemLines, line] };
    }
    case "participantLeft": {
      if (!view.others.includes(action.identity)) return view;
      const line: SystemLine = {
        key: `left-${action.identity}-${view.systemLines.length}`,
        kind: "left",
        identity: action.identity,
        afterIndex: view.messages.at(-1)?.index ?? -1,
      };
      return {
        ...view,
        others: view.others.filter((who) => who !== action.identity),
        systemLines: [...view.systemLines, line],
      };
    }
    case "olderLoaded":
      return { ...view, messages: mergeMessages(view.messages, action.messages), hasOlder: action.hasOlder };
    case "messageAdded":
    case "sent":
      return {
        ...view,
        messages: mergeMessages(view.messages, [action.message]),
        typing: without(view.typing, action.message.author),
      };
    case "typing":
      return { ...view, typing: { ...view.typing, [action.identity]: Date.now() } };
    case "typingExpired":
      return { ...view, typing: without(view.typing, action.identity) };
    case "readHorizon":
      return {
        ...view,
        readHorizons: {
          ...view.readHorizons,
          [action.identity]: Math.max(action.index, view.readHorizons[action.identity] ?? -1),
        },
      };
    case "stateChanged":
      return { ...view, state: action.state };
    case "connection":
      return {
        ...view,
        status: action.status,
        reconnected: action.status === "connected" && view.status === "disconnected",
      };
    case "reconnectedSeen":
      return { ...view, reconnected: false };
    case "tokenAboutToExpire":
    case "tokenExpired":
      return view;
  }
}
