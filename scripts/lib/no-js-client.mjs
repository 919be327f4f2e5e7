// A visitor and an agent as a browser without JavaScript would be: the pages' own forms, posted as they are.
// Shared by `npm run load` and `npm run abuse`.
import { AGENT_PASSWORD } from "./app-server.mjs";

export const unescapeHtml = (s) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

const hiddenFields = (html) => [...html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)];
const tokenIn = (page) => /token\\?":\\?"(ey[\w-]+\.[\w-]+\.[\w-]+)/.exec(page)?.[1];

/** Starts a chat through the pre-engagement form; `headers` are sent with the post (a forged address, say). */
export async function startChatWithoutJs(base, name, { headers = {} } = {}) {
  const form = await (await fetch(`${base}/chat`)).text();
  const body = new FormData();
  for (const [, field, value] of hiddenFields(form)) body.append(field, unescapeHtml(value ?? ""));
  body.append("name", name);
  body.append("email", "");
  body.append("question", `Question from ${name}`);
  const response = await fetch(`${base}/chat`, { method: "POST", body, headers, redirect: "manual" });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) return { started: false, status: response.status };
  const page = await (await fetch(`${base}/chat`, { headers: { cookie } })).text();
  const sid = /conversationSid\\?":\\?"(CH[0-9a-f]{32})/.exec(page)?.[1];
  const token = tokenIn(page);
  if (!sid || !token) throw new Error(`${name}: no conversation in the page`);
  return { started: true, sid, token, cookie };
}

export const agentAuth = { authorization: `Basic ${Buffer.from(`agent:${AGENT_PASSWORD}`).toString("base64")}` };

/** The agent accepts the chat from the console (its Accept form), then reads the token the console page carries. */
export async function acceptAsAgent(base, sid) {
  const preview = await (await fetch(`${base}/agent/${sid}`, { headers: agentAuth })).text();
  const form = /<form[^>]*>(?:(?!<\/form>)[\s\S])*name="taskSid"(?:(?!<\/form>)[\s\S])*<\/form>/.exec(preview)?.[0];
  if (form) {
    const body = new FormData();
    for (const [, field, value] of hiddenFields(form)) body.append(field, unescapeHtml(value ?? ""));
    await fetch(`${base}/agent/${sid}`, { method: "POST", body, headers: agentAuth, redirect: "manual" });
  }
  const token = tokenIn(await (await fetch(`${base}/agent/${sid}`, { headers: agentAuth })).text());
  if (!token) throw new Error(`agent: no token for ${sid} (not accepted?)`);
  return token;
}

const ROUTER_TREE = (segment) =>
  encodeURIComponent(
    JSON.stringify([
      "",
      {
        children: [
          "(site)",
          { children: [segment, { children: ["__PAGE__", {}, null, null, 0] }, null, null, 0] },
          null,
          null,
          0,
        ],
      },
      null,
      null,
      16,
    ]),
  );

/**
 * Starts a chat the way the page's JavaScript does: one server-action request (the form's fields as React encodes
 * them) whose answer is the chat page itself, as the browser receives it after Start chat. `form` is the form
 * page's HTML, fetched once: its action reference is the same for every visitor of a build.
 */
export async function startChatWithJs(base, form, name) {
  const body = new FormData();
  let action;
  for (const [, field, value] of hiddenFields(form)) {
    const text = unescapeHtml(value ?? "");
    body.append(`_1_${field}`, text);
    if (field === "$ACTION_1:0") action = JSON.parse(text).id;
  }
  body.append("_1_name", name);
  body.append("_1_email", "");
  body.append("_1_question", `Question from ${name}`);
  body.append("0", JSON.stringify([{ status: "idle" }, "$K1"]));
  // As the browser posts it from the form's page: with that page as the referer, the answer renders the chat in place
  // (app/actions.ts, showChat) rather than redirecting.
  const response = await fetch(`${base}/chat`, {
    method: "POST",
    body,
    headers: {
      "next-action": action,
      "next-router-state-tree": ROUTER_TREE("chat"),
      accept: "text/x-component",
      origin: base,
      referer: `${base}/chat`,
    },
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  const page = await response.text();
  if (!cookie) return { started: false, status: response.status };
  const sid = /conversationSid":"(CH[0-9a-f]{32})/.exec(page)?.[1];
  const token = /token":"(ey[\w-]+\.[\w-]+\.[\w-]+)/.exec(page)?.[1];
  if (!sid || !token)
    throw new Error(`${name}: no conversation in the action's answer (${response.status}: ${page.slice(0, 300)})`);
  return { started: true, sid, token, cookie };
}
