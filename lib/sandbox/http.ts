import "server-only";
import { basicCredentials, sameSecret } from "@/lib/security/compare";
import { z } from "zod";
import { SandboxError, invalidParameter } from "@/lib/sandbox/errors";
import type { Sandbox } from "@/lib/sandbox/sandbox";

/** What every sandbox REST handler shares: Twilio's JSON and error answers, Basic auth, parameters and paging. */

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

export function twilioError(error: SandboxError): Response {
  return json(error.status, {
    code: error.code,
    message: error.message,
    more_info:
      error.code === null ? "https://www.twilio.com/docs/errors" : `https://www.twilio.com/docs/errors/${error.code}`,
    status: error.status,
  });
}

/** Twilio's REST authentication: HTTP Basic with the API Key's SID and secret. */
export function authenticate(sandbox: Sandbox, header: string | null): boolean {
  const given = basicCredentials(header);
  if (!given) return false;
  const { apiKeySid, apiKeySecret } = sandbox.credentials;
  return sameSecret(given.user, apiKeySid) && sameSecret(given.password, apiKeySecret);
}

export const paging = z.object({
  PageSize: z.coerce.number().int().min(1).max(100).default(50),
  Page: z.coerce.number().int().min(0).default(0),
});

export function parse<T extends z.ZodType>(schema: T, params: Record<string, string>): z.infer<T> {
  const result = schema.safeParse(params);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join(".");
    const message =
      issue.code === "invalid_type" && issue.input === undefined
        ? `Missing required parameter ${field} in the post body`
        : `Invalid parameter ${field}: ${issue.message}`;
    throw invalidParameter(message);
  }
  return result.data;
}

export function page<T>(
  key: string,
  url: URL,
  query: Record<string, string>,
  fetchRows: (offset: number, limit: number) => T[],
  serialize: (row: T) => unknown,
) {
  const { PageSize, Page } = parse(paging, query);
  // One row more than asked tells whether a next page exists.
  const rows = fetchRows(Page * PageSize, PageSize + 1);
  const base = `${url.origin}${url.pathname}`;
  const link = (n: number) => {
    const params = new URLSearchParams(query);
    params.delete("PageToken");
    params.set("PageSize", String(PageSize));
    params.set("Page", String(n));
    if (n > 0) params.set("PageToken", `PT${n * PageSize}`);
    return `${base}?${params.toString()}`;
  };
  return {
    [key]: rows.slice(0, PageSize).map(serialize),
    meta: {
      page: Page,
      page_size: PageSize,
      first_page_url: link(0),
      previous_page_url: Page > 0 ? link(Page - 1) : null,
      url: link(Page),
      next_page_url: rows.length > PageSize ? link(Page + 1) : null,
      key,
    },
  };
}
