import createNextIntlPlugin from "next-intl/plugin";

// next-intl reads each request's language and messages from i18n/request.ts.
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and Node-only server packages stay out of the bundle and load from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "twilio"],
  poweredByHeader: false,
};

export default withNextIntl(nextConfig);
