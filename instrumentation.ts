// Next calls this once per server start. Only the Node.js runtime starts the app (lib/startup.ts); the condition
// lets the Edge build drop the import, and with it the Node-only code.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("@/lib/startup")).startServer();
}
