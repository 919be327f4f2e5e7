// A client component: it opens a modal confirmation and calls the endChat action.
"use client";

import { useRef, useState, useTransition } from "react";
import { endChat } from "@/app/actions";
import type { Surface } from "@/lib/surface";

export function EndChatButton({ surface }: { surface: Surface }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function confirm() {
    startTransition(async () => {
      // On success the action redirects to the ended view; only a failure comes back here.
      const result = await endChat(surface).catch(() => ({
        status: "error" as const,
        message: "We couldn't end the chat just now. Please check your connection and try again.",
      }));
      setError(result.message);
    });
  }

  return (
    <>
      <button type="button" className="button button-quiet" onClick={() => dialog.current?.showModal()}>
        End chat
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby="end-chat-title" onClose={() => setError(null)}>
        <h2 id="end-chat-title">End this chat?</h2>
        <p>The conversation will be closed and the agent will see that you left.</p>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button button-quiet" onClick={() => dialog.current?.close()}>
            Keep chatting
          </button>
          <button type="button" className="button button-danger" onClick={confirm} disabled={pending}>
            {pending ? "Ending…" : "Yes, end chat"}
          </button>
        </div>
      </dialog>
    </>
  );
}
