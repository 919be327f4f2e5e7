// A client component: the one button that stops missed-reply emails (it posts without JavaScript too).
"use client";

import { useActionState } from "react";
import { stopReplyEmails } from "@/app/actions";
import { SubmitButton } from "@/components/submit-button";

/** Its words come from the page (server-rendered): this rare page's texts never ship with every other page. */
export function StopEmailsForm({ token, labels }: { token: string; labels: { stop: string; stopping: string } }) {
  const [state, action] = useActionState(stopReplyEmails, null);
  if (state?.ok) {
    return (
      <p className="form-status" role="status">
        {state.value}
      </p>
    );
  }
  return (
    <form action={action} className="form">
      <input type="hidden" name="t" value={token} />
      <p className="form-status" role="status">
        {state?.message ?? ""}
      </p>
      <SubmitButton pendingText={labels.stopping}>{labels.stop}</SubmitButton>
    </form>
  );
}
