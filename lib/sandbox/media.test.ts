import { describe, expect, it } from "vitest";
import { checkFiles, DEFAULT_ATTACHMENT_POLICY, describeRejection } from "@/lib/chat/attachments";
import { translator } from "@/lib/testing/translate";
import { handleLiveRequest } from "@/lib/sandbox/live";
import { verifyMediaSignature } from "@/lib/sandbox/media";
import { sandboxWithChat } from "@/lib/testing/sandbox-fixture";
import { mintAccessToken } from "@/lib/twilio/webchat";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

const given = sandboxWithChat("Files?");

const token = (identity = given.chat.identity) => mintAccessToken(given.fixture.ctx.settings, identity, 600);

function call(action: string, init: RequestInit & { identity?: string } = {}) {
  const request = new Request(`http://app.test/api/sandbox/conversations/${given.chat.conversationSid}/${action}`, {
    ...init,
    headers: { authorization: `Bearer ${token(init.identity)}`, ...(init.headers as Record<string, string>) },
  });
  return handleLiveRequest(given.fixture.sandbox, request, given.chat.conversationSid, action.split("?")[0]!);
}

const upload = (data: Uint8Array, type: string, name: string) =>
  call("media", {
    method: "POST",
    body: new Blob([new Uint8Array(data)]),
    headers: { "content-type": type, "x-filename": encodeURIComponent(name) },
  });

describe("sandbox attachments", () => {
  it("stores an image, attaches it to a message, and serves it by a short-lived signed URL", async () => {
    const response = await upload(PNG, "image/png", "tiny dot.png");
    expect(response.status).toBe(201);
    const media = await response.json();
    expect(media).toMatchObject({
      sid: expect.stringMatching(/^ME[0-9a-f]{32}$/),
      filename: "tiny dot.png",
      content_type: "image/png",
      size: PNG.length,
    });

    const sent = await call("messages", { method: "POST", body: JSON.stringify({ body: "", media: [media.sid] }) });
    expect(sent.status).toBe(201);
    expect((await sent.json()).media).toEqual([
      { sid: media.sid, category: "media", content_type: "image/png", filename: "tiny dot.png", size: PNG.length },
    ]);

    const { url } = await (await call(`media?sid=${media.sid}`)).json();
    const link = new URL(url, "http://app.test");
    expect(
      verifyMediaSignature(
        media.sid,
        link.searchParams.get("exp"),
        link.searchParams.get("sig"),
        given.fixture.ctx.settings.apiKeySecret,
      ),
    ).toBe(true);
    expect(
      verifyMediaSignature(media.sid, link.searchParams.get("exp"), "forged", given.fixture.ctx.settings.apiKeySecret),
    ).toBe(false);
    expect(
      verifyMediaSignature(media.sid, "1", link.searchParams.get("sig"), given.fixture.ctx.settings.apiKeySecret),
    ).toBe(false);
  });

  it("refuses empty files, lying types, unaccepted kinds and oversized uploads, each with a sentence", async () => {
    const empty = await upload(new Uint8Array(), "text/plain", "empty.txt");
    expect(empty.status).toBe(400);
    expect((await empty.json()).message).toBe("The file is empty.");

    const lying = await upload(new TextEncoder().encode("just text, not a picture"), "image/png", "photo.png");
    expect(lying.status).toBe(415);
    expect((await lying.json()).message).toBe("The file's content does not match its type (image/png).");

    const binary = await upload(new Uint8Array([0, 1, 2, 3, 0, 255]), "application/octet-stream", "blob.bin");
    expect(binary.status).toBe(415);

    const big = await call("media", {
      method: "POST",
      body: new Blob([new Uint8Array(16)]),
      headers: { "content-type": "text/plain", "content-length": String(50 * 1024 * 1024) },
    });
    expect(big.status).toBe(413);
    expect((await big.json()).message).toMatch(/larger than the 16 MB limit/);
  });

  it("holds messages to Flex web chat's rules, not the app's: one file, never beside text", async () => {
    const first = await (await upload(PNG, "image/png", "one.png")).json();
    const second = await (await upload(PNG, "image/png", "two.png")).json();
    const both = await call("messages", {
      method: "POST",
      body: JSON.stringify({ body: "", media: [first.sid, second.sid] }),
    });
    expect(both.status).toBe(400);
    expect((await both.json()).message).toBe("A Flex web chat message carries at most 1 file");
    const captioned = await call("messages", {
      method: "POST",
      body: JSON.stringify({ body: "my photo", media: [first.sid] }),
    });
    expect(captioned.status).toBe(400);
    expect((await captioned.json()).message).toBe("A Flex web chat message carries text or a file, not both");
    expect(
      (await call("messages", { method: "POST", body: JSON.stringify({ body: "", media: [first.sid] }) })).status,
    ).toBe(201);
    // A type Flex web chat does not take is refused, whatever the app's own settings allow.
    const webp = Buffer.from("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==", "base64");
    const refused = await upload(webp, "image/webp", "photo.webp");
    expect(refused.status).toBe(415);
    expect((await refused.json()).message).toBe("This kind of file is not accepted by Flex web chat.");
  });

  it("keeps media to its conversation's participants and to its uploader", async () => {
    const media = await (await upload(PNG, "image/png", "a.png")).json();
    expect((await call(`media?sid=${media.sid}`, { identity: "stranger" })).status).toBe(403);
    given.fixture.sandbox.addParticipant(given.chat.conversationSid, "agent-1");
    const stolen = await call("messages", {
      method: "POST",
      identity: "agent-1",
      body: JSON.stringify({ media: [media.sid] }),
    });
    expect(stolen.status).toBe(400);
  });
});

describe("checkFiles", () => {
  const file = (name: string, size: number, type: string) => ({ name, size, type });

  it("accepts allowed files and refuses empty, oversized and unaccepted ones", () => {
    const { accepted, rejected } = checkFiles(
      [
        file("a.png", 10, "image/png"),
        file("e.txt", 0, "text/plain"),
        file("big.pdf", 50 * 1024 * 1024, "application/pdf"),
        file("x.exe", 10, "application/x-msdownload"),
      ],
      DEFAULT_ATTACHMENT_POLICY,
    );
    expect(accepted.map((f) => f.name)).toEqual(["a.png"]);
    expect(rejected.map((r) => describeRejection(r, translator("en")))).toEqual([
      "e.txt is empty.",
      "big.pdf is 50 MB; the limit is 10 MB.",
      "x.exe is not a type we accept (images, PDF or text).",
    ]);
    expect(describeRejection(rejected[1]!, translator("es"), "es")).toBe("big.pdf ocupa 50 MB; el límite es 10 MB.");
  });

  it("takes at most ten of a hundred files and says why the rest were left", () => {
    const many = Array.from({ length: 100 }, (_, i) => file(`f${i}.txt`, 5, "text/plain"));
    const { accepted, rejected } = checkFiles(many, DEFAULT_ATTACHMENT_POLICY);
    expect(accepted).toHaveLength(10);
    expect(rejected).toHaveLength(90);
    expect(describeRejection(rejected[0]!, translator("en"))).toBe("f10.txt was not added: at most 10 files at once.");
  });
});
