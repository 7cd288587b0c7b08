import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { ReturnDecision, ReturnStatus, ReturnVerdictCode } from "./return.rules";

registerEnumType(ReturnVerdictCode, {
  name: "ReturnVerdictCode",
  description: "What the hub concludes of an item sent back, checked against the sale.",
  valuesConfig: {
    VERIFIED: { description: "The unit is one this order sold, within the return window." },
    NOT_SOLD_ON_THIS_ORDER: { description: "The unit exists, but this order sold nothing of its product." },
    DIFFERENT_UNIT: { description: "Same product as a unit this order sold, another serial: the item was swapped." },
    UNKNOWN_UNIT: { description: "The hub never commissioned this unit: a counterfeit, or a made-up code." },
    ALREADY_RETURNED: { description: "This unit of this order was returned already." },
    OUTSIDE_RETURN_WINDOW: { description: "The return window closed." },
    RECALLED: { description: "The unit is the one sold, and it is recalled: taken back, to be quarantined or destroyed." },
  },
});
registerEnumType(ReturnStatus, {
  name: "ReturnStatus",
  description: "Where a return is.",
  valuesConfig: {
    REFUSED: { description: "The request was refused (see its verdict); nothing is taken back." },
    AWAITING_ITEM: { description: "Accepted; the item has not arrived yet." },
    RECEIVED: { description: "The item arrived and was checked against the verdict; awaiting a decision." },
    RESTOCKED: { description: "Put back into sellable stock." },
    QUARANTINED: { description: "Kept apart, not sellable." },
    DESTROYED: { description: "Destroyed." },
  },
});
registerEnumType(ReturnDecision, {
  name: "ReturnDecision",
  description: "What becomes of a received return.",
  valuesConfig: {
    RESTOCK: { description: "Back into sellable stock (event `stocking`, `sellable_accessible`); not for recalled units." },
    QUARANTINE: { description: "Kept apart (event `holding`, `non_sellable_other`)." },
    DESTROY: { description: "Destroyed (event `destroying`, `destroyed`)." },
  },
});

/** A return of one unit of an order. */
@ObjectType("Return", { description: "A request to return one unit of an order, its verdict and what became of the item." })
export class UnitReturnType {
  @Field(() => ID, { description: "Opaque return id (the return merchandise authorization)." })
  id!: string;

  @Field(() => ID, { description: "Canonical id of the unit named in the request." })
  unitId!: string;

  @Field(() => ReturnVerdictCode, { description: "The verdict of the request." })
  verdict!: ReturnVerdictCode;

  @Field(() => String, { nullable: true, description: "The reason the customer gave." })
  reason!: string | null;

  @Field(() => ReturnStatus, { description: "Where the return is." })
  status!: ReturnStatus;

  @Field({ description: "When it was requested." })
  requestedAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the item arrived." })
  receivedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When its fate was decided." })
  decidedAt!: Date | null;

  /** The order; exposed as `order`. */
  orderId!: string;
  /** The seller; not exposed. */
  organizationId!: string | null;
}

/** The answer to a return request, shaped like a GS1 Lightweight Verification response. */
@ObjectType("ReturnVerdict", { description: "The verdict on a return request, shaped like a GS1 Lightweight Verification response (`verified`, `verificationFailureReason`)." })
export class ReturnVerdictType {
  @Field(() => ReturnVerdictCode, { description: "The verdict." })
  verdict!: ReturnVerdictCode;

  @Field({ description: "True when the item is the unit this order sold and is taken back (VERIFIED, or RECALLED)." })
  verified!: boolean;

  @Field(() => String, { nullable: true, description: "Why it was not verified, or what a RECALLED verdict means; null when VERIFIED." })
  verificationFailureReason!: string | null;

  @Field(() => UnitReturnType, { description: "The return as stored (refused requests are kept too, as evidence)." })
  return!: UnitReturnType;
}
