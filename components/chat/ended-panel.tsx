import { useTranslations } from "next-intl";
import { startNewChat } from "@/app/actions";
import { RatingForm } from "@/components/chat/lazy-rating-form";
import type { Surface } from "@/lib/surface";
import "./chat.css";

/** Shown when the conversation is over, whoever ended it. */
export function EndedPanel({
  headingLevel = 2,
  transcript = false,
  rating = false,
  surface,
  historyHref,
}: {
  headingLevel?: 1 | 2;
  transcript?: boolean;
  /** Offer the optional rating (the chat just ended here; not on a later visit to a forgotten chat). */
  rating?: boolean;
  surface: Surface;
  /** A known visitor's earlier chats (app/_components/history-view.tsx). */
  historyHref?: string;
}) {
  const t = useTranslations("ended");
  const tChat = useTranslations("chat");
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <div className="ended">
      <div role="status">
        <Heading className="ended-title">{t("title")}</Heading>
        <p>{t("body")}</p>
      </div>
      <div className="ended-actions">
        {transcript ? (
          // A plain link: the route answers with a file download, which client navigation must not intercept.
          <a href="/transcript" className="button button-quiet" download>
            {t("transcript")}
          </a>
        ) : null}
        {historyHref ? (
          <a href={historyHref} className="button button-quiet">
            {tChat("previous")}
          </a>
        ) : null}
        <form action={startNewChat}>
          <input type="hidden" name="surface" value={surface} />
          <button type="submit" className="button button-primary">
            {t("startNew")}
          </button>
        </form>
      </div>
      {/* Optional, so after what the visitor came for: the transcript and a new chat stay in view. */}
      {rating ? <RatingForm /> : null}
    </div>
  );
}
