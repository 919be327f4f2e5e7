import "server-only";
import { LRUCache } from "lru-cache";

/**
 * The other participants' names for one conversation, looked up at most once every 10 s however often a page asks
 * (each lookup is 1 + N calls to Twilio): a visitor's page asks when someone new joins, and a hostile one could ask
 * in a loop. Failed lookups are not kept.
 */
const names = new LRUCache<string, Promise<Record<string, string>>>({ max: 5_000, ttl: 10_000 });

export function agentNamesOnce(
  conversationSid: string,
  load: () => Promise<Record<string, string>>,
): Promise<Record<string, string>> {
  const cached = names.get(conversationSid);
  if (cached) return cached;
  const loading = load().catch(() => {
    names.delete(conversationSid);
    return {};
  });
  names.set(conversationSid, loading);
  return loading;
}
