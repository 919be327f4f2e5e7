import "server-only";
import twilio from "twilio";
import { secretKey } from "@/lib/secret-key";
import type { TwilioSettings } from "@/lib/env";
import type { ChatMessage, ConversationState } from "@/lib/chat/types";
import { INITIAL_HISTORY } from "@/lib/chat/types";
import {
  fromMessageObject,
  fromWireMedia,
  parseAttributes,
  toConversationState,
  type WireMedia,
} from "@/lib/chat/twilio-json";
import { chatFriendlyName, type PreEngagement } from "@/lib/pre-engagement";
import { retryOnce, twilioCode, twilioStatus } from "@/lib/twilio/errors";
import { endFlexInteraction } from "@/lib/twilio/flex";
import { signEmailRequest } from "@/lib/transcripts/request";
import type { Locale } from "@/lib/i18n/locales";

/**
 * Server-side Twilio operations of the web chat. They take the client as an argument: the app passes the
 * configured one (lib/twilio/client.ts), tests pass one wired to the sandbox or to a capturing fake.
 */
export type TwilioContext = {
  client: twilio.Twilio;
  settings: TwilioSettings;
  /** The client for Flex `WebChats`: one with the Auth Token when configured, else `client`. */
  flexClient?: twilio.Twilio;
};

export type { PreEngagement } from "@/lib/pre-engagement";

/** PreEngagementData travels into Flex and its task attributes: never more than this, whatever called us. */
export const PRE_ENGAGEMENT_MAX_BYTES = 4096;

export class PreEngagementTooLarge extends Error {
  constructor(bytes: number) {
    super(`PreEngagementData is ${bytes} bytes; the limit is ${PRE_ENGAGEMENT_MAX_BYTES}`);
    this.name = "PreEngagementTooLarge";
  }
}

/** Something after WebChats failed: the chat it made was ended again (task and conversation), so none is left half-made. */
export class WebChatStartFailed extends Error {
  constructor(
    readonly conversationSid: string,
    readonly cause: unknown,
  ) {
    super(`Starting the web chat failed after WebChats created ${conversationSid}; it was closed again`);
    this.name = "WebChatStartFailed";
  }
}

/**
 * Pre-engagement data as a Studio flow can use it: Send to Flex's `attributes` is a JSON template, and a new account's
 * chat flow writes `{"from": "{{trigger.conversation.ChannelAttributes.pre_engagement_data.friendlyName}}"}` into it.
 * Twilio does not say Studio escapes what it renders there, so by the stricter reading a name with a double quote
 * (`Robert "Bob" Smith`) or a question over two lines would make the attributes invalid and the chat would never reach
 * an agent. Every text is written so it cannot: `"` as ”, `\` as ＼, line breaks and tabs as spaces.
 */
export function templateSafe<T>(value: T): T {
  if (typeof value === "string")
    return value
      .replace(/"/g, "\u201d")
      .replace(/\\/g, "\uff3c")
      .replace(/[\r\n\t]+/g, " ") as T;
  if (Array.isArray(value)) return value.map(templateSafe) as T;
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, templateSafe(v)])) as T;
  return value;
}

/**
 * A message from the visitor, written over REST: with the webhook header, so it reaches Flex (and a bot's flow) as
 * the same words typed in the chat would (Twilio, "Troubleshooting Webhook Delivery for Conversations"). Not
 * retried: a second try could post it twice.
 */
export async function postVisitorMessage(
  { client }: TwilioContext,
  conversationSid: string,
  identity: string,
  body: string,
): Promise<void> {
  await client.conversations.v1
    .conversations(conversationSid)
    .messages.create({ author: identity, body, xTwilioWebhookEnabled: "true" });
}

/**
 * Creates the Flex web chat, posts the visitor's question as its first message, then sets its close timers. A
 * returning visitor passes the identity they had, so all their chats belong to one Conversations user.
 *
 * Creates are never retried: a timeout or 5xx may come after Twilio made the WebChat or the message, and a second
 * try would leave an orphaned chat or ask the question twice (firing the flow twice).
 */
