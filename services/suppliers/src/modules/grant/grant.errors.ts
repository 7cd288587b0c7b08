import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why a partner grant operation failed, answered in `extensions.reason` beside the generic code. */
export const GrantReason = defineReasons([
  /** NOT_FOUND: the grant does not exist, or is neither given nor received by the caller's organization. */
  "GRANT_NOT_FOUND",
  /** NOT_FOUND: the partner or grantor organization named does not exist. */
  "ORGANIZATION_NOT_FOUND",
]);
export type GrantReason = ReasonOf<typeof GrantReason>;
