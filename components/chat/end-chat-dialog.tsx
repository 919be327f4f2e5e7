// A client component: the modal confirmation before the visitor ends the chat (the endChat action).
"use client";

import { useTranslations } from "next-intl";
import { useImperativeHandle, useRef, useState, useTransition, type Ref } from "react";
import { endChat } from "@/app/actions";
import { failed } from "@/lib/actions/result";
import type { Surface } from "@/lib/surface";

export type EndChatDialogHandle = { open: () => void };

/** Opened from the chat's menu; a native modal dialog, so focus returns where it came from when it closes. */
export function EndChatDialog({ surface, ref }: { surface: Surface; ref: Ref<EndChatDialogHandle> }) {
  const t = useTranslations("endChat");
  const tErrors = useTranslations("errors");
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  useImperativeHandle(ref, () => ({ open: () => dialog.current?.showModal() }), []);

  function confirm() {
    startTransition(async () => {
      // On success the action redirects to the ended view; only a failure comes back here.
      const result = await endChat(surface).catch(() => failed(tErrors("endOffline"), "network"));
      setError(result.message);
    });
  }

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="end-chat-title" onClose={() => setError(null)}>
      <h2 id="end-chat-title">{t("title")}</h2>
      <p>{t("body")}</p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button button-quiet" onClick={() => dialog.current?.close()}>
          {t("keep")}
        </button>
        <button type="button" className="button button-danger" onClick={confirm} disabled={pending}>
          {pending ? t("ending") : t("confirm")}
        </button>
      </div>
    </dialog>
  );
}
