// A client hook: while no agent has joined, where the visitor stands in the queue (app/api/chat/queue).
"use client";

import { useEffect, useState } from "react";

export type QueuePlace = { position: number; usualWaitSeconds: number | null };

/** How often a waiting visitor asks (the server shares its TaskRouter reads per queue, lib/twilio/queue.ts). */
const POLL_MS = 5_000;

/** The visitor's place while `waiting`; null until known, when not waiting, or when the server cannot say. */
export function useQueuePlace(waiting: boolean): QueuePlace | null {
  const [place, setPlace] = useState<QueuePlace | null>(null);
  useEffect(() => {
    if (!waiting) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      if (document.visibilityState === "visible") {
        try {
          const response = await fetch("/api/chat/queue", { cache: "no-store" });
          const body = response.ok ? ((await response.json()) as { waiting: boolean } & Partial<QueuePlace>) : null;
          if (!stopped) {
            setPlace(
              body?.waiting && typeof body.position === "number"
                ? { position: body.position, usualWaitSeconds: body.usualWaitSeconds ?? null }
                : null,
            );
          }
        } catch {
          // Offline: the connection banner says so; the last place known stays.
        }
      }
      if (!stopped) timer = setTimeout(() => void ask(), POLL_MS);
    };
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
      setPlace(null);
    };
  }, [waiting]);
  return waiting ? place : null;
}
