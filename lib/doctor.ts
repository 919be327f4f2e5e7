import type twilio from "twilio";
import { EnvError, TWILIO_VARIABLES, parseEnv, sharedStateRisks, type Env, type TwilioSettings } from "@/lib/env";

/** One finding of `npm run doctor`. */
export type Finding = { level: "ok" | "warn" | "error"; text: string };

/** Read-only calls that confirm the credentials and SIDs with Twilio (injected so tests need no network). */
export type TwilioProbe = {
  /** Conversations `GET /v1/Configuration`: the account's default service, where WebChats creates chats. */
  conversationsDefaults(settings: TwilioSettings): Promise<{ defaultChatServiceSid: string | null }>;
  /** Conversations `GET /v1/Configuration/Addresses/{IG}`: its type and what it hands new chats to. */
  address(
    settings: TwilioSettings,
  ): Promise<{ type: string; friendlyName: string; integration: { enabled: boolean; type: string | null } }>;
  /** Flex `GET /v1/Configuration`: the TaskRouter workspace the app ends chats in. */
  flexConfiguration(settings: TwilioSettings): Promise<{ workspaceSid: string | null }>;
  /** The hosts the calls above went to (region and edge rewrite them), when the client records them. */
  hostsReached?(): string[];
};

/** The probe over a real twilio client (Twilio in `npm run doctor`, the sandbox in tests). */
export function twilioProbe(
  clientFor: (settings: TwilioSettings) => twilio.Twilio,
  hostsReached?: () => string[],
): TwilioProbe {
  return {
    hostsReached,
    async conversationsDefaults(settings) {
      const config = await clientFor(settings).conversations.v1.configuration().fetch();
      return { defaultChatServiceSid: config.defaultChatServiceSid ?? null };
    },
    async address(settings) {
      const address = await clientFor(settings).conversations.v1.addressConfigurations(settings.flexAddressSid).fetch();
      const autoCreation = (address.autoCreation ?? {}) as { enabled?: unknown; type?: unknown };
      return {
        type: address.type,
        friendlyName: address.friendlyName ?? "",
        integration: {
          enabled: autoCreation.enabled === true,
          type: typeof autoCreation.type === "string" ? autoCreation.type : null,
        },
      };
    },
    async flexConfiguration(settings) {
      const config = await clientFor(settings).flexApi.v1.configuration().fetch();
      return { workspaceSid: config.taskrouterWorkspaceSid ?? null };
    },
  };
}

const WHERE: Record<(typeof TWILIO_VARIABLES)[number], string> = {
  TWILIO_ACCOUNT_SID: "find it in Twilio Console → Account Info (starts with AC)",
  TWILIO_API_KEY_SID: "create one in Console → Account → API keys & tokens, type Standard (starts with SK)",
  TWILIO_API_KEY_SECRET: "it is shown once, when you create the API key",
  TWILIO_CONVERSATIONS_SERVICE_SID: "find it in Console → Conversations → Services, the Flex one (starts with IS)",
  TWILIO_FLEX_ADDRESS_SID:
    "find it in Flex Console → Messaging → Conversations Addresses, the web chat one (starts with IG, not IS)",
};

function describeProbeError(error: unknown): string {
  const status = typeof error === "object" && error && "status" in error ? Number(error.status) : undefined;
  if (status === 401)
    return "Twilio refused the API key (401, code 20003): check the Account SID, API Key SID and secret";
  if (status === 404) return "Twilio does not know this SID in this account (404, code 20404)";
  if (status === 403) return "the API key may not read this resource (403): use a Standard key of the same account";
  if (status !== undefined) return `Twilio answered ${status}`;
  return `Twilio could not be reached (${error instanceof Error ? error.message : String(error)}); check the network`;
}

