// A client module: the parts of the live chat it needs only once it is ready (components/chat/chat-view.tsx).
"use client";

export { IdlePrompt } from "@/components/chat/idle-prompt";
export { EndedPanel } from "@/components/chat/ended-panel";
export { HostReports } from "@/components/embed/use-host-reports";
