// A client hook: while no agent has joined, where the visitor stands in the queue (through lib/chat/queue-place.ts).
"use client";

import { useEffect, useState } from "react";
import { fetchQueuePlace, type QueuePlace } from "@/lib/chat/queue-place";

export type { QueuePlace };

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
          const known = await fetchQueuePlace();
          if (!stopped) setPlace(known);
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
