import "server-only";

/**
 * The Node.js server's start (instrumentation.ts): validates the environment and the form's configuration once, so a
 * bad variable or a form that could not start a chat (lib/widget-config.ts) stops the server with a clear message,
 * then wires the sandbox's own endpoints. Apart from instrumentation.ts so that only Node builds see process.exit.
 */
export async function startServer(): Promise<void> {
  try {
    const { getEnv, sharedStateRisks } = await import("@/lib/env");
    const env = getEnv();
    for (const note of [...env.hostingNotes, ...sharedStateRisks(env)]) console.warn(note);
    const [{ checkFields }, { widgetConfig }] = await Promise.all([import("@/lib/pre-engagement"), import("@/lib/widget-config")]);
    checkFields(widgetConfig.preEngagement.fields);
  } catch (error) {
    // Next would log a failed hook and go on serving, every page a 500: a server that cannot work does not start.
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  // The sandbox's websocket for the Conversations SDK (lib/sandbox/twilsock/hosting.ts) and its live API for the
  // browser, answered before Next's route pipeline (lib/sandbox/live-hosting.ts); nothing in Twilio mode.
  const [{ registerTwilsockEndpoint }, { registerLiveEndpoint }] = await Promise.all([
    import("@/lib/sandbox/twilsock/hosting"),
    import("@/lib/sandbox/live-hosting"),
  ]);
  registerTwilsockEndpoint();
  registerLiveEndpoint();
}
