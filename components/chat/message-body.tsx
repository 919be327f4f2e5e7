import { memo } from "react";
import { linkSegments } from "@/lib/chat/linkify";

/**
 * A message's text: links made safe and clickable, everything else shown as typed (never as HTML). Memoized: link
 * detection is the costliest part of a row, and a message's text never changes while the list re-renders.
 */
export const MessageBody = memo(function MessageBody({ text }: { text: string }) {
  if (!text) return null;
  return (
    <p className="message-body">
      {linkSegments(text).map((segment, i) =>
        segment.type === "link" ? (
          <a key={i} href={segment.href} target="_blank" rel="noopener noreferrer nofollow">
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </p>
  );
});
