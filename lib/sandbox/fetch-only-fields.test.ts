import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleRestRequest } from "@/lib/sandbox/rest";
import { DOCUMENTS, readDocument } from "@/lib/testing/oai-constraints";
import { createSandboxFixture } from "@/lib/testing/sandbox-fixture";
import { startWebChat } from "@/lib/twilio/webchat";

// Twilio's documents say of some fields that a list shows them as null and only a single FETCH their value (a task's
// `attributes`, a user's `is_online`). Read to the letter: every such description found in the vendored documents,
// every list operation answering that resource, and the sandbox's list answer must carry null there.

const FETCH_ONLY = /only (?:be displayed in|returned by) FETCH/i;

type Schema = {
  $ref?: string;
  type?: string;
  items?: Schema;
  properties?: Record<string, Schema & { description?: string }>;
};
type ListOperation = { host: string; path: string; key: string; schema: string; fields: string[] };

function listOperations(): ListOperation[] {
  const found: ListOperation[] = [];
  for (const file of DOCUMENTS) {
    const document = readDocument(file) as unknown as {
      servers: { url: string }[];
      paths: Record<
        string,
        {
          servers?: { url: string }[];
          get?: { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> };
        }
      >;
      components: { schemas: Record<string, Schema> };
    };
    const fetchOnly = new Map<string, string[]>();
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      const fields = Object.entries(schema.properties ?? {})
        .filter(([, p]) => FETCH_ONLY.test(p.description ?? ""))
        .map(([f]) => f);
      if (fields.length > 0) fetchOnly.set(name, fields);
    }
    for (const [path, item] of Object.entries(document.paths)) {
      const answer = item.get?.responses?.["200"]?.content?.["application/json"]?.schema;
      for (const [key, property] of Object.entries(answer?.properties ?? {})) {
        const schema = property.type === "array" ? property.items?.$ref?.split("/").at(-1) : undefined;
        const fields = schema ? fetchOnly.get(schema) : undefined;
        if (fields)
          found.push({
            host: new URL((item.servers ?? document.servers)[0]!.url).host,
            path,
            key,
            schema: schema!,
            fields,
          });
      }
    }
  }
  return found;
}

const fixture = createSandboxFixture();
afterAll(() => fixture.close());
beforeAll(async () => {
  // Something in every list: a web chat (its task), and a Conversations user.
  await startWebChat(fixture.ctx, { name: "Ana", question: "Hi" });
  await fixture.ctx.client.conversations.v1.users.create({ identity: "agent-ana", friendlyName: "Ana" });
});

function get(host: string, path: string): Promise<Response> {
  const { apiKeySid, apiKeySecret } = fixture.ctx.settings;
  const filled = path.replace("{WorkspaceSid}", fixture.sandbox.flex.data.ids.workspaceSid);
  expect(filled, `a value for each path parameter of ${path}`).not.toMatch(/\{/);
  return handleRestRequest(
    fixture.sandbox,
    new Request(`https://${host}${filled}`, {
      headers: { authorization: `Basic ${Buffer.from(`${apiKeySid}:${apiKeySecret}`).toString("base64")}` },
    }),
  );
}

const operations = listOperations();

describe("fields Twilio shows only on a single FETCH are null in the sandbox's lists", () => {
  it("finds the fields the documents describe so (a task's attributes, a user's is_online and is_notifiable)", () => {
    const named = operations.map((o) => `${o.path}: ${o.fields.join(", ")}`);
    expect(named).toEqual(
      expect.arrayContaining([
        "/v1/Workspaces/{WorkspaceSid}/Tasks: attributes",
        "/v1/Users: is_online, is_notifiable",
      ]),
    );
  });

  it.each(operations.map((o) => [`${o.host}${o.path}`, o] as const))(
    "%s answers them as null",
    async (_, operation) => {
      const response = await get(operation.host, operation.path);
      expect(response.status).toBe(200);
      const items = ((await response.json()) as Record<string, Record<string, unknown>[]>)[operation.key]!;
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) for (const field of operation.fields) expect(item[field], field).toBeNull();
    },
  );
});
