import "server-only";
import { z } from "zod";
import { SandboxError, invalidParameter, isSandboxError, notFound } from "@/lib/sandbox/errors";
import { conversationsOrchestration, flexV1, taskRouter, type Route } from "@/lib/sandbox/flex-rest";
import { authenticate, json, page, parse, twilioError } from "@/lib/sandbox/http";
import { mediaContentService } from "@/lib/sandbox/mcs";
import {
  CONVERSATION_FRIENDLY_NAME_MAX,
  IDENTITY_MAX,
  REST_MESSAGE_BODY_MAX,
  type AttributesOwner,
} from "@/lib/flex-limits";
import { REST_BODY_MAX_BYTES, checkedAttributes, readCapped } from "@/lib/sandbox/limits";
import { participantConversationResource, participantResource, userResource } from "@/lib/sandbox/resources";
import { checkRequestBounds } from "@/lib/sandbox/request-constraints";
import type { Sandbox } from "@/lib/sandbox/sandbox";

/**
 * The sandbox's Twilio REST API: Flex v2 `WebChats`, the Conversations v1 resources a web chat uses, and Flex's
 * orchestration (lib/sandbox/flex-rest.ts: address configurations, webhooks, Interactions, TaskRouter), answering
 * in Twilio's shapes and error format. It takes a standard Request, so the twilio package's own request building
 * (lib/twilio/fetch-http-client.ts, wired in lib/twilio/client.ts) is what reaches it.
 */

// Lengths from Conversations Limits: a conversation's FriendlyName (WebChats' ChatFriendlyName) and an Identity are
// at most 256 characters.
const friendlyName = z
  .string()
  .max(CONVERSATION_FRIENDLY_NAME_MAX, `is longer than ${CONVERSATION_FRIENDLY_NAME_MAX} characters`);
const identity = z.string().min(1).max(IDENTITY_MAX, `is longer than ${IDENTITY_MAX} characters`);

const webChatParams = z.object({
  AddressSid: z.string().min(1),
  ChatFriendlyName: friendlyName.optional(),
  CustomerFriendlyName: z.string().optional(),
  PreEngagementData: z.string().optional(),
  Identity: identity.optional(),
});

const stateEnum = z.enum(["active", "inactive", "closed"]);

const conversationParams = z.object({
  FriendlyName: friendlyName.optional(),
  UniqueName: z.string().optional(),
  Attributes: z.string().optional(),
  State: stateEnum.optional(),
  "Timers.Inactive": z.string().optional(),
  "Timers.Closed": z.string().optional(),
});

const messageParams = z.object({
  Author: z.string().optional(),
  // "The content of the message, can be up to 1,600 characters long" (the Messages API, for messages made over REST).
  Body: z
    .string()
    .max(REST_MESSAGE_BODY_MAX, `is longer than ${REST_MESSAGE_BODY_MAX.toLocaleString("en")} characters`)
    .optional(),
  Attributes: z.string().optional(),
  MediaSid: z.string().optional(),
});

const participantParams = z.object({
  Identity: identity,
  Attributes: z.string().optional(),
});

const participantUpdateParams = z.object({
  Attributes: z.string().optional(),
  LastReadMessageIndex: z.coerce.number().int().min(0).optional(),
});

const participantConversationsQuery = z.object({ Identity: identity.optional(), Address: z.string().optional() });

const userParams = z.object({
  Identity: identity,
  FriendlyName: z.string().optional(),
  Attributes: z.string().optional(),
});

function jsonAttributes(value: string | undefined, owner: AttributesOwner): string | undefined {
  return value === undefined ? undefined : checkedAttributes(value, owner);
}

export async function handleRestRequest(sandbox: Sandbox, request: Request): Promise<Response> {
  try {
    if (!authenticate(sandbox, request.headers.get("authorization"))) {
      throw new SandboxError(401, 20003, "Authenticate");
    }
    const url = new URL(request.url);
    const query = Object.fromEntries(url.searchParams);
    const form =
      request.method === "POST"
        ? new URLSearchParams(new TextDecoder().decode(await readCapped(request, REST_BODY_MAX_BYTES)))
        : new URLSearchParams();
    // Every bound Twilio's OpenAPI documents put on a parameter holds before anything else is read.
    checkRequestBounds({
      host: url.hostname,
      method: request.method,
      pathname: url.pathname,
      query: url.searchParams,
      form,
      headers: request.headers,
    });
    // A list parameter repeats its name; its values arrive joined by commas (lists here hold names, never commas).
    const body = Object.fromEntries([...new Set(form.keys())].map((name) => [name, form.getAll(name).join(",")]));
    // Twilio reads this header as the string "true" (twilio-node sends `xTwilioWebhookEnabled: "true"`).
    const webhooks = request.headers.get("x-twilio-webhook-enabled") === "true";
    const ifMatch = request.headers.get("if-match") ?? undefined;
    return route({ sandbox, method: request.method, url, query, body, segments: [], ifMatch }, webhooks);
  } catch (error) {
    if (isSandboxError(error)) return twilioError(error);
    throw error;
  }
}

