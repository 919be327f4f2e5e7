// A client component: the modal confirmation before the visitor ends the chat (the endChat action).
"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useImperativeHandle, useRef, useState, useTransition, type Ref } from "react";
import { endChat, type EndChatState } from "@/app/actions";
import { failed } from "@/lib/actions/result";
import type { Surface } from "@/lib/surface";

export type EndChatDialogHandle = { open: () => void };

/**
 * Opened from the chat's menu; a native modal dialog, so focus returns where it came from when it closes. Its
 * confirmation is a form: before the page's scripts have run, the menu's End chat opens it as an invoker command
 * (`commandfor`) and the browser posts it to the action, so a press at any instant ends the chat.
 */
export function EndChatDialog({ id, surface, ref }: { id: string; surface: Surface; ref: Ref<EndChatDialogHandle> }) {
  const t = useTranslations("endChat");
  const tErrors = useTranslations("errors");
  const dialog = useRef<HTMLDialogElement>(null);
  // The form's action, for a post made before hydration (its failure comes back with the page).
  const [posted, postAction] = useActionState(endChat, null);
  const [failure, setFailure] = useState<EndChatState>(null);
  // A failure stays said until the dialog is closed.
  const [closedOn, setClosedOn] = useState<EndChatState>(null);
  const shown = failure ?? (posted !== closedOn ? posted : null);
  const [pending, startTransition] = useTransition();
  useImperativeHandle(
    ref,
    // Open already when the press came before hydration: the browser ran its command, React replays the click.
    () => ({ open: () => void (dialog.current?.open || dialog.current?.showModal()) }),
    [],
  );
  useEffect(() => {
    if (posted && !dialog.current?.open) dialog.current?.showModal();
  }, [posted]);

  return (
    <dialog
      ref={dialog}
      id={id}
      className="dialog"
      aria-labelledby={`${id}-title`}
      onClose={() => {
        setFailure(null);
        setClosedOn(posted);
      }}
    >
      <h2 id={`${id}-title`}>{t("title")}</h2>
      <p>{t("body")}</p>
      {shown && !pending ? (
        <p className="field-error" role="alert">
          {shown.message}
        </p>
      ) : null}
      <form
        action={postAction}
        className="dialog-actions"
        onSubmit={(event) => {
          // Once hydrated the page calls the action itself, so a dropped connection is said, not thrown.
          event.preventDefault();
          const formData = new FormData(event.currentTarget);
          startTransition(async () => {
            // On success the action redirects to the ended view; only a failure comes back here.
            setFailure(await endChat(null, formData).catch(() => failed(tErrors("endOffline"), "network")));
          });
        }}
      >
        <input type="hidden" name="surface" value={surface} />
        <button
          type="button"
          className="button button-quiet"
          commandfor={id}
          command="close"
          onClick={(event) => {
            // The command closes it where browsers know commands; this, where they do not.
            event.preventDefault();
            dialog.current?.close();
          }}
        >
          {t("keep")}
        </button>
        <button type="submit" className="button button-danger" disabled={pending}>
          {pending ? t("ending") : t("confirm")}
        </button>
      </form>
    </dialog>
  );
}
