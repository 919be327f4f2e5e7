// A client component: "Still there?" and its Keep chatting button (app/actions.ts keepChatting).
"use client";

import { useTranslations } from "next-intl";
import { keepChatting } from "@/app/actions";
import { useIdlePrompt, type IdleTimer } from "@/components/chat/use-idle-prompt";

/** Shown from shortly before the closed timer would end an idle chat; nothing until then. */
export function IdlePrompt(props: {
  conversationSid: string;
  lastMessageAt: string | undefined;
  timer: IdleTimer | undefined;
  active: boolean;
}) {
  const t = useTranslations("chat");
  const idle = useIdlePrompt({ ...props, keepChatting });
  if (!idle.prompt) return null;
  return (
    <div className="idle-prompt" role="alert">
      <p>
        <strong>{t("stillThere")}</strong> {t("closingSoon")}
      </p>
      <button
        type="button"
        className="button button-primary button-small"
        disabled={idle.keeping}
        onClick={() => void idle.keep()}
      >
        {t("keepChatting")}
      </button>
      {idle.failed ? <p className="idle-failed">{t("keepChattingFailed")}</p> : null}
    </div>
  );
}
