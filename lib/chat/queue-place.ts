/** Where a waiting visitor stands: their place in line, and how long agents usually take (seconds), if known. */
export type QueuePlace = { position: number; usualWaitSeconds: number | null };

/** The chat's own route for it (app/api/chat/queue), read the same way on both backends. */
export const QUEUE_PLACE_PATH = "/api/chat/queue";

/**
 * Asks the server where the visitor of this cookie stands. Null when they are not waiting, or when the server cannot
 * say; throws when the network fails (the caller keeps what it knew).
 */
export async function fetchQueuePlace(): Promise<QueuePlace | null> {
  const response = await fetch(QUEUE_PLACE_PATH, { cache: "no-store" });
  const body = response.ok ? ((await response.json()) as { waiting: boolean } & Partial<QueuePlace>) : null;
  return body?.waiting && typeof body.position === "number"
    ? { position: body.position, usualWaitSeconds: body.usualWaitSeconds ?? null }
    : null;
}
