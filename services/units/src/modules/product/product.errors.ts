import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why a product operation failed, answered in `extensions.reason` beside the generic code. */
export const ProductReason = defineReasons([
  /** BAD_USER_INPUT: a configured link is not valid (unknown or hub-owned link type, not https, bad language, media type or lot); `field` names it. */
  "PRODUCT_LINK_INVALID",
  /** NOT_FOUND: the product is not registered (register it with upsertProduct first). */
  "PRODUCT_NOT_FOUND",
]);
export type ProductReason = ReasonOf<typeof ProductReason>;
