// A client hook: code the chat needs only after it is ready for typing, fetched when the page is next idle.
"use client";

import { useEffect, useState } from "react";

/**
 * A module fetched once the page is idle after the first render (or at once when `now` turns true), so what the
 * visitor needs first is not held up by it. `load` must be a module-level function: it is called once per mount.
 * Null until the module has arrived; a failed fetch is tried again when `now` turns true.
 */
export function useIdleModule<T>(load: () => Promise<T>, now = false): T | null {
  const [loaded, setLoaded] = useState<T | null>(null);
  useEffect(() => {
    if (loaded) return;
    let live = true;
    const fetchIt = () =>
      load().then(
        (m) => live && setLoaded(() => m),
        () => {},
      );
    if (now) {
      fetchIt();
      return () => void (live = false);
    }
    const idle =
      typeof requestIdleCallback === "function"
        ? requestIdleCallback(fetchIt, { timeout: 2_000 })
        : setTimeout(fetchIt, 200);
    return () => {
      live = false;
      if (typeof cancelIdleCallback === "function" && typeof idle === "number") cancelIdleCallback(idle);
      else clearTimeout(idle);
    };
  }, [load, now, loaded]);
  return loaded;
}
