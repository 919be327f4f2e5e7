"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { withAgent } from "@/lib/actions/guards";
import { failed, succeeded, type ActionResult } from "@/lib/actions/result";
// The data module's functions share their actions' names (acceptChat, endChatAsAgent…): read as consoleData.x.
import * as consoleData from "@/lib/data/console";
import { isSid } from "@/lib/sid";
import { describeTwilioError } from "@/lib/twilio/errors";

// The agent console's actions (the console exists only on the sandbox). Each goes through withAgent
// (lib/actions/guards.ts): the console's password and the input are checked on every call.

const sid = (prefix: "CH" | "WT") => z.string().refine((value) => isSid(value, prefix));
const taskForm = z.object({ taskSid: sid("WT") });

/** A refusal the console shows as a sentence (never the sandbox's own text). */
function back(to: string, problem: string): never {
  redirect(`${to}?problem=${encodeURIComponent(problem)}`);
}

function logged(operation: string, error: unknown): void {
  console.warn(`agent:${operation}`, error instanceof Error ? error.message : error);
}

/** Accept: a button and an action, never a side effect of opening a page. */
export const acceptChat = withAgent(
  taskForm,
  () => back("/agent", "That chat is not in the queue."),
  ({ taskSid }) => {
    let conversationSid: string;
    try {
      conversationSid = consoleData.acceptChat(taskSid);
    } catch (error) {
      logged("accept", error);
      back("/agent", "That chat can no longer be accepted: the visitor left or another agent took it.");
    }
    redirect(`/agent/${conversationSid}`);
  },
);

export const dismissChat = withAgent(
  taskForm,
  () => back("/agent", "That chat is not in the queue."),
  ({ taskSid }) => {
    try {
      consoleData.dismissChat(taskSid);
    } catch (error) {
      logged("dismiss", error);
      back("/agent", "That chat is no longer waiting.");
    }
    redirect("/agent");
  },
);

export const completeChat = withAgent(
  // The conversation only says where to come back to with a refusal.
  z.object({ taskSid: sid("WT"), conversationSid: sid("CH").optional().catch(undefined) }),
  () => back("/agent", "That task does not exist."),
  ({ taskSid, conversationSid }) => {
    try {
      consoleData.completeChat(taskSid);
    } catch (error) {
      logged("complete", error);
      back(conversationSid ? `/agent/${conversationSid}` : "/agent", "Only a chat in wrap-up can be completed.");
    }
    redirect("/agent");
  },
);

/** End chat: a form, so that a press before the page's scripts have run ends it too; the page then shows wrap-up. */
export const endChatAsAgent = withAgent(
  z.object({ conversationSid: sid("CH") }),
  () => back("/agent", "You cannot end this chat."),
  ({ conversationSid }) => {
    try {
      consoleData.endChatAsAgent(conversationSid);
    } catch (error) {
      logged("end", error);
      back(`/agent/${conversationSid}`, "That chat could not be ended: it no longer exists.");
    }
    redirect(`/agent/${conversationSid}`);
  },
);

/** A fresh token for the agent's live view (the console's agent only), while the conversation is open. */
export const refreshConsoleToken = withAgent<string, ActionResult<string>>(
  sid("CH"),
  (): ActionResult<string> => failed("You are not signed in to the console.", "unauthorized"),
  async (conversationSid): Promise<ActionResult<string>> => {
    try {
      const token = await consoleData.refreshAgentToken(conversationSid);
      return token ? succeeded(token) : failed("This chat has ended.", "closed");
    } catch (error) {
      logged(describeTwilioError(error, "token_refresh").code, error);
      return failed("The chat service could not be reached.", "network");
    }
  },
);
