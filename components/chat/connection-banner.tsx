import type { ConnectionStatus } from "@/lib/chat/types";

/** The live connection's state in words; quiet while all is well. */
export function ConnectionBanner({ status, reconnected }: { status: ConnectionStatus; reconnected: boolean }) {
  let text: string | null = null;
  let tone = "info";
  if (status === "disconnected") {
    text = "Connection lost. Reconnecting… Messages you send will fail until we're back.";
    tone = "warning";
  } else if (status === "denied") {
    text = "We can't connect you to this chat any more. Please reload the page or start a new chat.";
    tone = "error";
  } else if (reconnected) {
    text = "You're back online.";
    tone = "success";
  }
  return (
    <div className={`banner banner-${tone}`} role="status" hidden={text === null}>
      {text}
    </div>
  );
}
