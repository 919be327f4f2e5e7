// A long history for `npm run abuse`, written as the sandbox writes messages (each with its event, so a resumed
// stream has something to replay) from a second process on the database — not through the live API, whose message
// rate would rightly refuse it. Usage: node --import tsx lib/testing/store-history.ts <file> <CH…> <count>
import { Sandbox } from "@/lib/sandbox/sandbox";
import { SandboxStore } from "@/lib/sandbox/store";

const [file, conversationSid, count] = process.argv.slice(2);
const sandbox = new Sandbox(new SandboxStore(file!));
for (let i = 0; i < Number(count); i++)
  sandbox.postMessage(conversationSid!, { author: "sandbox-agent", body: `history ${i}` }, { webhooks: false });
sandbox.close();
