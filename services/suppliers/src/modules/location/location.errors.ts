import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why a location operation failed, answered in `extensions.reason` beside the generic code (organizations: `OrganizationReason`). */
export const LocationReason = defineReasons([
  /** CONFLICT: the GLN is registered as a location already (each GLN belongs to one organization). */
  "GLN_TAKEN",
]);
export type LocationReason = ReasonOf<typeof LocationReason>;
