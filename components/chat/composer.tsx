// A client component: it keeps the draft and picked files, sends on Enter and reports typing.
"use client";

import { useTranslations } from "next-intl";
import { useId, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent } from "react";
import { AttachmentTray } from "@/components/chat/attachment-tray";
import type { Rejection } from "@/lib/chat/attachments";
import { ChatRequestError, failureKey } from "@/lib/chat/errors";
import { MESSAGE_MAX_LENGTH } from "@/lib/chat/types";
import "./composer.css";

export type ComposerAttachments = {
  files: File[];
  rejected: Rejection[];
  accept: string;
  add: (files: File[]) => void;
  remove: (file: File) => void;
  clear: () => void;
  send: (body: string, files: File[], onProgress: (fraction: number) => void) => Promise<unknown>;
};

type Props = {
  label: string;
  placeholder: string;
  onSend: (body: string) => Promise<unknown>;
  onTyping: () => void;
  attachments?: ComposerAttachments;
  /** The conversation is over: an unsent draft stays readable (and copyable) instead of vanishing. */
  ended?: boolean;
};

export function Composer({ label, placeholder, onSend, onTyping, attachments, ended = false }: Props) {
  const t = useTranslations();
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const id = useId();
  const files = attachments?.files ?? [];
  const tooLong = draft.length > MESSAGE_MAX_LENGTH;
  const problem = tooLong ? t("composer.tooLong", { max: MESSAGE_MAX_LENGTH, length: draft.length }) : error;

  async function send() {
    const body = draft.trim();
    if ((!body && files.length === 0) || tooLong || sending) return;
    setSending(true);
    setError(null);
    try {
      if (attachments && files.length > 0) {
        setProgress(0);
        await attachments.send(body, files, setProgress);
        attachments.clear();
        setDraft("");
      } else {
        setDraft("");
        await onSend(body);
      }
    } catch (cause) {
      // Nothing is lost: the text (and any files) stay to try again.
      setDraft((current) => current || body);
      const why = failureKey(cause);
      if (cause instanceof ChatRequestError && cause.file && why === "refused") {
        setError(t("attachments.uploadRefused", { name: cause.file }));
      } else {
        setError(why === "offline" ? t("composer.notSentRetry") : t("composer.notSent", { reason: t(`log.${why}`) }));
      }
    } finally {
      setSending(false);
      setProgress(null);
    }
  }

  if (ended) {
    if (!draft.trim()) return null;
    return (
      <div className="composer composer-ended">
        <p className="composer-note" role="status">
          {t("composer.endedNote")}
        </p>
        <label htmlFor={id} className="visually-hidden">
          {t("composer.unsentLabel")}
        </label>
        <textarea id={id} readOnly value={draft} rows={2} />
      </div>
    );
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  }

  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const pasted = Array.from(event.clipboardData.files);
    if (attachments && pasted.length > 0) {
      event.preventDefault();
      attachments.add(pasted);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void send();
  }

  return (
    <form className="composer" onSubmit={onSubmit}>
      {/* One rounded box: attach, a message line that grows as it fills, send. */}
      <div className="composer-box">
        {attachments ? (
          <>
            <input
              ref={fileInput}
              type="file"
              multiple
              accept={attachments.accept}
              className="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              onChange={(event) => {
                attachments.add(Array.from(event.target.files ?? []));
                event.target.value = "";
              }}
            />
            <button
              type="button"
              className="icon-button composer-attach"
              title={t("composer.attach")}
              disabled={sending}
              onClick={() => fileInput.current?.click()}
            >
              <svg
                aria-hidden="true"
                width="20"
                height="20"
                viewBox="0 0 24 24"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
                strokeLinecap="round"
                strokeLinejoin="round"
              >
                <path d="m21.44 11.05-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48" />
              </svg>
              <span className="visually-hidden">{t("composer.attach")}</span>
            </button>
          </>
        ) : null}
        <label htmlFor={id} className="visually-hidden">
          {label}
        </label>
        <textarea
          id={id}
          name="message"
          rows={1}
          value={draft}
          placeholder={placeholder}
          aria-invalid={tooLong || undefined}
          aria-describedby={problem ? `${id}-error` : `${id}-hint`}
          onChange={(event) => {
            setDraft(event.target.value);
            if (error) setError(null);
            if (event.target.value) onTyping();
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        <button
          type="submit"
          className="icon-button composer-send"
          aria-label={t("composer.send")}
          title={t("composer.send")}
          disabled={sending || tooLong}
        >
          <svg
            aria-hidden="true"
            width="22"
            height="22"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          >
            <path d="M22 2 11 13" />
            <path d="M22 2 15 22l-4-9-9-4 20-7z" />
          </svg>
        </button>
      </div>
      <AttachmentTray files={files} sending={sending} progress={progress} attachments={attachments} />
      {problem ? (
        <p id={`${id}-error`} className="field-error composer-note" role="alert">
          {problem}
        </p>
      ) : (
        <p id={`${id}-hint`} className="composer-note composer-hint">
          {t(attachments ? "composer.hintFiles" : "composer.hint")}
        </p>
      )}
    </form>
  );
}
