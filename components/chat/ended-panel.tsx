import { startNewChat } from "@/app/actions";

/** Shown when the conversation is over, whoever ended it. */
export function EndedPanel({ headingLevel = 2 }: { headingLevel?: 1 | 2 }) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <div className="ended" role="status">
      <Heading className="ended-title">This chat has ended</Heading>
      <p>Thanks for getting in touch. If you need anything else, you can start a new chat.</p>
      <form action={startNewChat}>
        <button type="submit" className="button button-primary">
          Start new chat
        </button>
      </form>
    </div>
  );
}
