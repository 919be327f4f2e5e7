import createNextIntlPlugin from "next-intl/plugin";

// next-intl reads each request's language and messages from i18n/request.ts. The catalogs are compiled at build
// time, so browsers get no ICU message parser (several KB less on the chat page).
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./i18n/request.ts",
  experimental: { messages: { path: "./messages", format: "json", locales: "infer", precompile: true } },
});

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and Node-only server packages stay out of the bundle and load from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "twilio", "nodemailer", "smtp-server", "mailparser", "ws"],
  poweredByHeader: false,
};

export default withNextIntl(nextConfig);
