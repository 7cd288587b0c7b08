import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why a movement command or subscription was refused, answered in `extensions.reason` beside the generic code. */
export const MovementReason = defineReasons([
  /** BAD_USER_INPUT: a business step, disposition or transaction type is not CBV 2.0 vocabulary. */
  "NOT_CBV_VOCABULARY",
  /** BAD_USER_INPUT: `after` is not a movement cursor, or one beyond what the stream has reached. */
  "MOVEMENT_CURSOR_INVALID",
  /** FORBIDDEN: the filter names an organization other than the caller's. */
  "ORGANIZATION_NOT_YOURS",
]);
export type MovementReason = ReasonOf<typeof MovementReason>;
