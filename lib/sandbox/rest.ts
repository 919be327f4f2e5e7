import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import {
  conversationResource,
  participantResource,
  userResource,
} from "@/lib/sandbox/resources";
import { Sandbox, SandboxError, notFound } from "@/lib/sandbox/sandbox";

/**
 * The sandbox's Twilio REST API: Flex v2 `WebChats` and the Conversations v1 resources a web chat uses, answering
 * in Twilio's shapes and error format. It takes a standard Request, so the twilio package's own request building
 * (lib/twilio/sandbox-http-client.ts) is what reaches it.
 */

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

function twilioError(error: SandboxError): Response {
  return json(error.status, {
    code: error.code,
    message: error.message,
    more_info: `https://www.twilio.com/docs/errors/${error.code}`,
    status: error.status,
  });
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function authenticate(sandbox: Sandbox, header: string | null): boolean {
  if (!header?.startsWith("Basic ")) return false;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  const { apiKeySid, apiKeySecret } = sandbox.credentials;
  return safeEqual(decoded.slice(0, colon), apiKeySid) && safeEqual(decoded.slice(colon + 1), apiKeySecret);
}

const paging = z.object({
  PageSize: z.coerce.number().int().min(1).max(100).default(50),
  Page: z.coerce.number().int().min(0).default(0),
});

function parse<T extends z.ZodType>(schema: T, params: Record<string, string>): z.infer<T> {
  const result = schema.safeParse(params);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join(".");
    const message =
      issue.code === "invalid_type" && issue.input === undefined
        ? `Missing required parameter ${field} in the post body`
        : `Invalid parameter ${field}: ${issue.message}`;
    throw new SandboxError(400, 20001, message);
  }
  return result.data;
}

function page<T>(
  key: string,
  url: URL,
  query: Record<string, string>,
  fetchRows: (offset: number, limit: number) => T[],
  serialize: (row: T) => unknown,
) {
  const { PageSize, Page } = parse(paging, query);
  // One row more than asked tells whether a next page exists.
  const rows = fetchRows(Page * PageSize, PageSize + 1);
  const base = `${url.origin}${url.pathname}`;
  const link = (n: number) => {
    const params = new URLSearchParams(query);
    params.delete("PageToken");
    params.set("PageSize", String(PageSize));
    params.set("Page", String(n));
    if (n > 0) params.set("PageToken", `PT${n * PageSize}`);
    return `${base}?${params.toString()}`;
  };
  return {
    [key]: rows.slice(0, PageSize).map(serialize),
    meta: {
      page: Page,
      page_size: PageSize,
      first_page_url: link(0),
      previous_page_url: Page > 0 ? link(Page - 1) : null,
      url: link(Page),
      next_page_url: rows.length > PageSize ? link(Page + 1) : null,
      key,
    },
  };
}

const webChatParams = z.object({
  AddressSid: z.string().min(1),
  ChatFriendlyName: z.string().optional(),
  CustomerFriendlyName: z.string().optional(),
  PreEngagementData: z.string().optional(),
  Identity: z.string().min(1).optional(),
});

const stateEnum = z.enum(["active", "inactive", "closed"]);

const conversationParams = z.object({
  FriendlyName: z.string().optional(),
  UniqueName: z.string().optional(),
  Attributes: z.string().optional(),
  State: stateEnum.optional(),
});

const messageParams = z.object({
  Author: z.string().optional(),
  Body: z.string().optional(),
  Attributes: z.string().optional(),
  MediaSid: z.string().optional(),
});

const participantParams = z.object({
  Identity: z.string().min(1),
  Attributes: z.string().optional(),
});

const participantUpdateParams = z.object({
  Attributes: z.string().optional(),
  LastReadMessageIndex: z.coerce.number().int().min(0).optional(),
});

const userParams = z.object({
  Identity: z.string().min(1),
  FriendlyName: z.string().optional(),
  Attributes: z.string().optional(),
});

function jsonAttributes(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    JSON.parse(value);
    return value;
  } catch {
    throw new SandboxError(400, 20001, "Invalid parameter Attributes: expected a JSON string");
  }
}

export async function handleRestRequest(sandbox: Sandbox, request: Request): Promise<Response> {
  try {
    if (!authenticate(sandbox, request.headers.get("authorization"))) {
      throw new SandboxError(401, 20003, "Authenticate");
    }
    const url = new URL(request.url);
    const query = Object.fromEntries(url.searchParams);
    const body =
      request.method === "POST" ? Object.fromEntries(new URLSearchParams(await request.text())) : {};
    return route(sandbox, request.method, url, query, body);
  } catch (error) {
    if (error instanceof SandboxError) return twilioError(error);
    throw error;
  }
}

