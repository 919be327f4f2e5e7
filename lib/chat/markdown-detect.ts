// Its own module, without the parser: the chat's log asks this of every message and must not carry the parser's
// code to ask it (lib/chat/markdown.ts loads lazily, only for a message that may need it).

/** Longer messages are shown as typed: the parser's worst cases grow faster than the text. */
export const MARKDOWN_MAX = 1024;

// Cheap first look: text without any of these is shown as typed, without loading or running the parser.
const MARKERS = /[*_`]|^\s*(?:[-+]|\d{1,9}[.)])\s|\]\(/m;

/** Whether a message might carry Markdown worth parsing (a false "yes" only costs a parse). */
export function mayBeMarkdown(text: string): boolean {
  return text.length > 0 && text.length <= MARKDOWN_MAX && MARKERS.test(text);
}
