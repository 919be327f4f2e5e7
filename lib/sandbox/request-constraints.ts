import "server-only";
import { invalidParameter, notFound } from "@/lib/sandbox/errors";
import { TWILIO_REQUEST_CONSTRAINTS } from "@/lib/sandbox/twilio-constraints";

/** The bounds Twilio's OpenAPI documents put on one request parameter. */
export type Bounds = {
  enum?: string[];
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  maximum?: number;
  minimum?: number;
};

/** One bounded parameter of one documented operation (lib/sandbox/twilio-constraints.ts, generated). */
export type Constraint = {
  host: string;
  method: "GET" | "POST" | "DELETE";
  /** The documented path template, e.g. /v1/Users/{Sid}. */
  path: string;
  in: "path" | "query" | "header" | "form";
  name: string;
  bounds: Bounds;
};

/** What is wrong with a value against its bounds, or null when it is inside them. */
export function outOfBounds(value: string, bounds: Bounds): string | null {
  if (bounds.enum && !bounds.enum.includes(value)) return `must be one of ${bounds.enum.join(", ")}`;
  if (bounds.minLength !== undefined && value.length < bounds.minLength)
    return `is shorter than ${bounds.minLength} characters`;
  if (bounds.maxLength !== undefined && value.length > bounds.maxLength)
    return `is longer than ${bounds.maxLength} characters`;
  if (bounds.pattern !== undefined && !new RegExp(bounds.pattern).test(value))
    return `does not match ${bounds.pattern}`;
  if (bounds.minimum !== undefined || bounds.maximum !== undefined) {
    const number = Number(value);
    if (value.trim() === "" || !Number.isFinite(number)) return "must be a number";
    if (bounds.minimum !== undefined && number < bounds.minimum) return `must be at least ${bounds.minimum}`;
    if (bounds.maximum !== undefined && number > bounds.maximum) return `must be at most ${bounds.maximum}`;
  }
  return null;
}

type Compiled = Constraint & { route: RegExp; segment: number };

const compiled: Compiled[] = TWILIO_REQUEST_CONSTRAINTS.map((c) => ({
  ...c,
  route: new RegExp(`^${c.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
  // Which segment of the path a path parameter is (for /v1/Users/{Sid}, "Sid" is segment 2 of v1, Users, {Sid}).
  segment: c.path.split("/").filter(Boolean).indexOf(`{${c.name}}`),
}));

/**
 * Holds a request to the bounds of its documented operation before the sandbox acts on it: a query, header or form
 * value outside them answers 400, as Twilio validates requests against the same description (Twilio documents the
 * status, not one code per parameter: 20001 here). A path parameter outside them names no resource: 404, as Twilio
 * answers for an address it has no route for.
 */
export function checkRequestBounds(request: {
  host: string;
  method: string;
  pathname: string;
  query: URLSearchParams;
  form: URLSearchParams;
  headers: Headers;
}): void {
  const segments = request.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  for (const constraint of compiled) {
    if (
      constraint.host !== request.host ||
      constraint.method !== request.method ||
      !constraint.route.test(request.pathname)
    )
      continue;
    const values =
      constraint.in === "path"
        ? [segments[constraint.segment] ?? ""]
        : constraint.in === "query"
          ? request.query.getAll(constraint.name)
          : constraint.in === "form"
            ? request.form.getAll(constraint.name)
            : [request.headers.get(constraint.name)].filter((v): v is string => v !== null);
    for (const value of values) {
      const problem = outOfBounds(value, constraint.bounds);
      if (!problem) continue;
      if (constraint.in === "path") throw notFound(request.pathname);
      throw invalidParameter(`Invalid parameter ${constraint.name}: ${problem}`);
    }
  }
}
