import { Field, ID, Int, ObjectType } from "type-graphql";
import { AlertType } from "../alert/alert.type";
import { UnitType } from "../unit/unit.type";

/** One event in a unit's story. */
@ObjectType("TraceEvent", { description: "One event in a unit's story: its own, or one that happened to a container it was in." })
export class TraceEventType {
  @Field({ description: "The event's id." })
  eventId!: string;

  @Field({ description: "EPCIS event type." })
  type!: string;

  @Field(() => String, { nullable: true, description: "ADD, OBSERVE or DELETE." })
  action!: string | null;

  @Field(() => String, { nullable: true, description: "CBV 2.0 business step." })
  bizStep!: string | null;

  @Field(() => String, { nullable: true, description: "CBV 2.0 disposition." })
  disposition!: string | null;

  @Field({ description: "When it happened (UTC)." })
  eventTime!: Date;

  @Field(() => String, { nullable: true, description: "Read point URI." })
  readPoint!: string | null;

  @Field(() => String, { nullable: true, description: "Business location URI." })
  bizLocation!: string | null;

  @Field({ description: "True when the event named a container the unit was in at the time, not the unit itself." })
  inherited!: boolean;

  @Field(() => String, { nullable: true, description: "For inherited events: the container the event named." })
  via!: string | null;
}

/** A stretch of time at one location. */
@ObjectType("CustodyStep", { description: "A stretch of the unit's life at one location." })
export class CustodyStepType {
  @Field({ description: "The location (business location, else read point)." })
  location!: string;

  @Field({ description: "First event there." })
  from!: Date;

  @Field(() => Date, { nullable: true, description: "First event somewhere else afterwards; null while it is still there." })
  to!: Date | null;

  @Field({ description: "The event that brought it there." })
  eventId!: string;
}

/** A time a unit (or one of its containers) spent inside a container. */
@ObjectType("ContainmentPeriod", { description: "A time a unit, or a container holding it, spent inside a container." })
export class ContainmentPeriodType {
  @Field(() => ID, { description: "What was inside." })
  childId!: string;

  @Field(() => ID, { description: "The container." })
  parentId!: string;

  @Field({ description: "When it was packed." })
  packedAt!: Date;

  @Field(() => Date, { nullable: true, description: "When it was unpacked; null while still inside." })
  unpackedAt!: Date | null;

  @Field(() => Int, { description: "1 for the unit's own container, 2 for that container's container, and so on." })
  level!: number;
}

/** An input in a unit's lineage. */
@ObjectType("LineageNode", { description: "A unit this one was made from, directly (depth 1) or through other inputs." })
export class LineageNodeType {
  @Field(() => ID, { description: "The input unit." })
  unitId!: string;

  @Field(() => ID, { description: "The unit it went into." })
  intoId!: string;

  @Field(() => Int, { description: "1 for a direct input, 2 for an input of an input, and so on." })
  depth!: number;
}

/** A unit's complete story. */
@ObjectType("Provenance", { description: "A unit's complete story: every event in time order (including its containers'), where it has been, what held it, what it was made from." })
export class ProvenanceType {
  @Field(() => UnitType, { description: "The unit." })
  unit!: UnitType;

  @Field(() => [TraceEventType], { description: "Every event in time order, including events of containers while the unit was inside them." })
  timeline!: TraceEventType[];

  @Field(() => [CustodyStepType], { description: "The locations it has been at, in order." })
  custody!: CustodyStepType[];

  @Field(() => [ContainmentPeriodType], { description: "Its containment history and that of the containers holding it." })
  containers!: ContainmentPeriodType[];

  @Field(() => [LineageNodeType], { description: "What it was made from, at every depth." })
  madeFrom!: LineageNodeType[];

  @Field(() => [AlertType], { description: "Alerts raised on it." })
  alerts!: AlertType[];
}