/** Checks the configuration for a real deployment and, when a probe is given, confirms it with Twilio. */
export async function diagnose(source: Record<string, string | undefined>, probe?: TwilioProbe): Promise<Finding[]> {
  const findings: Finding[] = [];
  let env;
  try {
    env = parseEnv({ ...source, NODE_ENV: "production" });
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    for (const problem of error.problems) findings.push({ level: "error", text: problem });
    // Where to find each missing one, once: the problem above already says that it is missing.
    for (const name of TWILIO_VARIABLES) {
      if (!source[name]?.trim()) findings.push({ level: "warn", text: `${name}: ${WHERE[name]}` });
    }
    return findings;
  }

  findings.push({ level: "ok", text: "SESSION_SECRET is set and long enough" });
  if (env.mode === "sandbox") {
    findings.push({
      level: "warn",
      text: "No Twilio variable is set: the app runs on its embedded sandbox, which is for development and demos",
    });
    return findings;
  }
  findings.push({ level: "ok", text: "All Twilio variables are set and well-formed" });
  if (env.embedOrigins.length > 0) {
    findings.push({
      level: "ok",
      text: `Embedding allowed for ${env.embedOrigins.join(", ")}: cookies are SameSite=None; Secure; Partitioned (serve the chat over HTTPS)`,
    });
    for (const origin of env.embedOrigins) {
      const { protocol, hostname } = new URL(origin);
      if (protocol === "http:" && hostname !== "localhost" && hostname !== "127.0.0.1") {
        findings.push({
          level: "warn",
          text: `EMBED_ALLOWED_ORIGINS lists ${origin} over plain HTTP: visitors' details would cross the network unencrypted on that page`,
        });
      }
    }
  }
  const risks = sharedStateRisks(env);
  findings.push(
    ...(env.redisUrl
      ? [{ level: "ok" as const, text: "Chat-start limits and transcript sends are shared through Redis (REDIS_URL)" }]
      : risks.length > 0
        ? risks.map((text) => ({ level: "warn" as const, text }))
        : [
            {
              level: "warn" as const,
              text: "REDIS_URL is not set: chat-start limits and transcript sends are counted per server instance; set it if you run several",
            },
          ]),
  );
  findings.push(
    env.transcripts
      ? {
          level: "ok",
          text: `Transcript emails are on: sent from ${env.transcripts.from}; Twilio posts "chat ended" to ${env.transcripts.webhookOrigin}/api/webhooks/conversations`,
        }
      : {
          level: "warn",
          text: "Transcript emails are off (the form offers no email copy): set SMTP_URL, TRANSCRIPT_FROM, PUBLIC_URL and TWILIO_AUTH_TOKEN to offer them",
        },
  );
  findings.push(missedRepliesFinding(env));
  // Twilio documents API keys for flex-api.twilio.com (its "Authentication" for the Flex APIs) and says nothing
  // particular of WebChats; Twilio's own web chat servers call WebChats with the Auth Token, so either is offered.
  findings.push({
    level: "ok",
    text: env.twilio.authToken
      ? "Flex WebChats is called with the Account SID and Auth Token (TWILIO_AUTH_TOKEN); every other call uses the API key"
      : "Flex WebChats is called with the API key, like every other call; set TWILIO_AUTH_TOKEN to call it with the Auth Token, as Twilio's own web chat servers do",
  });
  if (env.twilio.testApiOrigin) {
    findings.push({
      level: "error",
      text: "TWILIO_TEST_API_ORIGIN is set: it is for tests only; remove it in production",
    });
  }
  if (!probe) {
    findings.push({ level: "warn", text: "Skipped the check with Twilio (--offline)" });
    return findings;
  }

  try {
    const defaults = await probe.conversationsDefaults(env.twilio);
    findings.push(
      defaults.defaultChatServiceSid === env.twilio.conversationsServiceSid
        ? {
            level: "ok",
            text: "Credentials work; TWILIO_CONVERSATIONS_SERVICE_SID is the account's default Conversations service",
          }
        : {
            level: "error",
            text: `TWILIO_CONVERSATIONS_SERVICE_SID is not the account's default Conversations service (${defaults.defaultChatServiceSid ?? "none"}): WebChats creates chats in the default one, so visitors' tokens would not reach them. Use the default's SID, or make the Flex service the default (Console → Conversations → Defaults)`,
          },
    );
  } catch (error) {
    findings.push({ level: "error", text: `Conversations configuration: ${describeProbeError(error)}` });
    return findings;
  }
  try {
    const address = await probe.address(env.twilio);
    if (address.type !== "chat") {
      findings.push({
        level: "error",
        text: `TWILIO_FLEX_ADDRESS_SID is a "${address.type}" address, not a web chat ("chat") one`,
      });
    } else if (
      !address.integration.enabled ||
      (address.integration.type !== "studio" && address.integration.type !== "webhook")
    ) {
      findings.push({
        level: "error",
        text: `Address "${address.friendlyName}" hands new chats to no Studio flow or webhook: no chat would reach an agent. Set its integration (Flex Console → Messaging → Conversations Addresses)`,
      });
    } else {
      findings.push({
        level: "ok",
        text: `Address "${address.friendlyName}" is a web chat address; new chats go to its ${address.integration.type === "studio" ? "Studio flow" : "webhook"}`,
      });
    }
  } catch (error) {
    findings.push({ level: "error", text: `TWILIO_FLEX_ADDRESS_SID: ${describeProbeError(error)}` });
  }
  try {
    const flex = await probe.flexConfiguration(env.twilio);
    findings.push(
      flex.workspaceSid
        ? {
            level: "ok",
            text: `Flex is set up (TaskRouter workspace ${flex.workspaceSid}): End chat can wrap up agents' tasks`,
          }
        : {
            level: "error",
            text: "Flex's configuration names no TaskRouter workspace: is Flex set up on this account?",
          },
    );
  } catch (error) {
    findings.push({ level: "error", text: `Flex configuration: ${describeProbeError(error)}` });
  }
  const hosts = probe.hostsReached?.() ?? [];
  if (hosts.length > 0)
    findings.push({
      level: "ok",
      text: `Reached Twilio at ${hosts.join(", ")} (region ${env.twilio.region ?? "us1"}, edge ${env.twilio.edge ?? "Twilio's default"})`,
    });
  return findings;
}

/**
 * Missed-reply emails need what transcripts need (SMTP, the webhook's address) and one place for their due times:
 * several instances without Redis would each see only the messages whose webhook reached them, and a host without a
 * lasting process (Vercel) never looks at them.
 */
export function missedRepliesFinding(env: Env): Finding {
  if (!env.transcripts)
    return {
      level: "warn",
      text: "Missed-reply emails and Leave a message are off (they need email): set SMTP_URL, TRANSCRIPT_FROM, PUBLIC_URL and TWILIO_AUTH_TOKEN",
    };
  const after = `${Math.round(env.missedReplyAfterSeconds / 60)} min`;
  if (env.multiInstanceHost)
    return {
      level: "warn",
      text: `Missed-reply emails are offered, but ${env.multiInstanceHost} runs no lasting process to send them when they come due: run the app with npm start (one or more instances with REDIS_URL), or untick the form's replies box`,
    };
  return {
    level: "ok",
    text: `Missed-reply emails are on: a reply unread for ${after} is emailed; Twilio posts new messages to ${env.transcripts.webhookOrigin}/api/webhooks/conversations; due times ${env.redisUrl ? "shared in Redis (REDIS_URL)" : "in this instance's memory (one instance only: set REDIS_URL for several)"}`,
  };
}
