// The chat's side of the embed protocol, in the iframe. One per page: the embed page installs it, hooks read it.
import { CHAT_SOURCE, readHostMessage, type ChatMessageToHost, type PageContext } from "@/lib/embed/protocol";

type Prefill = Record<string, string | boolean>;
/** `page`: the host page the visitor is on, as the host last said. */
/** `invitation`: the greeting of the site's invitation the visitor accepted, to open their chat. */
export type BridgeState = {
  connected: boolean;
  open: boolean;
  prefill: Prefill | null;
  page: PageContext | null;
  invitation: string | null;
};

const SERVER_STATE: BridgeState = { connected: false, open: true, prefill: null, page: null, invitation: null };
let state: BridgeState = SERVER_STATE;
let hostOrigin: string | null = null;
const listeners = new Set<() => void>();

function set(next: Partial<BridgeState>) {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

export function subscribeBridge(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const bridgeState = () => state;
export const serverBridgeState = () => SERVER_STATE;

type Payload<T> = T extends unknown ? Omit<T, "source"> : never;

/** Tells the host page something; nothing happens outside an iframe of an allowed host. */
export function postToHost(message: Payload<ChatMessageToHost>): void {
  if (!hostOrigin || window.parent === window) return;
  window.parent.postMessage({ source: CHAT_SOURCE, ...message }, hostOrigin);
}

/**
 * Listens to the host page at `origin` (checked by the server against the allow-list). Messages from any other
 * origin or window, or of any other shape, are dropped. Returns the teardown.
 */
export function connectBridge(
  origin: string,
  ready: Payload<Extract<ChatMessageToHost, { type: "ready" }>>,
): () => void {
  if (window.parent === window) return () => {};
  hostOrigin = origin;
  const onMessage = (event: MessageEvent) => {
    if (event.origin !== origin || event.source !== window.parent) return;
    const message = readHostMessage(event.data);
    if (!message) return;
    if (message.type === "visibility") set({ open: message.open });
    else if (message.type === "page") set({ page: { path: message.path, title: message.title } });
    else if (message.type === "invitation") set({ invitation: message.message });
    else set({ prefill: message.values });
  };
  window.addEventListener("message", onMessage);
  // Until the host says otherwise, the panel is closed: the launcher loads the chat before it is opened.
  set({ connected: true, open: false });
  postToHost(ready);
  return () => {
    window.removeEventListener("message", onMessage);
    hostOrigin = null;
    set(SERVER_STATE);
  };
}
