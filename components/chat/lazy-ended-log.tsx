// A client module: the ended conversation's log as a chunk of its own (with link detection), loaded only by a page
// that shows an ended chat, never with the pre-engagement form on the same route.
"use client";

import dynamic from "next/dynamic";

export const EndedLog = dynamic(() => import("@/components/chat/ended-log").then((m) => m.EndedLog));
