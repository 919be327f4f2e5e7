import { ChatScreen, historyParam } from "@/app/_components/chat-screen";

export default async function ChatPage({
  searchParams,
}: {
  searchParams: Promise<{ ended?: string; context?: string; link?: string; history?: string }>;
}) {
  const params = await searchParams;
  // ?link=: an email's link back to a chat that could not be followed (lib/replies/link.ts).
  const link = params.link === "expired" || params.link === "invalid" ? params.link : undefined;
  return (
    <ChatScreen
      surface="page"
      ended={params.ended === "1"}
      context={params.context}
      link={link}
      history={historyParam(params.history)}
    />
  );
}
