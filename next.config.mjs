/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and Node-only server packages stay out of the bundle and load from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "twilio"],
  poweredByHeader: false,
};

export default nextConfig;
