import twilio from "twilio";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MEDIA_LINK_DAYS, mediaLinkPath, readMediaLink } from "@/lib/transcripts/media";
import { verifyMediaSignature } from "@/lib/sandbox/media";
import { handleRestRequest } from "@/lib/sandbox/rest";
import { FetchHttpClient } from "@/lib/twilio/fetch-http-client";
import { createSandboxFixture } from "@/lib/testing/sandbox-fixture";
import { fetchMediaContent } from "@/lib/twilio/media";
import { startWebChat } from "@/lib/twilio/webchat";

const secret = "0123456789abcdef0123456789abcdef";
const link = {
  serviceSid: `IS${"1".repeat(32)}`,
  conversationSid: `CH${"2".repeat(32)}`,
  mediaSid: `ME${"3".repeat(32)}`,
};

/** The path's media SID and query, as the route reads them. */
function parts(path: string) {
  const url = new URL(path, "https://chat.example.com");
  return { mediaSid: url.pathname.split("/").pop()!, query: url.searchParams };
}

describe("an emailed attachment link", () => {
  it("names the file, its conversation and service, signed, and reads back while it is valid", () => {
    const now = Date.UTC(2026, 10, 27);
    const { mediaSid, query } = parts(mediaLinkPath(secret, link, { lang: "es", now }));
    expect(query.get("lang")).toBe("es");
    expect(readMediaLink(secret, mediaSid, query, now)).toEqual({ ok: true, link });
    const lastDay = now + MEDIA_LINK_DAYS * 24 * 3600 * 1000 - 1000;
    expect(readMediaLink(secret, mediaSid, query, lastDay).ok).toBe(true);
    expect(readMediaLink(secret, mediaSid, query, lastDay + 2000)).toEqual({ ok: false, reason: "expired" });
  });

  it("is refused once any part is changed, or under another server's secret", () => {
    const { mediaSid, query } = parts(mediaLinkPath(secret, link));
    const altered = (name: string, value: string) => {
      const copy = new URLSearchParams(query);
      copy.set(name, value);
      return readMediaLink(secret, mediaSid, copy);
    };
    expect(readMediaLink(secret, `ME${"4".repeat(32)}`, query)).toEqual({ ok: false, reason: "forged" });
    expect(altered("conversation", `CH${"5".repeat(32)}`)).toEqual({ ok: false, reason: "forged" });
    expect(altered("service", `IS${"6".repeat(32)}`)).toEqual({ ok: false, reason: "forged" });
    expect(altered("expires", String(Number(query.get("expires")) + 86_400))).toEqual({ ok: false, reason: "forged" });
    expect(altered("lang", "ar").ok).toBe(true);
    expect(readMediaLink("another-secret-0123456789abcdef", mediaSid, query)).toEqual({ ok: false, reason: "forged" });
  });

  it("is malformed, not a server error, when a part is missing or not a SID", () => {
    const { mediaSid, query } = parts(mediaLinkPath(secret, link));
    for (const name of ["service", "conversation", "expires", "sig"]) {
      const copy = new URLSearchParams(query);
      copy.delete(name);
      expect(readMediaLink(secret, mediaSid, copy)).toEqual({ ok: false, reason: "malformed" });
    }
    expect(readMediaLink(secret, "../../etc/passwd", query)).toEqual({ ok: false, reason: "malformed" });
    const long = new URLSearchParams(query);
    long.set("sig", "x".repeat(5000));
    expect(readMediaLink(secret, mediaSid, long)).toEqual({ ok: false, reason: "malformed" });
  });
});

describe("the Media Content Service behind the link (sandbox, through the twilio package)", () => {
  let fixture: ReturnType<typeof createSandboxFixture>;
  beforeEach(() => (fixture = createSandboxFixture()));
  afterEach(() => fixture.close());

  async function sentFile() {
    const chat = await startWebChat(fixture.ctx, { name: "Ana", question: "A label" });
    const media = fixture.sandbox.store.addMedia({
      conversationSid: chat.conversationSid,
      author: chat.identity,
      filename: "label.pdf",
      contentType: "application/pdf",
      data: Buffer.from("%PDF-1.4\n%%EOF\n"),
    });
    return { chat, media };
  }

  it("answers a sent file's fresh temporary URL, on GET mcs.us1.twilio.com/v1/Services/{IS}/Media/{ME} with the API Key", async () => {
    const { chat, media } = await sentFile();
    fixture.sandbox.postMessage(
      chat.conversationSid,
      { author: chat.identity, mediaSids: [media.sid] },
      { webhooks: false },
    );
    const serviceSid = fixture.sandbox.credentials.conversationsServiceSid;
    const content = await fetchMediaContent(fixture.ctx, {
      serviceSid,
      conversationSid: chat.conversationSid,
      mediaSid: media.sid,
    });
    expect(content).toMatchObject({ filename: "label.pdf", contentType: "application/pdf" });
    const url = new URL(content!.url);
    expect(url.pathname).toBe(`/api/sandbox/media/${media.sid}`);
    expect(
      verifyMediaSignature(
        media.sid,
        url.searchParams.get("exp"),
        url.searchParams.get("sig"),
        fixture.sandbox.credentials.apiKeySecret,
      ),
    ).toBe(true);
    const [exchange] = fixture.exchanges.filter((e) => e.url.includes("mcs."));
    expect(exchange).toMatchObject({
      method: "GET",
      url: `https://mcs.us1.twilio.com/v1/Services/${serviceSid}/Media/${media.sid}`,
      status: 200,
    });
    expect(exchange!.headers?.authorization).toBe("(redacted)");
  });

  it("gives nothing for a file of another conversation, one never sent, another service, or wrong credentials", async () => {
    const { chat, media } = await sentFile();
    const serviceSid = fixture.sandbox.credentials.conversationsServiceSid;
    // Uploaded but never sent: not in any conversation yet.
    expect(
      await fetchMediaContent(fixture.ctx, { serviceSid, conversationSid: chat.conversationSid, mediaSid: media.sid }),
    ).toBeNull();
    fixture.sandbox.postMessage(
      chat.conversationSid,
      { author: chat.identity, mediaSids: [media.sid] },
      { webhooks: false },
    );
    const other = await startWebChat(fixture.ctx, { name: "Bo", question: "Mine?" });
    expect(
      await fetchMediaContent(fixture.ctx, { serviceSid, conversationSid: other.conversationSid, mediaSid: media.sid }),
    ).toBeNull();
    expect(
      await fetchMediaContent(fixture.ctx, {
        serviceSid: `IS${"0".repeat(32)}`,
        conversationSid: chat.conversationSid,
        mediaSid: media.sid,
      }),
    ).toBeNull();
    const stranger = {
      ...fixture.ctx,
      client: twilio(`SK${"0".repeat(32)}`, "wrong", {
        accountSid: fixture.ctx.settings.accountSid,
        httpClient: new FetchHttpClient((request) => handleRestRequest(fixture.sandbox, request)),
      }),
    };
    await expect(
      fetchMediaContent(stranger, { serviceSid, conversationSid: chat.conversationSid, mediaSid: media.sid }),
    ).rejects.toThrow(/401/);
  });
});
