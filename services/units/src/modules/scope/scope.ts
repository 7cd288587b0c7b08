import type { Principal } from "@tracehub/auth";
import { Unauthenticated } from "@tracehub/subgraph-kit";

/** What a principal is doing. */
export type ScopeAction = { kind: "read" } | { kind: "write"; readPoints?: readonly (string | null)[] };

/**
 * The one scope check every read and write of the units subgraph goes through. Today it admits every
 * authenticated principal (roles are checked by `@Authorized`); tenant rules (a brand owner's GTINs, a
 * logistics partner's locations) plug in here without touching the resolvers.
 */
export function assertInScope(principal: Principal, _action: ScopeAction): void {
  if (principal.anonymous) throw new Unauthenticated();
}
