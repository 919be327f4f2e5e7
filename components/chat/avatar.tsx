/** Up to two letters for a name: the first of its first and last words ("Ana María López" → "AL"). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  const first = Array.from(words[0]!)[0]!;
  const last = words.length > 1 ? Array.from(words.at(-1)!)[0]! : "";
  return (first + last).toLocaleUpperCase();
}

/**
 * The other side's mark beside their messages (decorative: the name is in the text): initials in a circle, or for
 * the bot a small robot (drawn by chat.css, so it costs the chat's script nothing), so an automated answer never
 * looks like a person's.
 */
export function Avatar({ name, bot = false }: { name: string; bot?: boolean }) {
  return (
    <span className={bot ? "avatar avatar-bot" : "avatar"} aria-hidden="true">
      {bot ? null : initials(name)}
    </span>
  );
}
