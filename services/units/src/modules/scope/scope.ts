import type { Principal } from "@tracehub/auth";
import { Unauthenticated } from "@tracehub/subgraph-kit";

/** What a principal is doing. */
export type ScopeAction = { kind: "read" } | { kind: "write"; readPoints?: readonly (string | null)[] };

/**
 * The door every read and write of the units subgraph goes through: it admits authenticated principals (roles are
 * checked by `@Authorized`). What each one may then read is decided per row by its read scope (`ctx.readScope`,
 * applied in the stores through scope.store.ts), and what it may write by ownership (`assertMayWrite`).
 */
export function assertInScope(principal: Principal, _action: ScopeAction): void {
  if (principal.anonymous) throw new Unauthenticated();
}
