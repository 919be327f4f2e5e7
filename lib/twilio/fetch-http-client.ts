import "server-only";
import twilio from "twilio";
import type RequestClientType from "twilio/lib/base/RequestClient";

/** A fetch-style handler: what the sandbox's REST API (or a test's fake Twilio) exposes. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** One request the twilio package built and the answer it got, as seen at the HTTP boundary. */
export type Exchange = {
  method: string;
  url: string;
  contentType: string | null;
  /** Request headers, lower-case names (Authorization's value is redacted). */
  headers?: Record<string, string>;
  body: string;
  status: number;
  responseBody: string;
};

function encodeForm(data: Record<string, unknown>): string {
  // Same rules as twilio's own client (qs with arrayFormat "repeat"): arrays repeat their key.
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  return params.toString();
}

/**
 * An `httpClient` for the twilio package that hands each fully built request (URL, query, form body,
 * Basic auth) to a fetch-style handler instead of the network. The sandbox uses it in-process, and tests use it
 * to capture every request for contract checks, so both go through the real request building of `twilio`.
 */
export class FetchHttpClient extends twilio.RequestClient {
  constructor(
    private readonly handler: FetchHandler,
    private readonly onExchange?: (exchange: Exchange) => void,
  ) {
    super();
  }

  override async request<TData>(opts: RequestClientType.RequestOptions<TData>) {
    const url = new URL(opts.uri);
    if (opts.params) {
      const query = encodeForm(opts.params as Record<string, unknown>);
      if (query) url.search = query;
    }
    const headers = new Headers();
    for (const [key, value] of Object.entries(opts.headers ?? {})) {
      if (typeof value === "string") headers.set(key, value);
    }
    if (opts.username && opts.password) {
      headers.set("authorization", `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString("base64")}`);
    } else if (opts.authStrategy) {
      headers.set("authorization", await opts.authStrategy.getAuthString());
    }
    const method = opts.method.toUpperCase();
    let body: string | undefined;
    if (opts.data && method !== "GET") {
      body =
        headers.get("content-type") === "application/json"
          ? JSON.stringify(opts.data)
          : encodeForm(opts.data as Record<string, unknown>);
    }
    const response = await this.handler(new Request(url, { method, headers, body }));
    const text = await response.text();
    this.onExchange?.({
      method,
      url: url.toString(),
      contentType: headers.get("content-type"),
      headers: Object.fromEntries(
        [...headers].map(([name, value]) => [name, name === "authorization" ? "(redacted)" : value]),
      ),
      body: body ?? "",
      status: response.status,
      responseBody: text,
    });
    return {
      statusCode: response.status,
      body: text as unknown as TData,
      headers: Object.fromEntries(response.headers),
    };
  }
}
