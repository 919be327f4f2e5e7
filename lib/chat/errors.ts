/** A send or read the backend refused; `reason` tells the UI what to do next. */
export class ChatRequestError extends Error {
  constructor(
    message: string,
    public readonly reason: "unauthorized" | "closed" | "forbidden" | "invalid" | "network",
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
