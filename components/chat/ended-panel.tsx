import { startNewChat } from "@/app/actions";
import type { Surface } from "@/lib/surface";

/** Shown when the conversation is over, whoever ended it. */
export function EndedPanel({
  headingLevel = 2,
  transcript = false,
  surface,
}: {
  headingLevel?: 1 | 2;
  transcript?: boolean;
  surface: Surface;
}) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <div className="ended" role="status">
      <Heading className="ended-title">This chat has ended</Heading>
      <p>Thanks for getting in touch. If you need anything else, you can start a new chat.</p>
      <div className="ended-actions">
        {transcript ? (
          // A plain link: the route answers with a file download, which client navigation must not intercept.
          <a href="/transcript" className="button button-quiet" download>
            Download transcript
          </a>
        ) : null}
        <form action={startNewChat}>
          <input type="hidden" name="surface" value={surface} />
          <button type="submit" className="button button-primary">
            Start new chat
          </button>
        </form>
      </div>
    </div>
  );
}
