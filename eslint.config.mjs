import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The boundaries docs/ARCHITECTURE.md describes, enforced so they still hold after the next change.

/** The sandbox is reached the way Twilio is: through the twilio package (lib/twilio/client.ts). */
const SANDBOX = {
  group: ["@/lib/sandbox", "@/lib/sandbox/*"],
  message:
    "The app reaches the sandbox through the twilio package, as it reaches Twilio (lib/twilio/client.ts). Only the sandbox's own routes (app/api/sandbox), its wiring (lib/twilio/client.ts, lib/startup.ts, lib/transcripts) and the data modules (lib/data/: the console's queue, the SDK's websocket path) import it.",
};

/** Pages, actions and route handlers reach Twilio through the data modules, never the client itself. */
const TWILIO_CLIENT = {
  group: ["@/lib/twilio/client"],
  message:
    "Pages, actions and route handlers read and write through lib/data/ (named functions on this process's Twilio client); only lib/data/ calls getTwilio().",
};

/** What only the server may hold: credentials, the session, the data modules. */
const BACKEND = {
  group: [
    "@/lib/twilio/*",
    "@/lib/data/*",
    "@/lib/env",
    "@/lib/session",
    "@/lib/session/*",
    "@/lib/transcripts",
    "@/lib/transcripts/*",
    "@/lib/visitor-context",
    "@/lib/rate-limit/instance",
    "@/lib/actions/guards",
    "server-only",
  ],
  message:
    "components/ render what they are given: pages in app/ read through lib/data/ and pass props; the browser reaches the chat through lib/chat/'s seam and the server through actions.",
};

/** Modules that hold or use secrets (credentials, the session's key, tokens): never in a browser bundle. */
const SERVER_ONLY_MODULES = [
  "lib/env.ts",
  "lib/secret-key.ts",
  "lib/visitor-context.ts",
  "lib/session/index.ts",
  "lib/session/secret.ts",
  "lib/rate-limit/instance.ts",
  "lib/transcripts/index.ts",
  "lib/actions/guards.ts",
  "lib/data/**/*.ts",
  "lib/twilio/**/*.ts",
  "lib/sandbox/**/*.ts",
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "public/embed.js",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      // Warnings are errors in CI: a lint step that only warns cannot fail.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.{ts,tsx,mts,mjs}"],
    ignores: [
      "lib/sandbox/**",
      "app/api/sandbox/**",
      "lib/twilio/client.ts",
      "lib/transcripts/index.ts",
      "lib/data/**",
      "instrumentation.ts",
      "lib/startup.ts",
      "lib/testing/**",
      "e2e/**",
      "scripts/**",
      "**/*.test.ts",
    ],
    rules: { "no-restricted-imports": ["error", { patterns: [SANDBOX] }] },
  },
  {
    // After the rule above, whose list it extends (a later entry's options replace an earlier one's).
    files: ["app/**/*.{ts,tsx}", "pages/**/*.{ts,tsx}", "proxy.ts"],
    ignores: ["app/api/sandbox/**", "**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [SANDBOX, TWILIO_CLIENT] }] },
  },
  {
    // After the rule above, so components get both lists (a later entry's options replace an earlier one's).
    files: ["components/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [SANDBOX, BACKEND] }] },
  },
  {
    files: SERVER_ONLY_MODULES,
    // The one sandbox module the browser needs: where the SDK's websocket is served (no secret in it).
    ignores: ["**/*.test.ts", "lib/sandbox/twilsock/path.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "Program:not(:has(ImportDeclaration[source.value='server-only']))",
          message:
            'This module holds or uses secrets: it starts with import "server-only", so no browser bundle can include it.',
        },
      ],
    },
  },
];

export default config;
