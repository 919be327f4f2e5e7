// A client component: the demo's agent side looks again every few seconds while it waits for the visitor's side.
"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Refreshes the page's server-rendered state every `everyMs` while mounted (the demo's two sides are two frames). */
export function DemoRefresh({ everyMs = 2_000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}
