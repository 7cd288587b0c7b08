import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why an API key operation failed, answered in `extensions.reason` beside the generic code (organizations: `OrganizationReason`). */
export const ApiKeyReason = defineReasons([
  /** NOT_FOUND: the API key does not exist, or belongs to another organization than the caller's. */
  "API_KEY_NOT_FOUND",
]);
export type ApiKeyReason = ReasonOf<typeof ApiKeyReason>;
