import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Exchange } from "@/lib/twilio/fetch-http-client";

/**
 * Validates HTTP exchanges with Twilio (or the sandbox standing in for it) against Twilio's OpenAPI documents:
 * the operation exists, every form/query parameter is one the operation declares, required ones are present and
 * typed right, and the JSON answer matches the documented response schema for its status.
 */

// ajv-formats ships CommonJS with a default export that ESM interop may wrap once more.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

type Operation = {
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
};
type Spec = { paths: Record<string, Record<string, Operation>> };

const SPEC_DIR = path.join(__dirname, "twilio-oai");
const SPECS: { host: string; id: string; file: string }[] = [
  { host: "flex-api.twilio.com", id: "flex-v2", file: "twilio_flex_v2.json" },
  { host: "flex-api.twilio.com", id: "flex-v1", file: "twilio_flex_v1.interactions-subset.json" },
  { host: "conversations.twilio.com", id: "conversations-v1", file: "twilio_conversations_v1.webchat-subset.json" },
  {
    host: "conversations.twilio.com",
    id: "conversations-v1-orchestration",
    file: "twilio_conversations_v1.orchestration-subset.json",
  },
  { host: "taskrouter.twilio.com", id: "taskrouter-v1", file: "twilio_taskrouter_v1.tasks-subset.json" },
  {
    host: "taskrouter.twilio.com",
    id: "taskrouter-v1-queue-statistics",
    file: "twilio_taskrouter_v1.queue-statistics-subset.json",
  },
  {
    host: "conversations.twilio.com",
    id: "conversations-v1-participant-conversations",
    file: "twilio_conversations_v1.participant-conversations-subset.json",
  },
];

/** Headers the twilio package always sends; every other request header must be a documented parameter. */
const TRANSPORT_HEADERS = new Set(["authorization", "content-type", "accept", "accept-charset", "user-agent"]);

/** OpenAPI 3.0 allows `nullable` on untyped schemas (which accept null anyway); Ajv wants a type beside it. */
function dropUntypedNullable(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(dropUntypedNullable);
  if (node && typeof node === "object") {
    const record = node as Record<string, unknown>;
    if ("nullable" in record && !("type" in record)) delete record.nullable;
    Object.values(record).forEach(dropUntypedNullable);
  }
}

