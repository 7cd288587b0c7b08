import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why an alert operation failed, answered in `extensions.reason` beside the generic code. */
export const AlertReason = defineReasons([
  /** BAD_USER_INPUT: `after` is not a cursor of the live alert feed. */
  "ALERT_CURSOR_INVALID",
]);
export type AlertReason = ReasonOf<typeof AlertReason>;
