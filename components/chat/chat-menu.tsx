// A client component: the chat's ⋯ menu, its code loaded after the chat (components/chat/chat-menu-radix.tsx).
"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import type { ChatMenuProps, ChatMenuRadix } from "@/components/chat/chat-menu-radix";
import { MenuDots } from "@/components/chat/menu-dots";

const load = () => import("@/components/chat/chat-menu-radix");

/**
 * The menu library is a chunk of its own, fetched once the chat has rendered and the page is idle, so the chat's
 * first paint does not wait for it. Until then the same button stands in: a click on it opens the menu as soon as
 * its code has arrived.
 */
export function ChatMenu(props: ChatMenuProps) {
  const t = useTranslations("chat");
  const [Loaded, setLoaded] = useState<typeof ChatMenuRadix | null>(null);
  const [openWhenReady, setOpenWhenReady] = useState(false);
  useEffect(() => {
    let live = true;
    const fetchMenu = () =>
      load().then(
        (m) => live && setLoaded(() => m.ChatMenuRadix),
        () => {}, // Tried again on the first click.
      );
    const idle =
      typeof requestIdleCallback === "function"
        ? requestIdleCallback(fetchMenu, { timeout: 2_000 })
        : setTimeout(fetchMenu, 200);
    return () => {
      live = false;
      if (typeof cancelIdleCallback === "function" && typeof idle === "number") cancelIdleCallback(idle);
    };
  }, []);
  if (Loaded) return <Loaded {...props} defaultOpen={openWhenReady} />;
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={t("menu")}
      title={t("menu")}
      aria-haspopup="menu"
      aria-expanded={false}
      onClick={() => {
        setOpenWhenReady(true);
        void load().then((m) => setLoaded(() => m.ChatMenuRadix));
      }}
    >
      <MenuDots />
    </button>
  );
}