function pointer(...parts: string[]): string {
  return parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

export class OpenApiContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly coercing = new Ajv({ strict: false, allErrors: true, coerceTypes: true });
  private readonly specs = new Map<string, { id: string; spec: Spec }[]>();
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    for (const ajv of [this.ajv, this.coercing]) {
      addFormats(ajv);
      ajv.addFormat("uri-map", true);
      ajv.addFormat("int64", true);
    }
    for (const { host, id, file } of SPECS) {
      const spec = JSON.parse(readFileSync(path.join(SPEC_DIR, file), "utf8")) as Spec;
      dropUntypedNullable(spec);
      this.specs.set(host, [...(this.specs.get(host) ?? []), { id, spec }]);
      this.ajv.addSchema(spec as object, id);
      this.coercing.addSchema(spec as object, id);
    }
  }

  private find(exchange: Exchange) {
    const url = new URL(exchange.url);
    const entries = this.specs.get(url.hostname);
    if (!entries) throw new Error(`No OpenAPI document for host ${url.hostname}`);
    for (const entry of entries) {
      for (const [template, item] of Object.entries(entry.spec.paths)) {
        const regex = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
        const operation = item[exchange.method.toLowerCase()];
        if (regex.test(url.pathname) && operation) return { ...entry, template, operation, url };
      }
    }
    throw new Error(
      `${exchange.method} ${url.pathname} is not an operation of ${entries.map((e) => e.id).join(" or ")}`,
    );
  }

  private validator(ajv: Ajv, id: string, ref: string): ValidateFunction {
    const key = `${ajv === this.ajv ? "strict" : "coerce"}:${id}#${ref}`;
    let validate = this.cache.get(key);
    if (!validate) {
      validate = ajv.compile({ $ref: `${id}#/${ref}` });
      this.cache.set(key, validate);
    }
    return validate;
  }

  /** A schema with its `$ref`s followed, in the document `id`. */
  private resolve(id: string, schema: unknown): { type?: string } {
    const document = [...this.specs.values()].flat().find((entry) => entry.id === id)!.spec as unknown as {
      components: { schemas: Record<string, unknown> };
    };
    let node = (schema ?? {}) as { $ref?: string; type?: string };
    while (node.$ref) node = (document.components.schemas[node.$ref.split("/").at(-1)!] ?? {}) as typeof node;
    return node;
  }

  /** Problems with one exchange; an empty list means it conforms. */
  check(exchange: Exchange): string[] {
    const problems: string[] = [];
    const { id, template, operation, url } = this.find(exchange);
    const where = `${exchange.method} ${template}`;
    const method = exchange.method.toLowerCase();

    const declaredQuery = new Set((operation.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name));
    for (const name of url.searchParams.keys()) {
      if (!declaredQuery.has(name)) problems.push(`${where}: undeclared query parameter ${name}`);
    }
    // Values too: a query or header value outside its documented bounds (enum, pattern, range) is a request Twilio refuses.
    (operation.parameters ?? []).forEach((parameter, index) => {
      if (parameter.in !== "query" && parameter.in !== "header") return;
      const values =
        parameter.in === "query"
          ? url.searchParams.getAll(parameter.name)
          : [exchange.headers?.[parameter.name.toLowerCase()]].filter((v): v is string => v !== undefined);
      if (values.length === 0) return;
      const validate = this.validator(
        this.coercing,
        id,
        pointer("paths", template, method, "parameters", String(index), "schema"),
      );
      const isList = this.resolve(id, (parameter as { schema?: unknown }).schema).type === "array";
      for (const value of isList ? [values] : values) {
        if (!validate(value))
          problems.push(
            `${where}: ${parameter.in} parameter ${parameter.name}: ${this.coercing.errorsText(validate.errors)}`,
          );
      }
    });
    const declaredHeaders = new Set(
      (operation.parameters ?? []).filter((p) => p.in === "header").map((p) => p.name.toLowerCase()),
    );
    for (const name of Object.keys(exchange.headers ?? {})) {
      if (!TRANSPORT_HEADERS.has(name) && !declaredHeaders.has(name))
        problems.push(`${where}: undeclared header ${name}`);
    }

    if (exchange.body) {
      const form = operation.requestBody?.content["application/x-www-form-urlencoded"];
      if (!form) {
        problems.push(`${where}: sent a body, but the operation takes none`);
      } else {
        if (exchange.contentType !== "application/x-www-form-urlencoded") {
          problems.push(`${where}: body sent as ${exchange.contentType}, not form-encoded`);
        }
        // A list parameter repeats its name (twilio-node's arrayFormat "repeat"): read it back as an array.
        const sent = new URLSearchParams(exchange.body);
        const properties = (form.schema.properties ?? {}) as Record<string, { type?: string }>;
        const params = Object.fromEntries(
          [...new Set(sent.keys())].map((name) => [
            name,
            properties[name]?.type === "array" ? sent.getAll(name) : sent.get(name),
          ]),
        );
        const declared = new Set(Object.keys(properties));
        for (const name of Object.keys(params)) {
          if (!declared.has(name)) problems.push(`${where}: undeclared form parameter ${name}`);
        }
        const validate = this.validator(
          this.coercing,
          id,
          pointer("paths", template, method, "requestBody", "content", "application/x-www-form-urlencoded", "schema"),
        );
        if (!validate(params)) problems.push(`${where} request: ${this.coercing.errorsText(validate.errors)}`);
      }
    } else if (operation.requestBody?.content["application/x-www-form-urlencoded"]?.schema.required?.length) {
      problems.push(`${where}: the operation requires a body`);
    }

    const response = operation.responses[String(exchange.status)];
    if (exchange.status < 400) {
      if (!response) {
        problems.push(`${where}: status ${exchange.status} is not a documented response`);
      } else if (response.content?.["application/json"]) {
        let body: unknown;
        try {
          body = JSON.parse(exchange.responseBody);
        } catch {
          problems.push(`${where}: response is not JSON`);
          return problems;
        }
        const validate = this.validator(
          this.ajv,
          id,
          pointer(
            "paths",
            template,
            method,
            "responses",
            String(exchange.status),
            "content",
            "application/json",
            "schema",
          ),
        );
        if (!validate(body)) problems.push(`${where} response: ${this.ajv.errorsText(validate.errors)}`);
      }
    } else {
      // Twilio's documents leave errors out; check the shape Twilio's libraries parse instead.
      const body = JSON.parse(exchange.responseBody) as Record<string, unknown>;
      for (const field of ["code", "message", "status"]) {
        if (!(field in body)) problems.push(`${where}: error answer lacks "${field}"`);
      }
    }
    return problems;
  }
}
