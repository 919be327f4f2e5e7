// A client component: the chat's ⋯ menu, its code loaded after the chat (components/chat/chat-menu-radix.tsx).
"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import type { ChatMenuProps } from "@/components/chat/chat-menu-radix";
import { MenuDots } from "@/components/chat/menu-dots";
import { useIdleModule } from "@/components/chat/use-idle-module";

const load = () => import("@/components/chat/chat-menu-radix");

/** Whether a popover element is showing (false where the browser has no popovers). */
function showing(element: HTMLElement | null): boolean {
  try {
    return element?.matches(":popover-open") ?? false;
  } catch {
    return false;
  }
}

/**
 * The menu library is a chunk of its own, fetched once the chat has rendered and the page is idle, so the chat's
 * first paint does not wait for it. Until then a plain HTML menu stands in: a popover with the transcript and End
 * chat, whose confirmation dialog it opens as an invoker command. It works before the page's scripts have run; once
 * they have, a click on ⋯ fetches the real menu at once if it has not arrived, and opens it.
 */
export function ChatMenu({ endDialogId, ...props }: ChatMenuProps & { endDialogId: string }) {
  const t = useTranslations("chat");
  const tEnd = useTranslations("endChat");
  const popoverId = useId();
  const trigger = useRef<HTMLButtonElement>(null);
  const popover = useRef<HTMLDivElement>(null);
  const [openWhenReady, setOpenWhenReady] = useState(false);
  const Loaded = useIdleModule(load, openWhenReady)?.ChatMenuRadix;
  // Opened before hydration: the stand-in stays until the visitor is done with it.
  const [standInOpen, setStandInOpen] = useState(false);
  useEffect(() => {
    const element = popover.current;
    if (!element) return;
    const sync = () => setStandInOpen(showing(element));
    sync();
    element.addEventListener("toggle", sync);
    return () => element.removeEventListener("toggle", sync);
  }, []);
  if (Loaded && !standInOpen) return <Loaded {...props} defaultOpen={openWhenReady} />;
  return (
    <>
      <button
        ref={trigger}
        type="button"
        className="icon-button"
        aria-label={t("menu")}
        title={t("menu")}
        popoverTarget={popoverId}
        onClick={(event) => {
          // Open already (the browser toggles it), or opened by a click React replays after hydrating.
          if (showing(popover.current)) return;
          event.preventDefault();
          setOpenWhenReady(true);
        }}
      >
        <MenuDots />
      </button>
      <div ref={popover} id={popoverId} popover="auto" className="menu menu-popover">
        <a className="menu-item" href="/transcript" download>
          <span className="menu-check" aria-hidden="true" />
          {t("transcript")}
        </a>
        {props.historyHref ? (
          <a className="menu-item" href={props.historyHref}>
            <span className="menu-check" aria-hidden="true" />
            {t("previous")}
          </a>
        ) : null}
        {props.onEndChat ? (
          <>
            <div className="menu-separator" />
            <button
              type="button"
              className="menu-item menu-item-danger"
              commandfor={endDialogId}
              command="show-modal"
              onClick={(event) => {
                event.preventDefault();
                popover.current?.hidePopover();
                trigger.current?.focus();
                props.onEndChat?.();
              }}
            >
              <span className="menu-check" aria-hidden="true" />
              {tEnd("menuItem")}
            </button>
          </>
        ) : null}
      </div>
    </>
  );
}
