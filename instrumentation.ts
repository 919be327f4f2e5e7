// Validates the environment once at server start, so a bad variable stops the server with a clear message.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getEnv } = await import("@/lib/env");
    getEnv();
    // The sandbox's websocket for the Conversations SDK (lib/sandbox/twilsock/hosting.ts); nothing in Twilio mode.
    const { registerTwilsockEndpoint } = await import("@/lib/sandbox/twilsock/hosting");
    registerTwilsockEndpoint();
  }
}