export async function startWebChat(
  { client, flexClient, settings }: TwilioContext,
  input: PreEngagement,
  identity?: string,
  timers?: { inactive: string; closed: string },
  /**
   * Where emails can be sent from: the visitor's language and the webhook URL that hears of the conversation's close
   * (a transcript, input.transcriptTo) and of its new messages (replies missed, input.repliesTo).
   */
  emails?: { locale: Locale; webhookUrl: string },
): Promise<{ conversationSid: string; identity: string }> {
  // Flex's own web chat sends friendlyName and question; the configured fields ride along under their names.
  // The starting page rides along too, as Flex's legacy web chat passed its `context`. Each text is made safe for a
  // Studio JSON template (templateSafe): the exact words travel in the name and the first message.
  const preEngagementData = JSON.stringify(
    templateSafe({
      ...input.fields,
      friendlyName: input.name,
      question: input.question,
      ...(input.page ? { page: input.page } : {}),
      // Left while no one answered: the agent replies knowing the visitor may be gone (the email is among the fields).
      ...(input.leftMessage ? { leftMessage: true } : {}),
    }),
  );
  const bytes = Buffer.byteLength(preEngagementData);
  if (bytes > PRE_ENGAGEMENT_MAX_BYTES) throw new PreEngagementTooLarge(bytes);
  const chat = await (flexClient ?? client).flexApi.v2.webChannels.create({
    addressSid: settings.flexAddressSid,
    chatFriendlyName: chatFriendlyName(input.name),
    customerFriendlyName: input.name,
    preEngagementData,
    ...(identity ? { identity } : {}),
  });
  const conversation = client.conversations.v1.conversations(chat.conversationSid);
  // Flex's best practice: timers close chats nobody ends, so no conversation is orphaned. Setting them twice sets the
  // same values, so the update alone may be retried.
  const setTimers = (attributes?: string) =>
    retryOnce(() =>
      conversation.update({
        ...(timers ? { "timers.inactive": timers.inactive, "timers.closed": timers.closed } : {}),
        ...(attributes ? { attributes } : {}),
      }),
    );
  try {
    const wanted = (
      [
        ["transcript", input.transcriptTo, "onConversationStateUpdated"],
        ["replies", input.repliesTo, "onMessageAdded"],
      ] as const
    ).filter(([, to]) => emails && to);
    const wantsEmail = wanted.length > 0;
    if (wantsEmail) {
      // What must be in place before the first message starts the flow, side by side: our signed requests beside
      // Flex's own attributes (pre_engagement_data…, which Flex wrote when it made the conversation; nothing else
      // writes them before the first message), and one webhook for what they need to hear (Twilio, "Conversation
      // Scoped Webhook Resource"; "Conversations Webhooks": onConversationStateUpdated when it closes, whoever closes
      // it; onMessageAdded for each new message). The webhook is not retried: a second one would announce twice
      // (each send is claimed once anyway, lib/rate-limit/index.ts).
      await Promise.all([
        retryOnce(() => conversation.fetch()).then((current) =>
          setTimers(
            JSON.stringify({
              ...parseAttributes(current.attributes),
              ...Object.fromEntries(
                wanted.map(([kind, to]) =>
                  signEmailRequest(kind, settings.apiKeySecret, chat.conversationSid, {
                    to: to!,
                    locale: emails!.locale,
                    identity: chat.identity,
                  }),
                ),
              ),
            }),
          ),
        ),
        conversation.webhooks.create({
          target: "webhook",
          "configuration.url": emails!.webhookUrl,
          "configuration.method": "post",
          "configuration.filters": wanted.map(([, , event]) => event),
        }),
      ]);
    }
    // An invitation the visitor accepted comes first, as the site's own words: a message with no author is the
    // system's ("Defaults to `system`"), from no participant, and fires nothing — the flow starts on the question.
    if (input.invitation) await conversation.messages.create({ body: input.invitation });
    // The question opens the conversation, written as the visitor. Messages created over REST fire no webhooks
    // unless asked to (Twilio, "Troubleshooting Webhook Delivery for Conversations"): without the header the
    // address's Studio flow never runs, "Send to Flex" never makes a task, and no agent sees the visitor.
    await conversation.messages.create({ author: chat.identity, body: input.question, xTwilioWebhookEnabled: "true" });
    // Timers come after the message, never beside it: a failure here must be able to end the task the message made.
    if (timers && !wantsEmail) await setTimers();
  } catch (error) {
    // The first message may have reached Flex (even when its answer was lost), so the Flex side is ended as End chat
    // ends it before the conversation is closed: no task is left queued for a chat nobody can answer.
    await endWebChat({ client, settings }, chat.conversationSid).catch(() => {});
    throw new WebChatStartFailed(chat.conversationSid, error);
  }
  return { conversationSid: chat.conversationSid, identity: chat.identity };
}

