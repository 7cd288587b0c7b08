import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why a member operation failed, answered in `extensions.reason` beside the generic code (organizations: `OrganizationReason`). */
export const MemberReason = defineReasons([
  /** NOT_FOUND: the member does not exist, or belongs to another organization than the caller's. */
  "MEMBER_NOT_FOUND",
  /** CONFLICT: the subject is an active member of the organization already (change its roles with updateMember). */
  "MEMBER_EXISTS",
  /** CONFLICT: the change would leave an organization that keeps members without an admin. */
  "LAST_ADMIN",
]);
export type MemberReason = ReasonOf<typeof MemberReason>;
