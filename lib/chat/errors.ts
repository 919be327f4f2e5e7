/**
 * Why something asked of the backend was not done, in one vocabulary for the browser's chat seam (ChatRequestError)
 * and the server's actions (lib/actions/result.ts), so a component reacts to both alike: "unauthorized" (the token or
 * session needs renewing), "closed" (the chat has ended), "forbidden" (not this caller's to do), "invalid" (the input
 * was refused), "network" (the service could not be reached or failed: worth trying again later).
 */
export type FailureReason = "unauthorized" | "closed" | "forbidden" | "invalid" | "network";

/** A send or read the backend refused; `reason` tells the UI what to do next. */
export class ChatRequestError extends Error {
  constructor(
    message: string,
    public readonly reason: FailureReason,
    /** The attachment that was refused, when an upload failed. */
    public readonly file?: string,
  ) {
    super(message);
    this.name = "ChatRequestError";
  }
}

/** Why a send failed, as a catalog key under "log" for the visitor's language (never the backend's own words). */
export function failureKey(error: unknown): "offline" | "chatEnded" | "forbidden" | "refused" {
  if (!(error instanceof ChatRequestError)) return "offline";
  if (error.reason === "closed") return "chatEnded";
  if (error.reason === "forbidden") return "forbidden";
  if (error.reason === "invalid") return "refused";
  return "offline";
}
