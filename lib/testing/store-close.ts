// Closes a conversation in the sandbox's database from another process (as a timer or another instance would),
// for `npm run abuse`. Usage: node --import tsx lib/testing/store-close.ts <file> <CH…>
import { SandboxStore } from "@/lib/sandbox/store";

const [file, conversationSid] = process.argv.slice(2);
const store = new SandboxStore(file!);
store.updateConversation(conversationSid!, { state: "closed" });
store.close();
