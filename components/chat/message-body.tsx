import { linkSegments } from "@/lib/chat/linkify";

/** A message's text: links made safe and clickable, everything else shown as typed (never as HTML). */
export function MessageBody({ text }: { text: string }) {
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
}
