/** Up to two letters for a name: the first of its first and last words ("Ana María López" → "AL"). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  const first = Array.from(words[0]!)[0]!;
  const last = words.length > 1 ? Array.from(words.at(-1)!)[0]! : "";
  return (first + last).toLocaleUpperCase();
}

/** The other person's mark beside their messages: initials in a circle (decorative: the name is in the text). */
export function Avatar({ name }: { name: string }) {
  return (
    <span className="avatar" aria-hidden="true">
      {initials(name)}
    </span>
  );
}
