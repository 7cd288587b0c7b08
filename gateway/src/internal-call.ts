import { PRINCIPAL_HEADER, type Principal, internalBinding, signPrincipal } from "@tracehub/auth";

/** Who the gateway is when it calls a subgraph's internal endpoints. */
export const GATEWAY_CALLER: Principal = Object.freeze({ sub: "tracehub-gateway", org: null, roles: ["operator"], anonymous: false }) as Principal;

/** Where a subgraph's internal endpoint `name` is: beside its GraphQL URL (`…/graphql` → `…/internal/<name>`). */
export function internalUrl(graphqlUrl: string, name: string): string {
  return `${graphqlUrl.replace(/\/graphql\/?$/, "")}/internal/${name}`;
}

/**
 * POSTs `body` as JSON to the internal endpoint `name` at `url`, signed as the gateway for exactly that name and
 * body (internal endpoints take nothing else), within `timeoutMs`. Answers the response whatever its status.
 */
export function postInternal(url: string, name: string, body: unknown, principalKey: string, timeoutMs: number): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", [PRINCIPAL_HEADER]: signPrincipal(GATEWAY_CALLER, principalKey, internalBinding(name, body)) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
}
