/**
 * Text a visitor or agent typed, without the control characters no one types: C0 controls other than tab and line
 * breaks, DEL, and the C1 block. A NUL or an escape sequence in a name or a message only ever comes from a script,
 * and would travel into Flex's task attributes, transcripts and emails.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function withoutControlCharacters(value: string): string {
  return value.replace(CONTROL, "");
}
