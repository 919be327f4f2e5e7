// What every server action answers (app/actions.ts, app/(site)/agent/actions.ts), so a component reads any of them
// the same way: `ok`, then a value or a sentence for the person. Actions that succeed by moving the visitor on (a
// redirect) only ever answer failures. Shared with the browser: no secrets here.

import type { FailureReason } from "@/lib/chat/errors";

/** Why an action did not do what was asked: the seam's vocabulary (lib/chat/errors.ts), for a caller that acts on it. */
export type { FailureReason };

/** `Extra`: what a form's failure carries back besides its sentence (its field errors, the values to refill). */
export type ActionFailure<Extra = unknown> = { ok: false; message: string; reason?: FailureReason } & Extra;
export type ActionResult<Value = undefined, Extra = unknown> = { ok: true; value: Value } | ActionFailure<Extra>;

export function succeeded<Value>(value: Value): { ok: true; value: Value } {
  return { ok: true, value };
}

export function failed(message: string, reason?: FailureReason): ActionFailure;
export function failed<Extra extends object>(
  message: string,
  reason: FailureReason | undefined,
  extra: Extra,
): ActionFailure<Extra>;
export function failed(message: string, reason?: FailureReason, extra?: object): ActionFailure<object> {
  return { ok: false, message, ...(reason ? { reason } : {}), ...extra };
}
