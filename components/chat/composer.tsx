// A client component: it keeps the draft, sends on Enter and reports typing.
"use client";

import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { MESSAGE_MAX_LENGTH } from "@/lib/chat/types";

type Props = {
  label: string;
  placeholder: string;
  disabled?: boolean;
  onSend: (body: string) => Promise<unknown>;
  onTyping: () => void;
};

const count = new Intl.NumberFormat("en-US");

export function Composer({ label, placeholder, disabled = false, onSend, onTyping }: Props) {
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const id = useId();
  const tooLong = draft.length > MESSAGE_MAX_LENGTH;
  const problem = tooLong
    ? `Messages can be at most ${count.format(MESSAGE_MAX_LENGTH)} characters; this one has ${count.format(draft.length)}.`
    : error;

  async function send() {
    const body = draft.trim();
    if (!body || tooLong || disabled || sending) return;
    setSending(true);
    setError(null);
    setDraft("");
    try {
      await onSend(body);
    } catch (cause) {
      // Nothing is lost: the text goes back into the box to try again.
      setDraft((current) => (current ? `${body}\n${current}` : body));
      setError(cause instanceof Error && cause.message ? `Not sent: ${cause.message} Please try again.` : "Not sent. Please try again.");
    } finally {
      setSending(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void send();
  }

  return (
    <form className="composer" onSubmit={onSubmit}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <textarea
        id={id}
        name="message"
        rows={2}
        value={draft}
        placeholder={placeholder}
        disabled={disabled}
        aria-invalid={tooLong || undefined}
        aria-describedby={problem ? `${id}-error` : `${id}-hint`}
        onChange={(event) => {
          setDraft(event.target.value);
          if (error) setError(null);
          if (event.target.value) onTyping();
        }}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="button button-primary" disabled={disabled || sending || tooLong}>
        Send
      </button>
      {problem ? (
        <p id={`${id}-error`} className="field-error composer-note" role="alert">
          {problem}
        </p>
      ) : (
        <p id={`${id}-hint`} className="composer-note composer-hint">
          Enter to send · Shift+Enter for a new line
        </p>
      )}
    </form>
  );
}
