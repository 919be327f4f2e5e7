import twilio from "twilio";
import type RequestClientType from "twilio/lib/base/RequestClient";

/**
 * Test-only `httpClient`: sends every request the twilio package builds to another origin over real HTTP
 * (e.g. a Prism mock of Twilio's OpenAPI documents on 127.0.0.1), keeping path, query, body and auth intact.
 */
export class RewriteHttpClient extends twilio.RequestClient {
  constructor(private readonly origin: string) {
    super();
  }

  override request<TData>(opts: RequestClientType.RequestOptions<TData>) {
    const url = new URL(opts.uri);
    const target = new URL(`${url.pathname}${url.search}`, this.origin);
    return super.request({ ...opts, uri: target.toString() });
  }
}
