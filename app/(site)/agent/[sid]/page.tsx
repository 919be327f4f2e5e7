import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AgentConversation } from "@/components/agent/agent-conversation";
import { AGENT_FRIENDLY_NAME, AGENT_IDENTITY, visitorDetails } from "@/lib/agent";
import { getEnv } from "@/lib/env";
import { isSid } from "@/lib/sandbox/sids";
import { getTwilio } from "@/lib/twilio/client";
import { twilioStatus } from "@/lib/twilio/errors";
import { loadConversation, mintAccessToken } from "@/lib/twilio/webchat";

export const metadata: Metadata = { title: "Conversation · Agent console" };

export default async function AgentConversationPage({ params }: { params: Promise<{ sid: string }> }) {
  const { sid } = await params;
  const env = getEnv();
  if (env.mode !== "sandbox" || !isSid(sid, "CH")) notFound();
  const twilio = getTwilio();
  const conversation = await loadConversation(twilio, sid);
  if (!conversation) notFound();

  if (conversation.state !== "closed") {
    // Opening a conversation is the sandbox's "accept task": the agent joins it, as Flex does.
    try {
      await twilio.client.conversations.v1
        .conversations(sid)
        .participants.create({
          identity: AGENT_IDENTITY,
          attributes: JSON.stringify({ member_type: "agent", friendly_name: AGENT_FRIENDLY_NAME }),
        });
    } catch (error) {
      if (twilioStatus(error) !== 409) throw error;
    }
  }

  const visitor = visitorDetails(conversation.attributes);
  const participants = await twilio.client.conversations.v1.conversations(sid).participants.list({ limit: 20 });
  const visitorIdentity = participants.find((p) => p.identity && p.identity !== AGENT_IDENTITY)?.identity;
  return (
    <div className="agent-layout">
      <aside className="card agent-aside" aria-labelledby="visitor-title">
        <p>
          <Link href="/agent">← All conversations</Link>
        </p>
        <h2 id="visitor-title">Visitor</h2>
        <dl className="details">
          <dt>Name</dt>
          <dd>{visitor.name}</dd>
          <dt>Email</dt>
          <dd>{visitor.email ?? "Not given"}</dd>
          <dt>Visitor ID</dt>
          <dd className="details-id">{visitorIdentity ?? "Unknown"}</dd>
          <dt>Question</dt>
          <dd className="details-question">{visitor.question ?? "Not given"}</dd>
        </dl>
      </aside>
      <AgentConversation
        conversationSid={sid}
        identity={AGENT_IDENTITY}
        visitorName={visitor.name}
        token={mintAccessToken(twilio.settings, AGENT_IDENTITY, env.tokenTtl)}
        initialMessages={conversation.messages}
        initialState={conversation.state}
      />
    </div>
  );
}
