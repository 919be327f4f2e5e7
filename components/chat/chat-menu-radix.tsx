// A client component: the chat's ⋯ menu (sound, notifications, transcript, earlier chats, end chat), loaded by
// chat-menu.tsx.
"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { useTranslations } from "next-intl";
import { useRef } from "react";
import { MenuDots } from "@/components/chat/menu-dots";
import "./chat.css";

export type ChatMenuProps = {
  soundOn: boolean;
  onToggleSound: () => void;
  /** Offered only while the browser would still ask (not granted, not refused, not inside another site's frame). */
  canAskNotifications: boolean;
  onAskNotifications: () => void;
  /** Ending is offered while the chat is open. */
  onEndChat?: () => void;
  /** A known visitor's earlier chats. */
  historyHref?: string;
};

/**
 * A real menu (Radix: arrow keys, Home/End, type-ahead, Esc, focus back on the button). Sound is a state, so it is a
 * checkbox item; End chat opens its confirmation once the menu has handed focus back to its button, so that closing
 * the dialog returns focus there too.
 */
export function ChatMenuRadix({
  soundOn,
  onToggleSound,
  canAskNotifications,
  onAskNotifications,
  onEndChat,
  historyHref,
  defaultOpen = false,
}: ChatMenuProps & { defaultOpen?: boolean }) {
  const t = useTranslations("chat");
  const tEnd = useTranslations("endChat");
  const trigger = useRef<HTMLButtonElement>(null);
  const endRequested = useRef(false);
  return (
    <Menu.Root modal={false} defaultOpen={defaultOpen}>
      <Menu.Trigger asChild>
        <button ref={trigger} type="button" className="icon-button" aria-label={t("menu")} title={t("menu")}>
          <MenuDots />
        </button>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          className="menu"
          align="end"
          sideOffset={4}
          collisionPadding={8}
          onCloseAutoFocus={(event) => {
            if (!endRequested.current) return;
            endRequested.current = false;
            event.preventDefault();
            trigger.current?.focus();
            onEndChat?.();
          }}
        >
          <Menu.CheckboxItem className="menu-item" checked={soundOn} onCheckedChange={onToggleSound}>
            <span className="menu-check" aria-hidden="true">
              {soundOn ? "✓" : ""}
            </span>
            {t("sound")}
          </Menu.CheckboxItem>
          {canAskNotifications ? (
            <Menu.Item className="menu-item" onSelect={onAskNotifications}>
              <span className="menu-check" aria-hidden="true" />
              {t("notifications")}
            </Menu.Item>
          ) : null}
          <Menu.Item className="menu-item" asChild>
            <a href="/transcript" download>
              <span className="menu-check" aria-hidden="true" />
              {t("transcript")}
            </a>
          </Menu.Item>
          {historyHref ? (
            <Menu.Item className="menu-item" asChild>
              <a href={historyHref}>
                <span className="menu-check" aria-hidden="true" />
                {t("previous")}
              </a>
            </Menu.Item>
          ) : null}
          {onEndChat ? (
            <>
              <Menu.Separator className="menu-separator" />
              <Menu.Item className="menu-item menu-item-danger" onSelect={() => (endRequested.current = true)}>
                <span className="menu-check" aria-hidden="true" />
                {tEnd("menuItem")}
              </Menu.Item>
            </>
          ) : null}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
