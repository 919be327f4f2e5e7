import "server-only";
import { getEnv } from "@/lib/env";
import { ChatStartLimiter } from "@/lib/rate-limit";

// One limiter per process, whichever bundle layer asks (as for the sandbox).
const KEY = Symbol.for("flex-webchat-next.chat-start-limiter");
type Holder = { [KEY]?: ChatStartLimiter };

export function chatStartLimiter(): ChatStartLimiter {
  const holder = globalThis as Holder;
  holder[KEY] ??= new ChatStartLimiter(getEnv().chatLimits);
  return holder[KEY];
}
