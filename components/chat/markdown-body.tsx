import { createElement, Fragment } from "react";
import { PlainBody } from "@/components/chat/plain-body";
import { renderMarkdown } from "@/lib/chat/markdown";

/** An agent's message in the Markdown subset of lib/chat/markdown.ts, as React elements (never as HTML). */
export default function MarkdownBody({ text }: { text: string }) {
  const nodes = renderMarkdown<React.ReactNode>(text, {
    text: (value) => value,
    fragment: (children, key) => createElement(Fragment, { key }, ...children),
    element: (tag, attributes, children, key) =>
      tag === "a"
        ? createElement(
            "a",
            { key, href: attributes.href, target: "_blank", rel: "noopener noreferrer nofollow" },
            ...children,
          )
        : createElement(tag, { key, start: attributes.start }, ...children),
  });
  if (!nodes) return <PlainBody text={text} />;
  return <div className="message-body message-markdown">{nodes}</div>;
}
