import "server-only";
import { Redis } from "ioredis";
import { getEnv } from "@/lib/env";
import { ChatStartLimiter, type LimiterStore } from "@/lib/rate-limit";

// One limiter per process, whichever bundle layer asks (as for the sandbox).
const KEY = Symbol.for("flex-webchat-next.chat-start-limiter");
type Holder = { [KEY]?: ChatStartLimiter };

function store(redisUrl: string | undefined): LimiterStore {
  if (!redisUrl) return { kind: "memory" };
  const client = new Redis(redisUrl, {
    // Fail fast while disconnected: the limiter then counts in memory until Redis is back.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
  });
  let reported = false;
  client.on("error", (error: Error) => {
    if (reported) return;
    reported = true;
    console.warn(`Chat-start limits: Redis unreachable (${error.message}); counting in this instance's memory until it is back.`);
  });
  client.on("ready", () => (reported = false));
  return { kind: "redis", client };
}

export function chatStartLimiter(): ChatStartLimiter {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const env = getEnv();
    holder[KEY] = new ChatStartLimiter(env.chatLimits, store(env.redisUrl));
  }
  return holder[KEY];
}
