// A client component: the agent's live side of a conversation (sandbox only).
"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";
import { useFormStatus } from "react-dom";
import { endChatAsAgent, refreshConsoleToken } from "@/app/(site)/agent/actions";
import { Composer } from "@/components/chat/composer";
import { ConnectionBanner } from "@/components/chat/connection-banner";
import { ConversationLog } from "@/components/chat/conversation-log";
import { MediaList } from "@/components/chat/media-list";
import { useReadHorizon } from "@/components/chat/use-read-horizon";
import { useConversation } from "@/components/chat/use-conversation";
import type { OutboxItem } from "@/lib/chat/outbox";
import type { ActionResult } from "@/lib/actions/result";
import type { ChatMessage, ConversationState } from "@/lib/chat/types";
import { readByOthersUpTo } from "@/lib/chat/conversation-state";
import { automatedAuthors } from "@/lib/chat/authors";
import "@/components/chat/chat.css";

// The agent console sends directly; it has no offline outbox.
const NO_PENDING: OutboxItem[] = [];

/** What the agent's buttons do: the console's actions, or the demo's (app/(site)/demo/actions.ts). */
export type AgentActions = {
  refreshToken: (conversationSid: string) => Promise<ActionResult<string>>;
  /** A form action (the form names the conversation): it redirects to the page that shows wrap-up. */
  endChat: (formData: FormData) => Promise<void>;
};
const CONSOLE_ACTIONS: AgentActions = { refreshToken: refreshConsoleToken, endChat: endChatAsAgent };

type Props = {
  conversationSid: string;
  identity: string;
  visitorName: string;
  token: string;
  initialMessages: ChatMessage[];
  initialState: ConversationState;
  actions?: AgentActions;
};

export function AgentConversation({ visitorName, actions = CONSOLE_ACTIONS, ...props }: Props) {
  const { view, send, loadOlder, typing, mediaUrl, markRead } = useConversation({
    ...props,
    backend: "sandbox",
    refreshToken: () => actions.refreshToken(props.conversationSid),
  });
  useReadHorizon(view.messages, props.identity, markRead);
  // The console is English-only; the flow's bot is named as such so the agent sees what happened before the hand-off.
  const botKey = [...automatedAuthors(view.messages)].join("\n");
  const isBot = useCallback((author: string) => author === "system" || botKey.split("\n").includes(author), [botKey]);
  const nameOf = useCallback((author: string) => (isBot(author) ? "Bot" : visitorName), [isBot, visitorName]);
  const renderMedia = useCallback(
    (message: ChatMessage) => <MediaList media={message.media} mediaUrl={mediaUrl} />,
    [mediaUrl],
  );
  const router = useRouter();
  const closed = view.state === "closed";
  // Closed while open here (the visitor's End chat, a timer): the page reads the task again, in wrap-up with Complete.
  const closedAtLoad = useRef(props.initialState === "closed");
  useEffect(() => {
    if (closed && !closedAtLoad.current) {
      closedAtLoad.current = true;
      router.refresh();
    }
  }, [closed, router]);
  const visitorTyping = Object.keys(view.typing).some((who) => who !== props.identity);

  return (
    <section className="chat" aria-labelledby="agent-chat-title">
      <header className="chat-header">
        <div>
          <h1 id="agent-chat-title">Chat with {visitorName}</h1>
          <p className="chat-subtitle">
            {closed
              ? "Chat ended. Complete the task when your notes are done."
              : "You are the agent in this conversation."}
          </p>
        </div>
        {closed ? null : (
          // A form, so that a press before the page's scripts have run ends the chat too.
          <form action={actions.endChat}>
            <input type="hidden" name="conversationSid" value={props.conversationSid} />
            <EndButton />
          </form>
        )}
      </header>
      <ConnectionBanner status={view.status} reconnected={view.reconnected} />
      <ConversationLog
        messages={view.messages}
        pending={NO_PENDING}
        firstUnreadIndex={view.firstUnreadIndex}
        hasOlder={view.hasOlder}
        onLoadOlder={loadOlder}
        selfIdentity={props.identity}
        nameOf={nameOf}
        isBot={isBot}
        readByOthersUpTo={readByOthersUpTo(view.readHorizons, props.identity)}
        renderMedia={renderMedia}
        markdownFrom="self"
        emptyText="No messages yet."
      />
      <p className="typing" role="status">
        {visitorTyping && !closed ? `${visitorName} is typing…` : ""}
      </p>
      {closed ? (
        <p className="ended-note" role="status">
          This conversation is closed.
        </p>
      ) : (
        <Composer label="Reply" placeholder={`Reply to ${visitorName}…`} onSend={send} onTyping={typing} />
      )}
    </section>
  );
}

function EndButton() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className="button button-quiet button-danger-quiet" disabled={pending}>
      {pending ? "Ending…" : "End chat"}
    </button>
  );
}
