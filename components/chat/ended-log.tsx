// A client component: the finished conversation, read-only, scrolled to its end (the visitor was last there).
"use client";

import { useTranslations } from "next-intl";
import { useLayoutEffect, useRef } from "react";
import { LocalTime } from "@/components/local-time";
import { MessageBody } from "@/components/chat/message-body";
import type { ChatMessage } from "@/lib/chat/types";
import { authorKind } from "@/lib/chat/authors";
import "./log.css";

type Props = {
  messages: ChatMessage[];
  identity: string;
  /** Agents' display names by identity (AGENT_NAMES=friendly), else "Agent". */
  agentNames: Record<string, string>;
};

/** No live connection: the messages as they ended, attachments by name (their links need a live chat). */
export function EndedLog({ messages, identity, agentNames }: Props) {
  const t = useTranslations("log");
  const tChat = useTranslations("chat");
  const list = useRef<HTMLOListElement>(null);
  useLayoutEffect(() => {
    const scroller = list.current?.parentElement;
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  }, []);
  const kind = authorKind(messages, identity);
  const nameOf = (author: string) => {
    const who = kind(author);
    return who === "agent" ? (agentNames[author] ?? tChat("agent")) : tChat(who);
  };
  return (
    <div className="chat-scroll ended-scroll" tabIndex={0} role="region" aria-label={t("label")}>
      <ol ref={list} className="message-list ended-list">
        {messages.map((message, i) => {
          const own = message.author === identity;
          const groupStart = i === 0 || messages[i - 1]!.author !== message.author;
          return (
            <li key={message.sid || message.index}>
              <div
                className={`message ${own ? "message-own" : "message-other"}${groupStart ? " message-group-start" : ""}`}
              >
                <div className={groupStart ? "message-meta" : "visually-hidden"}>
                  <span className="message-author">{nameOf(message.author)}</span>
                  <span aria-hidden="true"> · </span>
                  <LocalTime iso={message.dateCreated} />
                </div>
                <MessageBody text={message.body} markdown={!own} />
                {message.media.map((file) => (
                  <p key={file.sid} className="message-body ended-file">
                    📎 {file.filename}
                  </p>
                ))}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
