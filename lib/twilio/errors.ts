import "server-only";
/** Expected Twilio failures, each with a code for logs and the catalog key of a sentence for the visitor. */
export type ChatFailure = {
  code: string;
  messageKey: `errors.twilio${string}`;
  /** Worth trying again later (network, rate limit, Twilio 5xx). */
  retryable: boolean;
};

type RestLike = { status?: unknown; code?: unknown; message?: unknown };

function isRestLike(error: unknown): error is RestLike {
  return typeof error === "object" && error !== null && "status" in error && typeof error.status === "number";
}

export function twilioStatus(error: unknown): number | undefined {
  return isRestLike(error) ? (error.status as number) : undefined;
}

/** Twilio's own error code (e.g. 50377), when the failure is a Twilio answer that carries one. */
export function twilioCode(error: unknown): number | undefined {
  return isRestLike(error) && typeof error.code === "number" ? error.code : undefined;
}

/** Maps whatever the twilio package threw to a ChatFailure; never exposes Twilio's own text to the visitor. */
export function describeTwilioError(error: unknown, operation: string): ChatFailure {
  if (isRestLike(error)) {
    const status = error.status as number;
    const code = typeof error.code === "number" ? error.code : undefined;
    if (status === 429 || code === 20429) {
      return {
        code: `twilio:${operation}:rate_limited`,
        messageKey: "errors.twilioRateLimited",
        retryable: true,
      };
    }
    if (status === 401 || code === 20003) {
      return {
        code: `twilio:${operation}:unauthorized`,
        messageKey: "errors.twilioUnauthorized",
        retryable: false,
      };
    }
    if (status === 404 || code === 20404) {
      return {
        code: `twilio:${operation}:not_found`,
        messageKey: "errors.twilioNotFound",
        retryable: false,
      };
    }
    if (status >= 500) {
      return {
        code: `twilio:${operation}:unavailable`,
        messageKey: "errors.twilioUnavailable",
        retryable: true,
      };
    }
    return {
      code: `twilio:${operation}:rejected_${code ?? status}`,
      messageKey: "errors.twilioRejected",
      retryable: false,
    };
  }
  return {
    code: `twilio:${operation}:network`,
    messageKey: "errors.twilioNetwork",
    retryable: true,
  };
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ETIMEDOUT",
  "ECONNABORTED",
  "ECONNREFUSED",
  "EAI_AGAIN",
  "EPIPE",
  "ERR_NETWORK",
]);

/** Worth one more try: Twilio answered 5xx, or the request never got an answer (network, timeout). */
export function isTransient(error: unknown): boolean {
  const status = twilioStatus(error);
  if (status !== undefined) return status >= 500;
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  return typeof code === "string" && NETWORK_CODES.has(code);
}

/** Runs a Twilio call, and once more after a short pause if the first failure was transient. */
export async function retryOnce<T>(call: () => Promise<T>, pauseMs = 250): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!isTransient(error)) throw error;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    return call();
  }
}
