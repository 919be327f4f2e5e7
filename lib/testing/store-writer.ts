// A second process on the sandbox's database, for lib/sandbox/store.test.ts: writes N messages, one transaction
// each, and prints how many failed. Usage: node --import tsx lib/testing/store-writer.ts <file> <CH…> <count>
import { SandboxStore } from "@/lib/sandbox/store";

const [file, conversationSid, count] = process.argv.slice(2);
const store = new SandboxStore(file!);
let failed = 0;
for (let i = 0; i < Number(count); i++) {
  try {
    store.transaction(() =>
      store.addMessage({
        conversationSid: conversationSid!,
        author: `writer-${process.pid}`,
        body: `m${i}`,
        participantSid: null,
      }),
    );
  } catch {
    failed += 1;
  }
}
store.close();
process.stdout.write(String(failed));
