import { lazy, memo, Suspense } from "react";
import { PlainBody } from "@/components/chat/plain-body";
import { mayBeMarkdown } from "@/lib/chat/markdown-detect";

const loadMarkdown = () => import("@/components/chat/markdown-body");
const MarkdownBody = lazy(loadMarkdown);

/** Fetches the Markdown renderer ahead of the first agent message that needs it (it is not part of the first load). */
export function preloadMarkdown(): void {
  void loadMarkdown();
}

/**
 * A message's text. Agents' messages (`markdown`) may use the subset of lib/chat/markdown.ts, whose parser loads
 * only when a message looks like Markdown, showing the text as typed until then; everything else is shown as typed,
 * links made safe and clickable, never as HTML. Memoized: a message's text never changes while the list re-renders.
 */
export const MessageBody = memo(function MessageBody({ text, markdown = false }: { text: string; markdown?: boolean }) {
  if (!text) return null;
  if (!markdown || !mayBeMarkdown(text)) return <PlainBody text={text} />;
  return (
    <Suspense fallback={<PlainBody text={text} />}>
      <MarkdownBody text={text} />
    </Suspense>
  );
});
