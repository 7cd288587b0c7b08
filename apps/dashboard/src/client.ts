import { Client, cacheExchange, fetchExchange } from "urql";
import { type Client as WsClient, createClient as createWsClient } from "graphql-ws";
import { type Credential, authorization } from "./session";

/** The gateway's GraphQL endpoint, on the host that served the app. */
export const GRAPHQL_URL = new URL("/graphql", window.location.href).toString();
export const WS_URL = GRAPHQL_URL.replace(/^http/, "ws");

/** The urql client for queries and mutations, with the caller's credential on every request. */
export function graphqlClient(credential: Credential): Client {
  return new Client({
    url: GRAPHQL_URL,
    exchanges: [cacheExchange, fetchExchange],
    requestPolicy: "cache-and-network",
    // POST, always: the gateway refuses GET queries without a preflight header (CSRF protection).
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { authorization: authorization(credential) } }),
  });
}

/**
 * A graphql-ws client that does not retry on its own: the app's live views resubscribe themselves after a drop,
 * with the last cursor they saw (graphql-ws would resend the first `after`, and replay or skip events).
 */
export function socketClient(credential: Credential, on: { closed?: (event: unknown) => void; connected?: () => void } = {}): WsClient {
  return createWsClient({
    url: WS_URL,
    lazy: true,
    retryAttempts: 0,
    connectionParams: { authorization: authorization(credential) },
    on: { closed: (event) => on.closed?.(event), connected: () => on.connected?.() },
  });
}
