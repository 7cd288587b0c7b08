import { GRAPHQL_WS_BINDING, PRINCIPAL_HEADER, type Principal, STREAM_POSITIONS_PARAM, signPrincipal } from "@tracehub/auth";
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";

/**
 * graphql-ws clients from the gateway to the subgraphs that own subscription fields: one connection per
 * (subgraph, principal scope), every subscription of that scope multiplexed on it. The principal travels signed
 * in `connectionParams`, re-signed at each connect. The clients never retry on their own: a retry would
 * re-subscribe with the original `after` and replay events twice, so a failure ends the subscriptions and
 * subscribers resume from their last cursor. The subgraphs tell the stream position of every message (see
 * `STREAM_POSITIONS_PARAM`), so that a subscription can move to another scope's connection and resume there.
 */
export class UpstreamClients {
  private readonly clients = new Map<string, Client>();

  constructor(
    private readonly urls: Record<string, string>,
    private readonly principalKey: string,
  ) {}

  /** The client for `service` acting as `principal` (one per scope key). */
  client(service: string, scopeKey: string, principal: Principal): Client {
    const key = `${service}\u0000${scopeKey}`;
    let client = this.clients.get(key);
    if (!client) {
      const url = this.urls[service];
      if (!url) throw new Error(`No URL for subgraph '${service}'.`);
      client = createClient({
        url: url.replace(/^http/, "ws"),
        webSocketImpl: WebSocket,
        lazy: true,
        lazyCloseTimeout: 5_000,
        retryAttempts: 0,
        connectionParams: () => ({ [PRINCIPAL_HEADER]: signPrincipal(principal, this.principalKey, GRAPHQL_WS_BINDING), [STREAM_POSITIONS_PARAM]: true }),
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /** Closes every connection. */
  async dispose(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(clients.map((c) => c.dispose()));
  }
}
