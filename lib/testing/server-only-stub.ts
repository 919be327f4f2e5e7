// Vitest runs outside the React Server environment, where the real "server-only" marker would throw.
export {};
