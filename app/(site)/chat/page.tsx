import { ChatScreen } from "@/app/_components/chat-screen";

export default async function ChatPage({
  searchParams,
}: {
  searchParams: Promise<{ ended?: string; context?: string }>;
}) {
  const params = await searchParams;
  return <ChatScreen surface="page" ended={params.ended === "1"} context={params.context} />;
}
