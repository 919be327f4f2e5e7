import { describe, expect, it } from "vitest";
import { escapeHtml } from "@/lib/html";
import { MARKDOWN_MAX, markdownHtml, mayBeMarkdown } from "@/lib/chat/markdown";

const html = (source: string) => markdownHtml(source, escapeHtml);

/** Every tag and attribute in an HTML string: what a renderer let through. */
function markup(output: string) {
  const tags = new Set([...output.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase()));
  const attributes = new Set([...output.matchAll(/<[a-zA-Z][^>]*?\s([a-zA-Z-]+)=/g)].map((m) => m[1]!.toLowerCase()));
  return { tags, attributes };
}

const ALLOWED_TAGS = new Set(["p", "strong", "em", "code", "pre", "ul", "ol", "li", "a", "br"]);
const ALLOWED_ATTRIBUTES = new Set(["href", "rel", "start"]);

describe("the chat's Markdown subset", () => {
  it("renders bold, italic, code, lists, links and line breaks", () => {
    expect(html("Hi **Maria**, your order ships _today_.\nTracking: `TRK-1`")).toBe(
      "<p>Hi <strong>Maria</strong>, your order ships <em>today</em>.\nTracking: <code>TRK-1</code></p>",
    );
    expect(html("- one\n- two\n\n3. three\n4. four")).toBe(
      '<ul><li>one</li><li>two</li></ul><ol start="3"><li>three</li><li>four</li></ol>',
    );
    expect(html("See [the tracking page](https://example.com/t?id=1&x=2).")).toBe(
      '<p>See <a href="https://example.com/t?id=1&amp;x=2" rel="noopener noreferrer nofollow">the tracking page</a>.</p>',
    );
    expect(html("```\nline 1\nline 2\n```")).toBe("<pre><code>line 1\nline 2\n</code></pre>");
  });

  it.each([
    ["a script", "<script>alert(1)</script> **hi**", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    ["an HTML image", '<img src="x" onerror="alert(1)"> _x_', "&lt;img"],
    ["a javascript: link", "[click](javascript:alert(1)) and **more**", "click"],
    ["a data: link", "[click](data:text/html;base64,PHNjcmlwdD4=) *x*", "click"],
    ["an image", "![a cat](https://tracker.example/pixel.png) *x*", "a cat"],
    ["a heading", "# Big **news**", "Big"],
    ["a quote", "> quoted _text_", "quoted"],
    ["a table", "| a | b |\n|---|---|\n| 1 | 2 |", "a"],
    ["an HTML link", '<a href="javascript:alert(1)">x</a> *y*', "&lt;a href"],
  ])("shows %s as text, with nothing outside the subset", (_, source, text) => {
    const output = html(source)!;
    expect(output).toContain(text);
    const { tags, attributes } = markup(output);
    expect([...tags].filter((tag) => !ALLOWED_TAGS.has(tag))).toEqual([]);
    expect([...attributes].filter((name) => !ALLOWED_ATTRIBUTES.has(name))).toEqual([]);
    expect(output).not.toMatch(/href="(?!https?:|mailto:)/);
  });

  it("survives deep nesting within the length it parses, and leaves longer messages as typed", () => {
    for (const source of [">".repeat(1000), "- ".repeat(500) + "x", "*".repeat(1000), "[a](".repeat(250)]) {
      const output = html(source);
      if (output !== null) expect([...markup(output).tags].filter((tag) => !ALLOWED_TAGS.has(tag))).toEqual([]);
    }
    expect(html("**x** ".repeat(MARKDOWN_MAX))).toBeNull();
    expect(mayBeMarkdown("**x** ".repeat(MARKDOWN_MAX))).toBe(false);
  });

  it("does not parse text without a marker", () => {
    expect(mayBeMarkdown("Where is my order? It was due on Monday.")).toBe(false);
    expect(mayBeMarkdown("It is **late**")).toBe(true);
    expect(mayBeMarkdown("1. first")).toBe(true);
  });
});
