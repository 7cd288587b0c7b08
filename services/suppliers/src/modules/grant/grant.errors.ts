import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why a grant operation failed, answered in `extensions.reason` beside the generic code (an unknown organization: `OrganizationReason`). */
export const GrantReason = defineReasons([
  /** NOT_FOUND: the grant does not exist, or is neither given nor received by the caller's organization. */
  "GRANT_NOT_FOUND",
]);
export type GrantReason = ReasonOf<typeof GrantReason>;
