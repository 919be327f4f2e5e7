import "server-only";
import { getEnv } from "@/lib/env";
import { Sandbox } from "@/lib/sandbox/sandbox";
import { SandboxStore } from "@/lib/sandbox/store";
import { loadFlowFile } from "@/lib/sandbox/studio/flow";

// Next may load this module once per bundle layer (route handlers, server actions, pages); the sandbox must be
// one per process, or a message posted by an action would not reach a stream opened by a route handler.
const KEY = Symbol.for("flex-webchat-next.sandbox");
type Holder = { [KEY]?: Sandbox };

/** The process's embedded sandbox. Only call in sandbox mode. */
export function getSandbox(): Sandbox {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const env = getEnv();
    if (env.mode !== "sandbox") throw new Error("The sandbox is only available when no Twilio variables are set");
    holder[KEY] = new Sandbox(new SandboxStore(env.sandboxDatabase), {
      clockSpeed: env.sandboxClockSpeed,
      publicOrigin: env.publicUrl?.origin,
      mediaOrigin: env.transcripts?.webhookOrigin,
      studioFlow: env.studioFlowPath ? loadFlowFile(env.studioFlowPath) : undefined,
    });
  }
  return holder[KEY];
}
