import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { OrderLineType, OrderType } from "../order/order.type";
import { AllocationRefusalCode } from "./allocation.rules";

registerEnumType(AllocationRefusalCode, {
  name: "AllocationRefusalCode",
  description: "Why a scanned unit was not allocated.",
  valuesConfig: {
    UNKNOWN_UNIT: { description: "The hub never commissioned this unit (a fake, or a mistyped code)." },
    GTIN_NOT_ON_ORDER: { description: "The order has no line for the unit's product." },
    LINE_COMPLETE: { description: "The line of the unit's product has all its units." },
    ALREADY_ON_THIS_ORDER: { description: "The unit is on this order already (a repeated scan)." },
    ALREADY_ALLOCATED: { description: "Another order holds the unit." },
    RECALLED: { description: "The unit is recalled." },
    ON_HOLD: { description: "An open quarantine holds the unit." },
    EXPIRED: { description: "The unit is past its expiry date." },
    DESTROYED: { description: "The unit was destroyed." },
    DECOMMISSIONED: { description: "The unit is out of circulation (decommissioned or consumed)." },
    ALREADY_SOLD: { description: "The unit was sold already." },
    IN_TRANSIT: { description: "The unit is in transit and not received yet." },
    NOT_SELLABLE: { description: "The unit is not sellable as it stands (returned and not restocked, stolen...)." },
    NOT_IN_CUSTODY: { description: "Your organization does not hold the unit now." },
  },
});

/** Why a scan was refused. */
@ObjectType("AllocationRefusal", { description: "Why a scanned unit was not allocated." })
export class AllocationRefusalType {
  @Field(() => AllocationRefusalCode, { description: "The reason, as a code." })
  code!: AllocationRefusalCode;

  @Field({ description: "The reason, for the picker." })
  message!: string;
}

/** The outcome of a scan at pick. */
@ObjectType("AllocationResult", { description: "The outcome of scanning a unit for an order: allocated, or refused with the reason. A refusal changes nothing." })
export class AllocationResultType {
  @Field({ description: "True when the unit is now allocated to the order." })
  allocated!: boolean;

  @Field(() => AllocationRefusalType, { nullable: true, description: "Why it was not allocated; null when it was." })
  refusal!: AllocationRefusalType | null;

  @Field(() => ID, { description: "Canonical id of the unit scanned." })
  unitId!: string;

  @Field(() => OrderType, { description: "The order, as it stands after the scan." })
  order!: OrderType;

  @Field(() => OrderLineType, { nullable: true, description: "The order's line for the unit's product, after the scan; null when it has none." })
  line!: OrderLineType | null;
}

/** A unit to pick. */
@ObjectType("PickSuggestion", { description: "A unit to pick for an order: the seller's sellable stock, first expiry first (FEFO)." })
export class PickSuggestionType {
  @Field(() => ID, { description: "Canonical id of the unit." })
  unitId!: string;

  @Field({ description: "GTIN-14 of its product (an order line)." })
  gtin!: string;

  @Field(() => String, { nullable: true, description: "Its lot." })
  lot!: string | null;

  @Field(() => String, { nullable: true, description: "Its expiry date (ISO); units without one come last." })
  expiry!: string | null;

  @Field(() => String, { nullable: true, description: "Canonical id of where it was last seen." })
  location!: string | null;
}
