import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why a capture failed as a whole, answered in `extensions.reason` beside the generic code. */
export const CaptureReason = defineReasons([
  /** BAD_USER_INPUT: the document is not a valid EPCIS 2.0 document (its structure, not one event). */
  "EPCIS_DOCUMENT_INVALID",
  /** BAD_USER_INPUT: an event time is before 1970 or further ahead of the hub's clock than the tolerated skew. */
  "EVENT_TIME_OUT_OF_RANGE",
  /** LIMIT_EXCEEDED: the document is larger, or has more events or identifiers, than one capture takes. */
  "CAPTURE_TOO_LARGE",
]);
export type CaptureReason = ReasonOf<typeof CaptureReason>;
