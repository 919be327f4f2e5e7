import { compiler } from "markdown-to-jsx";
import { safeHref } from "@/lib/chat/linkify";
import { MARKDOWN_MAX } from "@/lib/chat/markdown-detect";

export { MARKDOWN_MAX, mayBeMarkdown } from "@/lib/chat/markdown-detect";

/**
 * Agents' Markdown, reduced to what a chat bubble shows: bold, italic, code, lists, links and line breaks. Everything
 * else — raw HTML, images, headings, quotes, tables — comes out as its text, never as markup, so the output is an
 * allowlist of tags rather than a sanitised page. One reading serves the chat's log (React elements) and the
 * transcript email (HTML), through `MarkdownBuilder`.
 */

export type Tag = "p" | "strong" | "em" | "code" | "pre" | "ul" | "ol" | "li" | "a" | "br";

/** How an output is built: an element of the subset, text, or children without an element around them. */
export type MarkdownBuilder<N> = {
  element(tag: Tag, attributes: { href?: string; start?: number }, children: N[], key: number): N;
  text(text: string): N;
  fragment(children: N[], key: number): N;
};

const SAME: Partial<Record<string, Tag>> = {
  p: "p",
  strong: "strong",
  b: "strong",
  em: "em",
  i: "em",
  code: "code",
  pre: "pre",
  ul: "ul",
  ol: "ol",
  li: "li",
  br: "br",
};
// Blocks outside the subset keep their place as a paragraph of their text.
const AS_PARAGRAPH = new Set(["h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "tr", "div"]);

/** What the builder made, told apart from the parser's own strings (text, which the builder has yet to see). */
class Built<N> {
  constructor(readonly value: N) {}
}

/** The message as the subset renders it, or null when it should be shown as typed (too long, or unparseable). */
export function renderMarkdown<N>(source: string, build: MarkdownBuilder<N>): N[] | null {
  if (source.length > MARKDOWN_MAX) return null;
  let key = 0;
  const flatten = (children: unknown[]): N[] =>
    children.flatMap((child): N[] => {
      if (child === null || child === undefined || child === false || child === true) return [];
      if (Array.isArray(child)) return flatten(child);
      if (child instanceof Built) return [child.value as N];
      if (typeof child === "string" || typeof child === "number") return [build.text(String(child))];
      return [];
    });
  const createElement = (tag: unknown, props: Record<string, unknown> | null, ...rawChildren: unknown[]) =>
    new Built(elementOf(tag, props, rawChildren));
  const elementOf = (tag: unknown, props: Record<string, unknown> | null, rawChildren: unknown[]): N => {
    const name = typeof tag === "string" ? tag : "";
    const children = flatten(rawChildren);
    const attributes = props ?? {};
    const same = SAME[name];
    if (name === "a") {
      const href = typeof attributes.href === "string" ? safeHref(attributes.href) : null;
      return href ? build.element("a", { href }, children, key++) : build.fragment(children, key++);
    }
    if (same === "ol") {
      const start = Number(attributes.start);
      return build.element("ol", Number.isInteger(start) && start > 1 ? { start } : {}, children, key++);
    }
    if (same) return build.element(same, {}, children, key++);
    if (AS_PARAGRAPH.has(name)) return build.element("p", {}, children, key++);
    // An image shows its description; a task box, its state; a rule, a dash. None of them loads anything.
    if (name === "img") return build.text(typeof attributes.alt === "string" ? attributes.alt : "");
    if (name === "input") return build.text(attributes.checked ? "[x]" : "[ ]");
    if (name === "hr") return build.text("—");
    if (name === "td" || name === "th") return build.fragment([...children, build.text(" ")], key++);
    return build.fragment(children, key++);
  };
  try {
    const output = compiler(source, {
      createElement: createElement as never,
      disableParsingRawHTML: true,
      forceBlock: true,
      wrapper: null,
    }) as unknown;
    return flatten(Array.isArray(output) ? output : [output]);
  } catch {
    // A parser failure (a stack overflow on deep nesting) shows the message as typed rather than losing it.
    return null;
  }
}

/** The subset as HTML, for the transcript email: text escaped, only the subset's tags and a checked href. */
export function markdownHtml(source: string, escape: (text: string) => string): string | null {
  const html = renderMarkdown<string>(source, {
    text: escape,
    fragment: (children) => children.join(""),
    element: (tag, attributes, children) => {
      if (tag === "br") return "<br>";
      const attrs =
        tag === "a"
          ? ` href="${escape(attributes.href ?? "")}" rel="noopener noreferrer nofollow"`
          : attributes.start
            ? ` start="${attributes.start}"`
            : "";
      return `<${tag}${attrs}>${children.join("")}</${tag}>`;
    },
  });
  return html === null ? null : html.join("");
}
