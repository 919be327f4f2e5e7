import { describe, expect, it } from "vitest";
import { fromMessageObject, fromWireMessage, readHorizons, toChatMessage } from "@/lib/chat/twilio-json";

const base = {
  sid: "IM1",
  index: 3,
  author: "guest",
  body: "Hi",
  dateCreated: "2026-01-01T12:00:00Z",
  attributes: "{}",
  media: [],
};

describe("toChatMessage: one set of fallbacks for every source", () => {
  it("reads attributes as JSON text (REST) or as an object (the SDK); anything else is empty", () => {
    expect(toChatMessage({ ...base, attributes: '{"clientMessageId":"c1"}' }).attributes).toEqual({
      clientMessageId: "c1",
    });
    expect(toChatMessage({ ...base, attributes: { clientMessageId: "c2" } }).attributes).toEqual({
      clientMessageId: "c2",
    });
    for (const attributes of [null, "not json", "[1,2]", 7, ["a"]])
      expect(toChatMessage({ ...base, attributes }).attributes).toEqual({});
  });

  it("a message without author is the system's, without body empty, without date the epoch; dates as ISO text", () => {
    const message = toChatMessage({ ...base, author: null, body: null, dateCreated: null });
    expect([message.author, message.body, message.dateCreated]).toEqual(["system", "", "1970-01-01T00:00:00.000Z"]);
    expect(toChatMessage({ ...base, dateCreated: new Date("2026-02-03T04:05:06Z") }).dateCreated).toBe(
      "2026-02-03T04:05:06.000Z",
    );
  });

  it("a message no participant wrote is automated (a Studio flow's); one whose source does not say is not", () => {
    expect(toChatMessage({ ...base, participantSid: null }).automated).toBe(true);
    expect(toChatMessage({ ...base, participantSid: "MB" + "1".repeat(32) }).automated).toBeUndefined();
    expect(toChatMessage(base).automated).toBeUndefined();
    const wire = { sid: "IM1", index: 3, author: "flex-webchat", body: "Hi", date_created: null, attributes: null };
    expect(fromWireMessage({ ...wire, participant_sid: null }).automated).toBe(true);
    expect(fromWireMessage({ ...wire, participant_sid: "MB" + "1".repeat(32) }).automated).toBeUndefined();
  });

  it("REST JSON and objects with getters (as the SDK's) map to the same message", () => {
    const wire = fromWireMessage({
      sid: "IM2",
      index: 4,
      author: "agent",
      body: "Hello",
      date_created: "2026-01-01T12:00:00.000Z",
      attributes: '{"a":1}',
      media: [{ sid: "ME1", filename: null, content_type: "image/png", size: 10 }],
    });
    class SdkLike {
      get sid() {
        return "IM2";
      }
      get index() {
        return 4;
      }
      get author() {
        return "agent";
      }
      get body() {
        return "Hello";
      }
      get dateCreated() {
        return new Date("2026-01-01T12:00:00.000Z");
      }
      get attributes() {
        return { a: 1 };
      }
    }
    const sdk = fromMessageObject(new SdkLike(), [
      { sid: "ME1", filename: "attachment", contentType: "image/png", size: 10 },
    ]);
    expect(sdk).toEqual(wire);
    expect(wire.media).toEqual([{ sid: "ME1", filename: "attachment", contentType: "image/png", size: 10 }]);
  });
});

describe("readHorizons", () => {
  it("keeps each identified participant's horizon and skips the rest", () => {
    expect(
      readHorizons([
        { identity: "guest", lastReadMessageIndex: 2 },
        { identity: "agent", lastReadMessageIndex: null },
        { identity: null, lastReadMessageIndex: 5 },
      ]),
    ).toEqual({ guest: 2 });
  });
});
