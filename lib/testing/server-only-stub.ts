// Vitest and Playwright run outside the React Server environment, where the real "server-only" marker throws: they
// resolve it here instead (vitest.config.mts, e2e/tsconfig.json). The Next build keeps the real one.
export {};
