/** Where the sandbox's twilsock websocket is served (server.mjs routes upgrades for it; kept in step by a test). */
export const TWILSOCK_PATH = "/api/sandbox/twilsock";
