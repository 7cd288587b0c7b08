import { connectionType } from "@tracehub/subgraph-kit";
import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";

/** Where a unit is in its life, derived from its events. */
export enum UnitStatus {
  ACTIVE = "ACTIVE",
  IN_TRANSIT = "IN_TRANSIT",
  SOLD = "SOLD",
  RETURNED = "RETURNED",
  RECALLED = "RECALLED",
  DESTROYED = "DESTROYED",
  DECOMMISSIONED = "DECOMMISSIONED",
  STOLEN = "STOLEN",
  EXPIRED = "EXPIRED",
}

registerEnumType(UnitStatus, {
  name: "UnitStatus",
  description: "Where a unit is in its life, derived from its events.",
  valuesConfig: {
    ACTIVE: { description: "Commissioned and in the supply chain (in stock, received)." },
    IN_TRANSIT: { description: "Shipped and not yet received." },
    SOLD: { description: "Sold to or dispensed to the end customer." },
    RETURNED: { description: "Returned by a customer or trading partner." },
    RECALLED: { description: "Withdrawn by a recall." },
    DESTROYED: { description: "Destroyed; it must not appear again." },
    DECOMMISSIONED: { description: "Its identifier was retired." },
    STOLEN: { description: "Reported stolen." },
    EXPIRED: { description: "Past its expiry date and taken out of circulation." },
  },
});

/** A serialized unit (SGTIN). Other subgraphs extend it (`order`, `recalls`). */
@Directive('@key(fields: "id")')
@ObjectType("Unit", { description: "One physical, serialized unit of a product." })
export class UnitType {
  @Field(() => ID, { description: "Canonical GS1 Digital Link URI, e.g. https://id.gs1.org/01/09506000134352/21/ABC123." })
  id!: string;

  @Field({ description: "GTIN of the unit's product, 14 digits." })
  gtin!: string;

  @Field({ description: "Serial number (AI 21), exactly as issued; leading zeros are significant." })
  serial!: string;

  @Field(() => String, { nullable: true, description: "Batch or lot (AI 10) it was commissioned with." })
  lot!: string | null;

  @Field(() => String, { nullable: true, description: "Expiry date (AI 17) as an ISO date, YYYY-MM-DD." })
  expiry!: string | null;

  @Field(() => UnitStatus, { description: "Current status, derived from its events." })
  status!: UnitStatus;

  @Field(() => String, { nullable: true, description: "Current CBV disposition (e.g. active, in_transit, retail_sold)." })
  disposition!: string | null;

  @Field(() => String, { nullable: true, description: "Last known location (read point or business location URI)." })
  location!: string | null;

  @Field({ description: "When the unit was commissioned." })
  commissionedAt!: Date;
}

/** A page of units. */
export const UnitConnection = connectionType(UnitType, "Unit", "unit");