type RestMessage = {
  sid: string;
  index: number;
  author: string | null;
  body: string | null;
  dateCreated: Date | null;
  attributes: string | null;
  media: unknown;
  participantSid: string | null;
};

/** The twilio package's message resource: REST JSON's `media` array, camelCase fields. */
function toChatMessageFromRest(m: RestMessage): ChatMessage {
  return fromMessageObject(m, (Array.isArray(m.media) ? (m.media as WireMedia[]) : []).map(fromWireMedia));
}

export type ConversationView = {
  state: ConversationState;
  attributes: Record<string, unknown>;
  messages: ChatMessage[];
};

/** The conversation's state and latest messages (oldest first), or null when it no longer exists. */
export async function loadConversation(
  { client }: TwilioContext,
  conversationSid: string,
): Promise<ConversationView | null> {
  const conversation = client.conversations.v1.conversations(conversationSid);
  try {
    const [resource, latest] = await Promise.all([
      retryOnce(() => conversation.fetch()),
      retryOnce(() => conversation.messages.list({ order: "desc", limit: INITIAL_HISTORY })),
    ]);
    return {
      state: toConversationState(resource.state),
      attributes: parseAttributes(resource.attributes),
      messages: latest.reverse().map(toChatMessageFromRest),
    };
  } catch (error) {
    if (twilioStatus(error) === 404) return null;
    throw error;
  }
}

/**
 * The names visitors may see for the other participants, by identity: the Conversations User's `friendlyName`, which
 * Flex sets from the agent's profile (Twilio's own web chat reads the same field).
 */
export async function agentDisplayNames(
  { client }: TwilioContext,
  conversationSid: string,
  visitorIdentity: string,
  /** Authors of messages already shown: an agent who has left the conversation (wrap-up) still wrote them. */
  authors: readonly string[] = [],
): Promise<Record<string, string>> {
  const participants = await retryOnce(() =>
    client.conversations.v1.conversations(conversationSid).participants.list({ limit: 50 }),
  );
  const identities = new Set([...participants.map((p) => p.identity ?? ""), ...authors]);
  for (const notAgent of [visitorIdentity, "", "system"]) identities.delete(notAgent);
  const users = await Promise.all(
    [...identities]
      .slice(0, 50)
      .map((identity) => retryOnce(() => client.conversations.v1.users(identity).fetch()).catch(() => null)),
  );
  const names: Record<string, string> = {};
  for (const user of users) {
    const name = user?.friendlyName?.trim();
    if (user && name) names[user.identity] = name;
  }
  return names;
}

/** Every message of a conversation, oldest first (for the transcript). */
export async function listAllMessages({ client }: TwilioContext, conversationSid: string): Promise<ChatMessage[]> {
  const messages = await retryOnce(() =>
    client.conversations.v1.conversations(conversationSid).messages.list({ order: "asc", pageSize: 100 }),
  );
  return messages.map(toChatMessageFromRest);
}

