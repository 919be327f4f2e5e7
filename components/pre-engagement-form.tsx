// A client component: useActionState shows the server's field errors; the form still posts without JavaScript.
"use client";

import { useActionState, useEffect, useRef } from "react";
import { useBridge } from "@/components/embed/use-bridge";
import { startChat, type StartChatState } from "@/app/actions";
import { SubmitButton } from "@/components/submit-button";
import { preloadChatConnection } from "@/lib/chat/connect";
import type { Backend } from "@/lib/chat/types";
import type { PreEngagementField } from "@/lib/pre-engagement";
import type { Surface } from "@/lib/surface";

const initial: StartChatState = { status: "idle" };

function Field({
  name,
  label,
  hint,
  state,
  children,
}: {
  name: PreEngagementField;
  label: string;
  hint?: string;
  state: StartChatState;
  children: (props: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean; defaultValue?: string }) => React.ReactNode;
}) {
  const id = `field-${name}`;
  const errors = state.status === "error" ? state.fieldErrors?.[name] : undefined;
  const described = [hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children({
        id,
        "aria-describedby": described || undefined,
        "aria-invalid": errors ? true : undefined,
        defaultValue: state.status === "error" ? state.values[name] : undefined,
      })}
      {errors ? (
        <p id={`${id}-error`} className="field-error">
          {errors[0]}
        </p>
      ) : null}
    </div>
  );
}

export function PreEngagementForm({ backend, surface }: { backend: Backend; surface: Surface }) {
  const [state, formAction] = useActionState(startChat, initial);
  // Keying by the echoed values makes React reset the uncontrolled inputs to them after each failed submit.
  const key = state.status === "error" ? JSON.stringify(state.values) : "new";
  const form = useRef<HTMLFormElement>(null);
  const { prefill } = useBridge();

  // The embedding page may fill in what it already knows (setPreEngagement); the visitor can still change it.
  useEffect(() => {
    if (!prefill || !form.current) return;
    for (const [name, value] of Object.entries(prefill)) {
      const field = form.current.elements.namedItem(name);
      if (field instanceof HTMLInputElement && field.type === "checkbox") field.checked = value === true;
      else if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement) {
        if (field.type !== "hidden") field.value = String(value);
      }
    }
  }, [prefill, key]);

  return (
    // A visitor who starts on the form is about to chat: fetch the live connection's code meanwhile.
    <form ref={form} action={formAction} className="form" noValidate key={key} onFocus={() => preloadChatConnection(backend)}>
      <input type="hidden" name="surface" value={surface} />
      <Field name="name" label="Name" state={state}>
        {(props) => <input {...props} name="name" type="text" autoComplete="name" required />}
      </Field>
      <Field name="email" label="Email (optional)" hint="So we can follow up if the chat is cut off." state={state}>
        {(props) => <input {...props} name="email" type="email" autoComplete="email" inputMode="email" />}
      </Field>
      <Field name="question" label="How can we help?" state={state}>
        {(props) => <textarea {...props} name="question" rows={4} required />}
      </Field>
      <p className="form-status" role="status">
        {state.status === "error" ? state.message : ""}
      </p>
      <SubmitButton pendingText="Starting chat…">Start chat</SubmitButton>
    </form>
  );
}
