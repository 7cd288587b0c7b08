import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why an organization operation failed, answered in `extensions.reason` beside the generic code. */
export const OrganizationReason = defineReasons([
  /** CONFLICT: a GS1 company prefix to register belongs to another organization already. */
  "COMPANY_PREFIX_TAKEN",
]);
export type OrganizationReason = ReasonOf<typeof OrganizationReason>;
