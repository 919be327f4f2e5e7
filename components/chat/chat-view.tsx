// A client component: the live conversation of a visitor.
"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { fetchAgentNames, refreshToken } from "@/app/actions";
import { Composer } from "@/components/chat/composer";
import { ConnectionBanner } from "@/components/chat/connection-banner";
import { ChatMenu } from "@/components/chat/chat-menu";
import { EndChatDialog, type EndChatDialogHandle } from "@/components/chat/end-chat-dialog";
import { Avatar } from "@/components/chat/avatar";
import { BrandLogo } from "@/components/brand-logo";
import { ConversationLog, conversationLogWarmUps } from "@/components/chat/conversation-log";
import { localTimeWarmUps } from "@/components/local-time";
import { warmLinkify } from "@/lib/chat/linkify";
import { MediaList } from "@/components/chat/media-list";
import { preloadMarkdown } from "@/components/chat/message-body";
import { useAttachments } from "@/components/chat/use-attachments";
import { useAttention } from "@/components/chat/use-attention";
import { useReadHorizon } from "@/components/chat/use-read-horizon";
import { useConversation, type ConversationOptions } from "@/components/chat/use-conversation";
import { useOutbox } from "@/components/chat/use-outbox";
import { useQueuePlace } from "@/components/chat/use-queue-place";
import type { IdleTimer } from "@/components/chat/use-idle-prompt";
import { useIdleModule } from "@/components/chat/use-idle-module";
import { useVisualViewport } from "@/components/chat/use-visual-viewport";
import type { AttachmentPolicy } from "@/lib/chat/attachments";
import type { ChatMessage } from "@/lib/chat/types";
import { isEmbedded, type Surface } from "@/lib/surface";
import { readByOthersUpTo } from "@/lib/chat/conversation-state";
import { automatedAuthors } from "@/lib/chat/authors";
import "./chat.css";

type Props = Omit<ConversationOptions, "refreshToken"> & {
  surface: Surface;
  attachmentPolicy: AttachmentPolicy;
  /** Display names of agents by identity (empty: every agent shows as "Agent", so internal names never leak). */
  agentNames: Record<string, string>;
  /** AGENT_NAMES=friendly: an agent who joins later is named too (asked of the server when they appear). */
  liveAgentNames: boolean;
  /** The closed timer, for "Still there?" before it ends an idle chat. */
  idleTimer?: IdleTimer;
  /** The brand's logo beside the title (widgetConfig.brand.logo); null: none. */
  logo: string | null;
  /** Left as a message while no one answered: the address the reply was promised to. */
  leftMessageFor?: string;
  /** A known visitor's earlier chats. */
  historyHref?: string;
};

// What the chat needs only once it is ready — "Still there?", the ended panel, the reports to an embedding page — as
// a chunk of its own, fetched at idle (or when the chat closes).
const loadLater = () => import("@/components/chat/chat-later");

const RECONNECTED_NOTICE_MS = 4_000;
const NO_ONE: string[] = [];

/**
 * Names for the others in the chat: those the server rendered, and — for each participant who appears later (an agent
 * accepting after the page loaded) — what the server says once asked. Each identity is asked about once.
 */
function useAgentNames(initial: Record<string, string>, others: string[]) {
  const [names, setNames] = useState(initial);
  const asked = useRef(new Set(Object.keys(initial)));
  useEffect(() => {
    const unknown = others.filter((who) => !asked.current.has(who));
    if (unknown.length === 0) return;
    for (const who of unknown) asked.current.add(who);
    fetchAgentNames().then(
      (found) => {
        if (found.ok) setNames((current) => ({ ...current, ...found.value }));
      },
      () => {},
    );
  }, [others]);
  return names;
}

/**
 * What the chat's first render would otherwise do first, as steps to run ahead: Intl formatters and linkify's
 * patterns cost tens of milliseconds to build once per page: done in one go, long enough to hold up a click or a
 * key that came meanwhile. The form runs them one per idle moment while
 * the visitor has it on screen, so Start chat's answer renders without that wait.
 */
export function chatViewWarmUps(locale: string): Array<() => void> {
  return [...localTimeWarmUps(locale), ...conversationLogWarmUps(locale), warmLinkify];
}

