/**
 * Where the visitor's chat is shown: the full page at /chat, or the compact panel at /embed that the launcher and
 * the embed script put in an iframe — for an embedding site other than this one, `embed:<its origin>`. Server
 * actions take the surface (a form field or an argument) so they send the visitor back to the same place.
 */
export type Surface = "page" | "embed" | `embed:${string}`;

export function isEmbedded(surface: Surface): boolean {
  return surface !== "page";
}

/** Reads a surface sent by the browser; anything unexpected is the full page. */
export function surfaceOf(value: unknown): Surface {
  if (value === "embed") return "embed";
  if (typeof value === "string" && value.startsWith("embed:")) return value as Surface;
  return "page";
}

/** The path of a surface. An embedding origin is kept only if it is allowed; otherwise the panel is this site's. */
export function surfacePath(
  surface: Surface,
  allowedOrigins: readonly string[],
  query?: Record<string, string>,
): string {
  const params = new URLSearchParams(query);
  if (surface === "page") return `/chat${params.size ? `?${params}` : ""}`;
  const origin = surface.slice("embed:".length);
  if (surface !== "embed" && allowedOrigins.includes(origin)) params.set("host", origin);
  return `/embed${params.size ? `?${params}` : ""}`;
}
