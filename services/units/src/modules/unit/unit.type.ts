import { connectionType } from "@tracehub/subgraph-kit";
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { UnitStatus } from "./unit.rules";

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
    CONSUMED: { description: "Used up as an input of a transformation (an ingredient or component)." },
    UNKNOWN: { description: "Seen in an event but never commissioned in the hub." },
  },
});

/** What kind of thing a unit is. */
export enum UnitKindType {
  SGTIN = "SGTIN",
  SSCC = "SSCC",
  GRAI = "GRAI",
  GIAI = "GIAI",
  OTHER = "OTHER",
}
registerEnumType(UnitKindType, {
  name: "UnitKind",
  description: "What kind of thing a unit is, by its identifier.",
  valuesConfig: {
    SGTIN: { description: "A serialized trade item (GTIN + serial)." },
    SSCC: { description: "A logistic unit: a pallet, case or parcel (SSCC)." },
    GRAI: { description: "A returnable asset (GRAI), e.g. a crate." },
    GIAI: { description: "An individual asset (GIAI)." },
    OTHER: { description: "A non-GS1 identifier seen in events." },
  },
});

/** A unit. Other subgraphs extend it (`order`, `recalls`). */
@Directive('@key(fields: "id")')
@ObjectType("Unit", { description: "One physical unit: a serialized product, or a logistic unit such as a pallet." })
export class UnitType {
  @Field(() => ID, { description: "Canonical GS1 Digital Link URI, e.g. https://id.gs1.org/01/09506000134352/21/ABC123 or https://id.gs1.org/00/{sscc}." })
  id!: string;

  @Field(() => UnitKindType, { description: "What kind of unit this is." })
  kind!: UnitKindType;

  @Field(() => String, { nullable: true, description: "GTIN of the unit's product, 14 digits (serialized items only)." })
  gtin!: string | null;

  @Field(() => String, { nullable: true, description: "Serial number (AI 21), exactly as issued; leading zeros are significant." })
  serial!: string | null;

  @Field(() => String, { nullable: true, description: "Batch or lot (AI 10) it was commissioned with." })
  lot!: string | null;

  @Field(() => String, { nullable: true, description: "Expiry date (AI 17) as an ISO date, YYYY-MM-DD." })
  expiry!: string | null;

  @Field(() => String, { nullable: true, description: "Production date (AI 11) it was commissioned with, as an ISO date, YYYY-MM-DD." })
  productionDate!: string | null;

  @Field(() => UnitStatus, { description: "Current status, derived from its events." })
  status!: UnitStatus;

  @Field(() => String, { nullable: true, description: "Current CBV disposition (e.g. active, in_transit, retail_sold)." })
  disposition!: string | null;

  @Field(() => String, { nullable: true, description: "Where it was last read (read point URI)." })
  readPoint!: string | null;

  @Field(() => String, { nullable: true, description: "The business location it is at (URI), as of its latest event." })
  bizLocation!: string | null;

  @Field(() => String, { nullable: true, description: "Last known location: the business location, else the read point." })
  location!: string | null;

  @Field({ description: "True when the hub commissioned it (or saw its commissioning event); false for units only seen in events." })
  commissioned!: boolean;

  @Field(() => Date, { nullable: true, description: "When it was commissioned." })
  commissionedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "Time of its latest event." })
  lastEventTime!: Date | null;

  /** The container it is in now (resolved by `parent`). */
  parentId!: string | null;

  /** Set when the reader's custody of it ended then: its story is the reader's up to that time only. */
  visibleUntil?: Date | null;
}

/** A page of units. */
export const UnitConnection = connectionType(UnitType, "Unit", "unit");

/** A unit inside a container, with its depth. */
@ObjectType("ContainedUnit", { description: "A unit inside a container, at some depth." })
export class ContainedUnitType {
  @Field(() => UnitType, { description: "The unit." })
  unit!: UnitType;

  @Field(() => Int, { description: "1 when directly inside, 2 when inside something inside, and so on." })
  depth!: number;
}
