import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Sandbox } from "@/lib/sandbox/sandbox";
import { SandboxStore } from "@/lib/sandbox/store";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("SandboxStore", () => {
  it("keeps conversations, messages, events and its credentials across a restart", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sandbox-"));
    dirs.push(dir);
    const file = path.join(dir, "nested", "sandbox.sqlite");

    const first = new Sandbox(new SandboxStore(file));
    const chat = first.createWebChat({ addressSid: first.credentials.flexAddressSid, customerFriendlyName: "Ana" });
    first.postMessage(
      chat.conversation_sid,
      { author: chat.identity, body: "before the restart" },
      { webhooks: false },
    );
    const credentials = first.credentials;
    const lastEvent = first.store.lastEventId(chat.conversation_sid);
    first.store.close();

    const second = new Sandbox(new SandboxStore(file));
    expect(second.credentials).toEqual(credentials);
    expect(second.store.listMessages(chat.conversation_sid, "asc", 0, 10).map((m) => m.body)).toEqual([
      "before the restart",
    ]);
    expect(second.store.lastEventId(chat.conversation_sid)).toBe(lastEvent);
    const next = second.postMessage(
      chat.conversation_sid,
      { author: chat.identity, body: "after" },
      { webhooks: false },
    );
    expect(next.idx).toBe(1);
    expect(second.store.eventsAfter(chat.conversation_sid, lastEvent).map((e) => e.type)).toEqual(["messageAdded"]);
    second.store.close();
  });

  it("mints SIDs of Twilio's form", () => {
    const sandbox = new Sandbox(new SandboxStore(":memory:"));
    const { conversation_sid, identity } = sandbox.createWebChat({ addressSid: sandbox.credentials.flexAddressSid });
    const participant = sandbox.store.findParticipant(conversation_sid, identity)!;
    const message = sandbox.postMessage(conversation_sid, { author: identity, body: "x" }, { webhooks: false });
    expect(conversation_sid).toMatch(/^CH[0-9a-f]{32}$/);
    expect(participant.sid).toMatch(/^MB[0-9a-f]{32}$/);
    expect(message.sid).toMatch(/^IM[0-9a-f]{32}$/);
    expect(sandbox.store.findUser(identity)?.sid).toMatch(/^US[0-9a-f]{32}$/);
    expect(sandbox.credentials.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
  });

  it("keeps its file to its owner (0600): it holds the key that signs access tokens", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sandbox-"));
    dirs.push(dir);
    const file = path.join(dir, "sandbox.sqlite");
    const sandbox = new Sandbox(new SandboxStore(file));
    sandbox.createWebChat({ addressSid: sandbox.credentials.flexAddressSid });
    for (const name of [file, `${file}-wal`]) expect(statSync(name).mode & 0o777).toBe(0o600);
    sandbox.close();
  });

  it("lets two processes write to one file at once without a failed write", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sandbox-"));
    dirs.push(dir);
    const file = path.join(dir, "shared.sqlite");
    const sandbox = new Sandbox(new SandboxStore(file));
    const { conversation_sid } = sandbox.createWebChat({ addressSid: sandbox.credentials.flexAddressSid });
    sandbox.close();
    const script = path.join(__dirname, "../testing/store-writer.ts");
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ["--conditions=react-server", "--import", "tsx", script, file, conversation_sid, "200"],
          { stdio: ["ignore", "pipe", "inherit"] },
        );
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
        child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`writer exited ${code}`))));
      });
    expect(await Promise.all([run(), run()])).toEqual(["0", "0"]);
    const store = new SandboxStore(file);
    expect(store.listMessages(conversation_sid, "asc", 0, 1000)).toHaveLength(400);
    store.close();
  }, 30_000);
});
