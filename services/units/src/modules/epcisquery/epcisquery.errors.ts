import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why a named EPCIS query operation failed, answered in `extensions.reason`. */
export const EpcisQueryReason = defineReasons([
  /** BAD_USER_INPUT: the query is not valid against the EPCIS query schema, or uses a parameter the hub does not answer. */
  "EPCIS_QUERY_INVALID",
  /** CONFLICT: the organization has a query of that name. */
  "EPCIS_QUERY_EXISTS",
  /** NOT_FOUND: the organization has no query (or query subscription) of that name. */
  "EPCIS_QUERY_NOT_FOUND",
  /** FORBIDDEN: named queries belong to an organization; the caller has none. */
  "EPCIS_QUERY_NEEDS_ORGANIZATION",
]);
export type EpcisQueryReason = ReasonOf<typeof EpcisQueryReason>;
