import { linkSegments } from "@/lib/chat/linkify";

/** A message's text as typed, its links made safe and clickable: never HTML. */
export function PlainBody({ text }: { text: string }) {
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
}