function route(request: Route, webhooks: boolean): Response {
  const { sandbox, method, url, query, body } = request;
  const creds = sandbox.credentials;
  const store = sandbox.store;
  const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const product = url.hostname.split(".")[0];
  const routed = { ...request, segments };
  if (product === "mcs") return mediaContentService(routed, sandbox.mediaOrigin);

  if (segments[0] === "v1") {
    const answer =
      product === "flex-api"
        ? flexV1(routed)
        : product === "taskrouter"
          ? taskRouter(routed)
          : product === "conversations"
            ? conversationsOrchestration(routed)
            : null;
    if (answer) return answer;
    if (product !== "conversations") throw notFound(url.pathname);
  }

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

  // The conversations an identity takes part in, closed ones included (their `conversation_state` may be `closed`:
  // twilio_conversations_v1, ParticipantConversations). "Only one parameter should be specified": both or neither is
  // refused here, the stricter reading of that sentence. The document names no order, so the sandbox answers in
  // conversation-SID order: never newest first, so a caller that needs an order must sort.
  if (collection === "ParticipantConversations") {
    if (sid !== undefined || method !== "GET") throw notFound(url.pathname);
    const { Identity, Address } = parse(participantConversationsQuery, query);
    if ((Identity === undefined) === (Address === undefined)) {
      throw invalidParameter("Specify exactly one of Identity or Address");
    }
    // Every sandbox participant is a Conversations user: none has a messaging binding an Address could name.
    const userSid = Identity === undefined ? null : (store.findUser(Identity)?.sid ?? null);
    return json(
      200,
      page(
        "conversations",
        url,
        query,
        (o, l) => (Identity === undefined ? [] : store.listParticipantConversations(Identity, o, l)),
        ({ participant, conversation }) =>
          participantConversationResource(
            participant,
            conversation,
            userSid,
            creds,
            sandbox.timers.json(conversation.sid),
          ),
      ),
    );
  }

  if (collection === "Users") {
    if (sid === undefined) {
      if (method === "GET") {
        return json(
          200,
          page(
            "users",
            url,
            query,
            (o, l) => store.listUsers(o, l),
            (u) => userResource(u, creds),
          ),
        );
      }
      if (method === "POST") {
        const p = parse(userParams, body);
        if (store.findUser(p.Identity)) throw new SandboxError(409, 50201, "User already exists");
        const row = store.upsertUser(p.Identity, p.FriendlyName ?? null, jsonAttributes(p.Attributes, "user"));
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
        page(
          "conversations",
          url,
          query,
          (o, l) => store.listConversations(State, o, l),
          (c) => sandbox.conversationJson(c),
        ),
      );
    }
    if (method === "POST") {
      const p = parse(conversationParams, body);
      // Twilio 50384: "Initial state can't be 'closed'".
      if (p.State === "closed") throw new SandboxError(400, 50384, "Initial state can't be 'closed'");
      const row = store.createConversation({
        friendlyName: p.FriendlyName,
        uniqueName: p.UniqueName,
        attributes: jsonAttributes(p.Attributes, "conversation"),
      });
      const final =
        p.State && p.State !== "active" ? sandbox.setConversationState(row.sid, p.State, {}, { webhooks }) : row;
      setTimers(sandbox, final.sid, p);
      return json(201, sandbox.conversationJson(final));
    }
    throw notFound(url.pathname);
  }

  const conversation = sandbox.requireConversation(sid);

  if (sub === undefined) {
    if (method === "GET") return json(200, sandbox.conversationJson(conversation));
    if (method === "POST") {
      const p = parse(conversationParams, body);
      const row = sandbox.setConversationState(
        conversation.sid,
        p.State ?? conversation.state,
        {
          friendlyName: p.FriendlyName,
          uniqueName: p.UniqueName,
          attributes: jsonAttributes(p.Attributes, "conversation"),
        },
        { webhooks },
      );
      if (row.state !== "closed") setTimers(sandbox, row.sid, p);
      return json(200, sandbox.conversationJson(store.getConversation(row.sid)!));
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
          page(
            "messages",
            url,
            query,
            (o, l) => store.listMessages(conversation.sid, order, o, l),
            (m) => sandbox.messageJson(m),
          ),
        );
      }
      if (method === "POST") {
        const p = parse(messageParams, body);
        // The server's own credentials: only Twilio's per-conversation ceiling applies.
        sandbox.messageRate.take(conversation.sid, null);
        const row = sandbox.postMessage(
          conversation.sid,
          {
            author: p.Author,
            body: p.Body,
            attributes: jsonAttributes(p.Attributes, "message"),
            mediaSids: p.MediaSid ? [p.MediaSid] : [],
          },
          { webhooks },
        );
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
          page(
            "participants",
            url,
            query,
            (o, l) => store.listParticipants(conversation.sid, o, l),
            (p) => participantResource(p, creds),
          ),
        );
      }
      if (method === "POST") {
        const p = parse(participantParams, body);
        const row = sandbox.addParticipant(conversation.sid, p.Identity, jsonAttributes(p.Attributes, "participant"));
        return json(201, participantResource(row, creds));
      }
    } else {
      const participant = store.getParticipant(conversation.sid, subSid);
      if (!participant) throw notFound(url.pathname.replace(/^\/v1/, ""));
      if (method === "GET") return json(200, participantResource(participant, creds));
      if (method === "POST") {
        const p = parse(participantUpdateParams, body);
        const row = sandbox.updateParticipant(conversation.sid, participant.sid, {
          attributes: jsonAttributes(p.Attributes, "participant"),
          lastReadMessageIndex: p.LastReadMessageIndex,
        });
        return json(200, participantResource(row, creds));
      }
      if (method === "DELETE") {
        sandbox.removeParticipant(conversation.sid, participant.sid);
        return new Response(null, { status: 204 });
      }
    }
  }
  throw notFound(url.pathname);
}

function setTimers(sandbox: Sandbox, conversationSid: string, p: z.infer<typeof conversationParams>): void {
  const inactive = p["Timers.Inactive"];
  const closed = p["Timers.Closed"];
  if (inactive !== undefined || closed !== undefined) sandbox.timers.set(conversationSid, { inactive, closed });
}
