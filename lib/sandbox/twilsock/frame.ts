// The twilsock v3 frame, as @twilio/conversations' transport (the `twilsock` package) writes and reads it — observed,
// not documented by Twilio (docs/sandbox-protocol.md, "Framing"): an ASCII magic line with the header's byte
// length, the JSON header, and the payload (JSON unless `payload_type` says text/plain), each line ending in CRLF.
//   TWILSOCK V3.0 <header bytes>\r\n<header JSON>\r\n<payload>
import "server-only";

export type FrameHeader = { method: string; id?: string; payload_size?: number; payload_type?: string } & Record<
  string,
  unknown
>;
export type Frame = { header: FrameHeader; payload: unknown };

const MAGIC = "TWILSOCK V3.0 ";
/** Far above any frame the chat sends (a message is at most 32 KB of text; media go over HTTP). */
export const MAX_FRAME_BYTES = 256 * 1024;

export class FrameError extends Error {}

export function encodeFrame(header: FrameHeader, payload?: unknown): Buffer {
  const body =
    payload === undefined
      ? Buffer.alloc(0)
      : Buffer.from(typeof payload === "string" ? payload : JSON.stringify(payload), "utf8");
  const head = Buffer.from(JSON.stringify({ ...header, payload_size: body.length }), "utf8");
  return Buffer.concat([
    Buffer.from(`${MAGIC}${head.length}\r\n`, "latin1"),
    head,
    Buffer.from("\r\n", "latin1"),
    body,
  ]);
}

export function decodeFrame(data: Buffer): Frame {
  if (data.length > MAX_FRAME_BYTES) throw new FrameError("frame too large");
  const lineEnd = data.indexOf("\r\n");
  if (lineEnd < 0 || lineEnd > 40) throw new FrameError("no magic line");
  const magic = data.subarray(0, lineEnd).toString("latin1");
  if (!magic.startsWith(MAGIC)) throw new FrameError("not a twilsock v3.0 frame");
  const headerSize = Number(magic.slice(MAGIC.length));
  if (!Number.isInteger(headerSize) || headerSize <= 0) throw new FrameError("bad header size");
  const headerStart = lineEnd + 2;
  let header: FrameHeader;
  try {
    header = JSON.parse(data.subarray(headerStart, headerStart + headerSize).toString("utf8")) as FrameHeader;
  } catch {
    throw new FrameError("header is not JSON");
  }
  if (!header || typeof header !== "object" || typeof header.method !== "string")
    throw new FrameError("header has no method");
  const size = Number(header.payload_size ?? 0);
  const payloadStart = headerStart + headerSize + 2;
  if (!Number.isInteger(size) || size < 0) throw new FrameError("bad payload_size");
  if (payloadStart + size > data.length) throw new FrameError("payload shorter than payload_size");
  if (size === 0) return { header, payload: undefined };
  const raw = data.subarray(payloadStart, payloadStart + size).toString("utf8");
  // JSON unless said otherwise; other types (the typing indicator's form body) stay text.
  if (typeof header.payload_type === "string" && !header.payload_type.startsWith("application/json"))
    return { header, payload: raw };
  try {
    return { header, payload: JSON.parse(raw) as unknown };
  } catch {
    throw new FrameError("payload is not JSON");
  }
}
