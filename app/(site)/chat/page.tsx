import { ChatScreen } from "@/components/chat-screen";

export default async function ChatPage({ searchParams }: { searchParams: Promise<{ ended?: string }> }) {
  return <ChatScreen surface="page" ended={(await searchParams).ended === "1"} />;
}
