import { Field, ID, Int, ObjectType } from "type-graphql";
import { AlertType } from "../event/event.type";
import { UnitType } from "./unit.type";

/** What `commissionUnits` issued. */
@ObjectType("CommissionResult", { description: "The serials a commissioning call issued." })
export class CommissionResultType {
  @Field({ description: "GTIN, 14 digits." })
  gtin!: string;

  @Field(() => String, { nullable: true, description: "The lot the units were commissioned with." })
  lot!: string | null;

  @Field(() => Int, { description: "How many units were commissioned." })
  count!: number;

  @Field({ description: "The commissioning event's id." })
  eventId!: string;

  @Field(() => [String], { description: "The serials issued, in order (for printing labels)." })
  serials!: string[];

  @Field(() => [ID], { description: "The new units' ids (canonical Digital Link URIs), in the same order." })
  unitIds!: string[];
}

/** What a scan, pack or unpack stored. */
@ObjectType("MovementResult", { description: "The event a scan, pack or unpack was stored as, and what it raised." })
export class MovementResultType {
  @Field({ description: "The stored event's id." })
  eventId!: string;

  @Field(() => [ID], { description: "The units it named (canonical ids), each once." })
  unitIds!: string[];

  @Field(() => [AlertType], { description: "Alerts the event raised (e.g. a serial that was never commissioned)." })
  alerts!: AlertType[];
}

/** A unit inside a container, with its depth. */
@ObjectType("ContainedUnit", { description: "A unit inside a container, at some depth." })
export class ContainedUnitType {
  @Field(() => UnitType, { description: "The unit." })
  unit!: UnitType;

  @Field(() => Int, { description: "1 when directly inside, 2 when inside something inside, and so on." })
  depth!: number;
}
