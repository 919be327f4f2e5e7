// A client component: the optional rating offered when a chat ends (app/actions.ts rateChat).
"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { rateChat, type RateChatState } from "@/app/actions";
import { RATING_COMMENT_MAX } from "@/lib/chat/types";
import "./chat.css";

const SCORES = [1, 2, 3, 4, 5] as const;

/** 1–5 and a comment, skippable; a plain form (radio buttons, a textarea), so keyboards and screen readers know it. */
export function RatingForm() {
  const t = useTranslations("rating");
  const [state, action, pending] = useActionState<RateChatState, FormData>(rateChat, null);
  const [skipped, setSkipped] = useState(false);
  if (skipped) return null;
  if (state?.ok) {
    return (
      <p className="rating-thanks" role="status">
        {state.value}
      </p>
    );
  }
  return (
    <form action={action} className="rating" aria-labelledby="rating-question">
      <fieldset className="rating-scores" aria-describedby="rating-hint">
        <legend id="rating-question">{t("question")}</legend>
        <p id="rating-hint" className="field-hint">
          {t("hint")}
        </p>
        <div className="rating-options">
          {SCORES.map((score) => (
            <label key={score} className="rating-option">
              <input type="radio" name="score" value={score} required />
              <span>{t(`score${score}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="rating-comment">{t("comment")}</label>
        <textarea id="rating-comment" name="comment" rows={2} maxLength={RATING_COMMENT_MAX} />
      </div>
      {state?.ok === false ? (
        <p className="field-error" role="alert">
          {state.message}
        </p>
      ) : null}
      <div className="rating-actions">
        <button type="button" className="button button-quiet" onClick={() => setSkipped(true)}>
          {t("skip")}
        </button>
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? t("sending") : t("send")}
        </button>
      </div>
    </form>
  );
}
