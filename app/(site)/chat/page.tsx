import type { Metadata } from "next";
import { ChatScreen } from "@/components/chat-screen";

export const metadata: Metadata = { title: "Chat" };

export default async function ChatPage({ searchParams }: { searchParams: Promise<{ ended?: string }> }) {
  return <ChatScreen surface="page" ended={(await searchParams).ended === "1"} />;
}
