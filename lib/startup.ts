import "server-only";
import { LOCALES } from "@/lib/i18n/locales";

/**
 * The Node.js server's start (instrumentation.ts): validates the environment, the brand and the form's configuration
 * once, so a bad variable, brand or a form that could not start a chat (lib/widget-config.ts) stops the server with
 * a clear message,
 * then wires the sandbox's own endpoints. Apart from instrumentation.ts so that only Node builds see process.exit.
 */
export async function startServer(): Promise<void> {
  try {
    const { getEnv, sharedStateRisks } = await import("@/lib/env");
    const env = getEnv();
    for (const note of [...env.hostingNotes, ...sharedStateRisks(env)]) console.warn(note);
    const [
      { brandProblems },
      { checkFields, messageFormFields, missingFieldTexts, REPLY_CONSENT_FIELD },
      { widgetConfig },
      catalogs,
    ] = await Promise.all([
      import("@/lib/brand"),
      import("@/lib/pre-engagement"),
      import("@/lib/widget-config"),
      Promise.all(
        LOCALES.map(async (locale) => [locale, (await import(`@/messages/${locale}.json`)).default] as const),
      ),
    ]);
    const [brandProblem] = brandProblems(widgetConfig.brand);
    if (brandProblem) throw new Error(brandProblem);
    const fields = widgetConfig.preEngagement.fields;
    checkFields(fields);
    // The Leave a message form adds its consent box: its label must be there too.
    const messageFields = messageFormFields(fields);
    const shown = messageFields ? [...fields, REPLY_CONSENT_FIELD] : fields;
    for (const [locale, catalog] of catalogs) {
      const missing = missingFieldTexts(shown, catalog);
      if (missing.length > 0)
        throw new Error(`messages/${locale}.json lacks what the form's fields need: ${missing.join(", ")}`);
    }
    // A flow with a widget outside the sandbox's Studio subset stops the start with the widget's name.
    if (env.mode === "sandbox" && env.studioFlowPath)
      (await import("@/lib/sandbox/studio/flow")).loadFlowFile(env.studioFlowPath);
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
  // Missed replies come due in this process (nothing where no email can be sent).
  (await import("@/lib/replies")).startMissedRepliesTimer();
}