function route(
  sandbox: Sandbox,
  method: string,
  url: URL,
  query: Record<string, string>,
  body: Record<string, string>,
): Response {
  const creds = sandbox.credentials;
  const store = sandbox.store;
  const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const product = url.hostname.split(".")[0];

  if (product === "flex-api") {
    if (method === "POST" && segments.join("/") === "v2/WebChats") {
      const p = parse(webChatParams, body);
      return json(
        201,
        sandbox.createWebChat({
          addressSid: p.AddressSid,
          chatFriendlyName: p.ChatFriendlyName,
          customerFriendlyName: p.CustomerFriendlyName,
          preEngagementData: p.PreEngagementData,
          identity: p.Identity,
        }),
      );
    }
    throw notFound(url.pathname);
  }
  if (product !== "conversations" || segments[0] !== "v1") throw notFound(url.pathname);

  const [, collection, sid, sub, subSid, extra] = segments;
  if (extra !== undefined) throw notFound(url.pathname);

  if (collection === "Users") {
    if (sid === undefined) {
      if (method === "GET") {
        return json(200, page("users", url, query, (o, l) => store.listUsers(o, l), (u) => userResource(u, creds)));
      }
      if (method === "POST") {
        const p = parse(userParams, body);
        if (store.findUser(p.Identity)) throw new SandboxError(409, 50201, "User already exists");
        const row = store.upsertUser(p.Identity, p.FriendlyName ?? null, jsonAttributes(p.Attributes));
        return json(201, userResource(row, creds));
      }
    } else if (sub === undefined) {
      const user = store.getUser(sid);
      if (!user) throw notFound(`/Users/${sid}`);
      if (method === "GET") return json(200, userResource(user, creds));
      if (method === "POST") {
        const row = store.upsertUser(user.identity, body.FriendlyName ?? null);
        return json(200, userResource(row, creds));
      }
      if (method === "DELETE") {
        store.db.prepare("delete from users where sid = ?").run(user.sid);
        return new Response(null, { status: 204 });
      }
    }
    throw notFound(url.pathname);
  }

  if (collection !== "Conversations") throw notFound(url.pathname);

  if (sid === undefined) {
    if (method === "GET") {
      const { State } = parse(z.object({ State: stateEnum.optional() }), query);
      return json(
        200,
        page("conversations", url, query, (o, l) => store.listConversations(State, o, l), (c) => conversationResource(c, creds)),
      );
    }
    if (method === "POST") {
      const p = parse(conversationParams, body);
      const row = store.createConversation({
        friendlyName: p.FriendlyName,
        uniqueName: p.UniqueName,
        attributes: jsonAttributes(p.Attributes),
      });
      const final = p.State && p.State !== "active" ? sandbox.setConversationState(row.sid, p.State) : row;
      return json(201, conversationResource(final, creds));
    }
    throw notFound(url.pathname);
  }

  const conversation = sandbox.requireConversation(sid);

  if (sub === undefined) {
    if (method === "GET") return json(200, conversationResource(conversation, creds));
    if (method === "POST") {
      const p = parse(conversationParams, body);
      const row = sandbox.setConversationState(conversation.sid, p.State ?? conversation.state, {
        friendlyName: p.FriendlyName,
        uniqueName: p.UniqueName,
        attributes: jsonAttributes(p.Attributes),
      });
      return json(200, conversationResource(row, creds));
    }
    if (method === "DELETE") {
      store.deleteConversation(conversation.sid);
      return new Response(null, { status: 204 });
    }
    throw notFound(url.pathname);
  }

  if (sub === "Messages") {
    if (subSid === undefined) {
      if (method === "GET") {
        const order = query.Order === "desc" ? "desc" : "asc";
        return json(
          200,
          page("messages", url, query, (o, l) => store.listMessages(conversation.sid, order, o, l), (m) => sandbox.messageJson(m)),
        );
      }
      if (method === "POST") {
        const p = parse(messageParams, body);
        const row = sandbox.postMessage(conversation.sid, {
          author: p.Author,
          body: p.Body,
          attributes: jsonAttributes(p.Attributes),
          mediaSids: p.MediaSid ? [p.MediaSid] : [],
        });
        return json(201, sandbox.messageJson(row));
      }
    } else {
      const message = store.getMessage(conversation.sid, subSid);
      if (!message) throw notFound(url.pathname.replace(/^\/v1/, ""));
      if (method === "GET") return json(200, sandbox.messageJson(message));
      if (method === "DELETE") {
        store.db.prepare("delete from messages where sid = ?").run(message.sid);
        return new Response(null, { status: 204 });
      }
    }
    throw notFound(url.pathname);
  }

  if (sub === "Participants") {
    if (subSid === undefined) {
      if (method === "GET") {
        return json(
          200,
          page("participants", url, query, (o, l) => store.listParticipants(conversation.sid, o, l), (p) => participantResource(p, creds)),
        );
      }
      if (method === "POST") {
        const p = parse(participantParams, body);
        const row = sandbox.addParticipant(conversation.sid, p.Identity, jsonAttributes(p.Attributes));
        return json(201, participantResource(row, creds));
      }
    } else {
      const participant = store.getParticipant(conversation.sid, subSid);
      if (!participant) throw notFound(url.pathname.replace(/^\/v1/, ""));
      if (method === "GET") return json(200, participantResource(participant, creds));
      if (method === "POST") {
        const p = parse(participantUpdateParams, body);
        const row = sandbox.updateParticipant(conversation.sid, participant.sid, {
          attributes: jsonAttributes(p.Attributes),
          lastReadMessageIndex: p.LastReadMessageIndex,
        });
        return json(200, participantResource(row, creds));
      }
      if (method === "DELETE") {
        store.deleteParticipant(participant.sid);
        return new Response(null, { status: 204 });
      }
    }
  }
  throw notFound(url.pathname);
}
