"use client";

import { useSyncExternalStore } from "react";
import { bridgeState, serverBridgeState, subscribeBridge } from "@/lib/embed/bridge";

/** The embed bridge's state: whether the host page shows the panel, and what it asked to prefill. */
export function useHostState() {
  return useSyncExternalStore(subscribeBridge, bridgeState, serverBridgeState);
}
