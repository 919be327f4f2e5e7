import "server-only";
/**
 * A Twilio-style failure: HTTP status, Twilio error code and message. The code is null where Twilio answers with an
 * HTTP status alone (its media service; the sandbox's own stand-in for the SDK's socket), rather than an invented one.
 */
export class SandboxError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: number | null,
    message: string,
    /** For a rate refusal: when to try again (sent as Retry-After). */
    public readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "SandboxError";
  }
}

/** Twilio 20404: "The requested resource … was not found". */
export function notFound(what: string): SandboxError {
  return new SandboxError(404, 20404, `The requested resource ${what} was not found`);
}

/** Twilio 50377: "Conversation state is 'closed' so it can't be used for chatting anymore." */
export function closedError(): SandboxError {
  return new SandboxError(409, 50377, "Can't update conversation as it's in final closed state");
}

/**
 * Twilio 20429 "Too Many Requests": "An API Request that receives an error 429 response is never processed and is
 * always safe to retry" (the error's page).
 */
export function tooManyRequests(message: string, retryAfterSeconds: number): SandboxError {
  return new SandboxError(429, 20429, message, retryAfterSeconds);
}

/**
 * A parameter Twilio would refuse with 400. Twilio documents the status, not a code for each such case; the
 * sandbox answers 20001 for all of them, and clients must branch on the status (as lib/twilio/errors.ts does).
 */
export function invalidParameter(message: string): SandboxError {
  return new SandboxError(400, 20001, message);
}

/**
 * Whether a thrown value is a sandbox failure, by its shape rather than its class: Next may load this module once
 * per bundle (route handlers, actions, pages), and an error made by one copy is no `instanceof` of another's class.
 */
export function isSandboxError(error: unknown): error is SandboxError {
  if (!(error instanceof Error) || error.name !== "SandboxError") return false;
  const { status, code } = error as Partial<SandboxError>;
  return typeof status === "number" && status >= 400 && status < 600 && (code === null || typeof code === "number");
}
