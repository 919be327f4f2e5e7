import type { Socket } from "node:net";
import type { ProxyTrust } from "./proxy-trust.mjs";

export type ServerTimeouts = {
  headersTimeout: number;
  requestTimeout: number;
  connectionsCheckingInterval: number;
  idleTimeout: number;
};
export const SERVER_TIMEOUTS: Readonly<ServerTimeouts>;
export function keepAliveTimeout(trust: ProxyTrust): number;
export const DEFAULT_CONNECTIONS_PER_ADDRESS: number;
export function parseConnectionsPerAddress(value: string | undefined): number;
export class ConnectionCap {
  constructor(max: number);
  readonly max: number;
  readonly open: Map<string, number>;
  admit(socket: Socket): boolean;
}
export function serverOptions(
  trust: ProxyTrust,
  timeouts?: ServerTimeouts,
): Pick<ServerTimeouts, "headersTimeout" | "requestTimeout" | "connectionsCheckingInterval"> & {
  keepAliveTimeout: number;
};
