import "server-only";
import twilio from "twilio";
import type RequestClientType from "twilio/lib/base/RequestClient";

/**
 * Test-only `httpClient`: sends every request the twilio package builds to another origin over real HTTP
 * (scripts/prism-twilio.mjs: a Prism mock of Twilio's OpenAPI documents on 127.0.0.1), keeping query, body and auth
 * intact. The Twilio host becomes the first path segment, since several APIs share paths on different hosts.
 */
export class RewriteHttpClient extends twilio.RequestClient {
  constructor(private readonly origin: string) {
    super();
  }

  override request<TData>(opts: RequestClientType.RequestOptions<TData>) {
    const url = new URL(opts.uri);
    const target = new URL(`/${url.host}${url.pathname}${url.search}`, this.origin);
    return super.request({ ...opts, uri: target.toString() });
  }
}