/** The conversation's state alone, or null when it no longer exists. */
export async function fetchConversationState(
  { client }: TwilioContext,
  conversationSid: string,
): Promise<ConversationState | null> {
  try {
    const conversation = await retryOnce(() => client.conversations.v1.conversations(conversationSid).fetch());
    return toConversationState(conversation.state);
  } catch (error) {
    if (twilioStatus(error) === 404) return null;
    throw error;
  }
}

/**
 * Restarts a conversation's timers from now (setting them again, as a new message would restart them) and makes an
 * inactive conversation active: the visitor said they are still there. A closed conversation stays closed (Twilio
 * refuses to change it).
 */
export async function restartTimers(
  { client }: TwilioContext,
  conversationSid: string,
  timers: { inactive: string; closed: string },
): Promise<void> {
  await retryOnce(() =>
    client.conversations.v1
      .conversations(conversationSid)
      .update({ state: "active", "timers.inactive": timers.inactive, "timers.closed": timers.closed }),
  );
}

/** The conversation attribute that holds the page the visitor is on now (beside Flex's own attributes). */
export const PAGE_ATTRIBUTE = "webchat_page";

/** Records the page the visitor moved to, for the agent; a closed conversation is left alone (Twilio refuses). */
export async function recordVisitorPage(
  { client }: TwilioContext,
  conversationSid: string,
  page: { path: string; title: string },
): Promise<"recorded" | "closed"> {
  const conversation = client.conversations.v1.conversations(conversationSid);
  const current = await retryOnce(() => conversation.fetch());
  if (current.state === "closed") return "closed";
  const attributes = {
    ...parseAttributes(current.attributes),
    [PAGE_ATTRIBUTE]: { ...page, at: new Date().toISOString() },
  };
  await retryOnce(() => conversation.update({ attributes: JSON.stringify(attributes) }));
  return "recorded";
}

/** The visitor's End chat: the Flex side first (lib/twilio/flex.ts), then the conversation itself. */
export async function endWebChat(ctx: TwilioContext, conversationSid: string): Promise<void> {
  await endFlexInteraction(ctx, conversationSid);
  await closeConversation(ctx, conversationSid);
}

export async function closeConversation({ client }: TwilioContext, conversationSid: string): Promise<void> {
  try {
    // With the header, closing fires the conversation's webhooks, as a close by Flex or a timer does: the transcript
    // webhook learns that the visitor ended the chat (REST changes fire none without it: Twilio, "Troubleshooting
    // Webhook Delivery for Conversations").
    await retryOnce(() =>
      client.conversations.v1.conversations(conversationSid).update({ state: "closed", xTwilioWebhookEnabled: "true" }),
    );
  } catch (error) {
    // Already closed (Twilio 50377: a closed conversation refuses every update) or gone is what End chat wants.
    if (twilioStatus(error) !== 404 && twilioCode(error) !== 50377) throw error;
  }
}

/**
 * A Conversations access token for one identity: API Key signed, Chat grant for the service, bounded TTL, and the
 * account's region when it is not us1 (the browser's client must be told the same region).
 */
export function mintAccessToken(
  settings: Pick<TwilioSettings, "accountSid" | "apiKeySid" | "apiKeySecret" | "conversationsServiceSid" | "region">,
  identity: string,
  ttl: number,
): string {
  // The secret as a key object (lib/secret-key.ts): jsonwebtoken, which twilio signs with, takes one as a secret.
  const secret = secretKey(settings.apiKeySecret) as unknown as string;
  const token = new twilio.jwt.AccessToken(settings.accountSid, settings.apiKeySid, secret, {
    identity,
    ttl,
    ...(settings.region ? { region: settings.region } : {}),
  });
  token.addGrant(new twilio.jwt.AccessToken.ChatGrant({ serviceSid: settings.conversationsServiceSid }));
  return token.toJwt();
}
