/** A send or read the backend refused; `reason` tells the UI what to do next. */
export class ChatRequestError extends Error {
  constructor(
    message: string,
    public readonly reason: "unauthorized" | "closed" | "forbidden" | "invalid" | "network",
  ) {
    super(message);
    this.name = "ChatRequestError";
  }
}
