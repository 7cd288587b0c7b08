import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/**
 * Why an organization operation failed, answered in `extensions.reason` beside the generic code. The modules that
 * act on an organization's behalf (grants, locations, API keys) answer with these too.
 */
export const OrganizationReason = defineReasons([
  /** CONFLICT: a GS1 company prefix to register belongs to another organization already. */
  "COMPANY_PREFIX_TAKEN",
  /** NOT_FOUND: an organization named (a grant's partner or grantor, a location's or key's owner) does not exist. */
  "ORGANIZATION_NOT_FOUND",
  /** FORBIDDEN: the caller is neither an operator nor an admin of the organization named. */
  "NOT_ORGANIZATION_ADMIN",
]);
export type OrganizationReason = ReasonOf<typeof OrganizationReason>;
