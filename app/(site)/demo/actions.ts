"use server";

import { notFound, redirect } from "next/navigation";
import { withVisitor } from "@/lib/actions/guards";
import { failed, succeeded, type ActionResult } from "@/lib/actions/result";
import * as demoData from "@/lib/data/demo";
import { transcriptConversation } from "@/lib/session";
import { describeTwilioError } from "@/lib/twilio/errors";

// "See both sides": the visitor acting as the agent of their own chat. Each action reads the visitor's own cookie
// (withVisitor) and acts on that chat alone; the browser never names a chat or a task here.

const DEMO_AGENT = "/demo/agent";

function back(problem: string): never {
  redirect(`${DEMO_AGENT}?problem=${encodeURIComponent(problem)}`);
}

export const acceptDemoChat = withVisitor(async ({ session }) => {
  if (!demoData.demoAvailable()) notFound();
  if (!demoData.acceptDemoChat(session)) back("There is no chat of yours waiting to be accepted.");
  redirect(DEMO_AGENT);
});

export const completeDemoChat = withVisitor(async ({ session }) => {
  if (!demoData.demoAvailable()) notFound();
  if (!demoData.completeDemoChat(session)) back("Only a chat in wrap-up can be completed.");
  redirect(DEMO_AGENT);
});

/** The live view's End chat, a form: the conversation it names must be the visitor's own, still in conversation. */
export const endDemoChat = withVisitor(async ({ session }, formData: FormData) => {
  if (!demoData.demoAvailable()) notFound();
  if (formData.get("conversationSid") !== transcriptConversation(session) || !demoData.endDemoChat(session))
    back("That chat is not yours to end, or it has ended already.");
  redirect(DEMO_AGENT);
});

export const refreshDemoToken = withVisitor(
  async ({ session }, conversationSid: string): Promise<ActionResult<string>> => {
    if (!demoData.demoAvailable() || conversationSid !== transcriptConversation(session))
      return failed("This chat is not yours to join.", "forbidden");
    try {
      const token = await demoData.refreshDemoToken(session);
      return token ? succeeded(token) : failed("This chat has ended.", "closed");
    } catch (error) {
      console.warn(describeTwilioError(error, "token_refresh").code, error instanceof Error ? error.message : error);
      return failed("The chat service could not be reached.", "network");
    }
  },
);
