import type { ConversationsSdk } from "@/lib/chat/twilio-connection";
import type { Backend, ChatConnection, ConnectOptions } from "@/lib/chat/types";

/**
 * Starts downloading the chunks {@link openChatConnection} will need, without running anything: called once the
 * pre-engagement form is shown to the visitor, so the chat is live sooner after Start chat.
 */
export function preloadChatConnection(backend: Backend): void {
  const loads: Promise<unknown>[] =
    backend === "sandbox"
      ? [import("@/lib/chat/sandbox-connection")]
      : [import("@/lib/chat/twilio-connection"), import("@twilio/conversations")];
  // A failed preload is retried by openChatConnection itself.
  for (const load of loads) load.catch(() => {});
}

/**
 * Opens the chat seam for the configured backend. Each implementation is a separate chunk loaded on demand, so a
 * page only downloads the one it uses (the Twilio SDK alone is ~130 KB gzip).
 */
export async function openChatConnection(backend: Backend, options: ConnectOptions): Promise<ChatConnection> {
  if (backend === "sandbox") {
    const { SandboxConnection } = await import("@/lib/chat/sandbox-connection");
    return new SandboxConnection(options);
  }
  const [{ TwilioConnection }, sdk] = await Promise.all([
    import("@/lib/chat/twilio-connection"),
    import("@twilio/conversations"),
  ]);
  return new TwilioConnection(options, sdk as unknown as ConversationsSdk);
}