export function ChatView(props: Props) {
  const t = useTranslations("chat");
  const tLog = useTranslations("log");
  const tComposer = useTranslations("composer");
  const { view, send, latestMessages, loadOlder, typing, mediaUrl, markRead, dismissReconnected } = useConversation({
    ...props,
    refreshToken,
  });
  const outbox = useOutbox({
    conversationSid: props.conversationSid,
    ready: view.status === "connected" && view.snapshotSeen && view.state !== "closed",
    closed: view.state === "closed",
    messages: view.messages,
    send,
    latestMessages,
    describe: tLog,
  });
  useReadHorizon(view.messages, props.identity, markRead);
  useVisualViewport();
  const files = useAttachments(props.attachmentPolicy);

  useEffect(() => {
    if (!view.reconnected) return;
    const timer = setTimeout(dismissReconnected, RECONNECTED_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [view.reconnected, dismissReconnected]);

  const closed = view.state === "closed";
  const endDialog = useRef<EndChatDialogHandle>(null);
  const endDialogId = useId();
  const queuePlace = useQueuePlace(!closed && view.snapshotSeen && view.others.length === 0);
  const later = useIdleModule(loadLater, closed);
  const typist = Object.keys(view.typing).find((who) => who !== props.identity);
  const agentNames = useAgentNames(props.agentNames, props.liveAgentNames ? view.others : NO_ONE);
  // Keyed by the set's contents, so a new message re-renders no other row unless it brings a new bot author.
  const botKey = [...automatedAuthors(view.messages)].join("\n");
  const bots = useMemo(() => new Set(botKey ? botKey.split("\n") : []), [botKey]);
  const isBot = useCallback((author: string) => bots.has(author) || author === "system", [bots]);
  const nameOf = useCallback(
    (author: string) => (isBot(author) ? t("bot") : (agentNames[author] ?? t("agent"))),
    [agentNames, isBot, t],
  );
  const renderMedia = useCallback(
    (message: ChatMessage) => <MediaList media={message.media} mediaUrl={mediaUrl} />,
    [mediaUrl],
  );
  const attention = useAttention({
    conversationSid: props.conversationSid,
    self: props.identity,
    messages: view.messages,
    readHorizon: view.readHorizons[props.identity],
    nameOf,
  });
  const agentReadUpTo = readByOthersUpTo(view.readHorizons, props.identity);
  // Someone who may write Markdown has joined: fetch its renderer now, not when their first message needs it.
  const anotherJoined = view.others.length > 0;
  useEffect(() => {
    if (anotherJoined) preloadMarkdown();
  }, [anotherJoined]);

  return (
    <section
      className="chat"
      aria-labelledby="chat-title"
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes("Files")) event.preventDefault();
      }}
      onDrop={(event) => {
        if (event.dataTransfer.files.length === 0 || view.state === "closed") return;
        event.preventDefault();
        files.add(Array.from(event.dataTransfer.files));
      }}
    >
      <header className="chat-header">
        <BrandLogo src={props.logo} />
        <div className="chat-heading">
          <h1 id="chat-title">{t("title")}</h1>
          <p className="chat-subtitle" role="status">
            {closed
              ? t("closedSubtitle")
              : !view.snapshotSeen
                ? t("subtitle")
                : view.others[0]
                  ? t("chattingWith", { name: nameOf(view.others[0]) })
                  : bots.size > 0 && !queuePlace
                    ? t("withBot")
                    : t("waiting")}
          </p>
          {queuePlace ? (
            <p className="chat-queue" role="status">
              {queuePlace.position === 1 ? t("queueNext") : t("queuePosition", { position: queuePlace.position })}
              {queuePlace.usualWaitSeconds !== null
                ? ` ${t("queueUsualWait", { minutes: Math.max(1, Math.round(queuePlace.usualWaitSeconds / 60)) })}`
                : ""}
            </p>
          ) : null}
        </div>
        <div className="chat-actions">
          <ChatMenu
            soundOn={attention.soundOn}
            onToggleSound={attention.toggleSound}
            // Browsers refuse notification prompts from another site's iframe.
            canAskNotifications={!closed && attention.notifications === "default" && !isEmbedded(props.surface)}
            onAskNotifications={() => void attention.askForNotifications()}
            onEndChat={closed ? undefined : () => endDialog.current?.open()}
            endDialogId={endDialogId}
            historyHref={props.historyHref}
          />
        </div>
      </header>
      <EndChatDialog id={endDialogId} surface={props.surface} ref={endDialog} />
      {props.leftMessageFor && !closed && view.others.length === 0 ? (
        <p className="banner banner-success" role="status">
          {t("messageLeft", { email: props.leftMessageFor })}
        </p>
      ) : null}
      <ConnectionBanner status={view.status} reconnected={view.reconnected} />
      <ConversationLog
        messages={view.messages}
        pending={outbox.pending}
        systemLines={view.systemLines}
        firstUnreadIndex={view.firstUnreadIndex}
        hasOlder={view.hasOlder}
        onLoadOlder={loadOlder}
        onRetry={outbox.retry}
        selfIdentity={props.identity}
        nameOf={nameOf}
        isBot={isBot}
        readByOthersUpTo={agentReadUpTo}
        renderMedia={renderMedia}
        emptyText={t("empty")}
      />
      {/* Where the next message will appear: the typist's avatar and an animated bubble; the words for screen readers. */}
      <div className="typing" role="status">
        {typist && !closed ? (
          <>
            <Avatar name={nameOf(typist)} />
            <span className="typing-bubble" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            <span className="visually-hidden">{t("typing", { name: nameOf(typist) })}</span>
          </>
        ) : null}
      </div>
      {later ? (
        <later.IdlePrompt
          conversationSid={props.conversationSid}
          lastMessageAt={view.messages.at(-1)?.dateCreated}
          timer={props.idleTimer}
          active={!closed && view.snapshotSeen}
        />
      ) : null}
      {later ? (
        <later.HostReports
          enabled={isEmbedded(props.surface)}
          messages={view.messages}
          self={props.identity}
          closed={closed}
          nameOf={nameOf}
        />
      ) : null}
      {closed && later ? (
        <later.EndedPanel transcript rating surface={props.surface} historyHref={props.historyHref} />
      ) : null}
      <Composer
        label={tComposer("label")}
        placeholder={tComposer("placeholder")}
        ended={closed}
        onSend={async (body) => outbox.add(body)}
        onTyping={typing}
        attachments={{
          ...files,
          accept: props.attachmentPolicy.types.join(","),
          // Flex web chat takes one file per message and never text with a file (lib/flex-limits.ts): each file goes
          // alone and leaves the tray once sent, so a failure keeps only what is left; the words follow as a message.
          send: async (body, picked, onProgress) => {
            for (const [i, file] of picked.entries()) {
              await send("", { files: [file], onProgress: (fraction) => onProgress((i + fraction) / picked.length) });
              files.remove(file);
            }
            if (body) outbox.add(body);
          },
        }}
      />
    </section>
  );
}
