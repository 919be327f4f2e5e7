import "server-only";
import { Redis } from "ioredis";
import { getEnv } from "@/lib/env";
import {
  ChatStartLimiter,
  Cooldown,
  KEEP_CHATTING_EVERY_SECONDS,
  TranscriptLimiter,
  type LimiterStore,
} from "@/lib/rate-limit";

// One limiter per process, whichever bundle layer asks (as for the sandbox).
const KEY = Symbol.for("flex-webchat-next.chat-start-limiter");
const TRANSCRIPT_KEY = Symbol.for("flex-webchat-next.transcript-limiter");
const STORE_KEY = Symbol.for("flex-webchat-next.limiter-store");
const KEEP_KEY = Symbol.for("flex-webchat-next.keep-chatting");
type Holder = {
  [KEY]?: ChatStartLimiter;
  [TRANSCRIPT_KEY]?: TranscriptLimiter;
  [STORE_KEY]?: LimiterStore;
  [KEEP_KEY]?: Cooldown;
};

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
    console.warn(`Limits: Redis unreachable (${error.message}); counting in this instance's memory until it is back.`);
  });
  client.on("ready", () => (reported = false));
  return { kind: "redis", client };
}

export function chatStartLimiter(): ChatStartLimiter {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const env = getEnv();
    holder[KEY] = new ChatStartLimiter(env.chatLimits, sharedStore());
  }
  return holder[KEY];
}

/** One Redis connection (or memory) for every limiter of the process, and for the replies' due times. */
export function sharedStore(): LimiterStore {
  const holder = globalThis as Holder;
  holder[STORE_KEY] ??= store(getEnv().redisUrl);
  return holder[STORE_KEY];
}

export function transcriptLimiter(): TranscriptLimiter {
  const holder = globalThis as Holder;
  holder[TRANSCRIPT_KEY] ??= new TranscriptLimiter(sharedStore(), getEnv().transcriptRequestLimit);
  return holder[TRANSCRIPT_KEY];
}

/** "Keep chatting", per conversation. */
export function keepChattingCooldown(): Cooldown {
  const holder = globalThis as Holder;
  holder[KEEP_KEY] ??= new Cooldown(sharedStore(), "keep-chatting", KEEP_CHATTING_EVERY_SECONDS);
  return holder[KEEP_KEY];
}
