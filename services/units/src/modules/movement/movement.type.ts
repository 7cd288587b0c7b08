import { Field, ID, ObjectType } from "type-graphql";
import { UnitType } from "../unit/unit.type";

/** One event of the movement stream, as a subscriber receives it. */
@ObjectType("MovementEvent", {
  description: "An event of the hub's movement stream (every stored EPCIS event, in commit order), as a subscription delivers it.",
})
export class MovementEventType {
  @Field({ description: "Position in the commit-ordered stream: pass it as `after` to resume exactly after this event (no gap, no duplicate)." })
  cursor!: string;

  @Field({ description: "The event's id: the client's eventID when it sent one, otherwise its CBV 2.0 event hash ID." })
  eventId!: string;

  @Field({ description: "EPCIS event type: ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent or AssociationEvent." })
  type!: string;

  @Field(() => String, { nullable: true, description: "ADD, OBSERVE or DELETE (absent on TransformationEvent)." })
  action!: string | null;

  @Field(() => String, { nullable: true, description: "CBV 2.0 business step, short name." })
  bizStep!: string | null;

  @Field(() => String, { nullable: true, description: "CBV 2.0 disposition, short name." })
  disposition!: string | null;

  @Field(() => String, { nullable: true, description: "Read point URI." })
  readPoint!: string | null;

  @Field(() => String, { nullable: true, description: "Business location URI." })
  bizLocation!: string | null;

  @Field({ description: "When the event happened (UTC)." })
  eventTime!: Date;

  @Field({ description: "When the hub stored it." })
  recordTime!: Date;

  @Field({ description: "True when this entry is an EPCIS error declaration (a correction of an earlier event with the same hash)." })
  isErrorDeclaration!: boolean;

  @Field(() => ID, { nullable: true, description: "The organization whose credentials captured it." })
  capturedByOrganizationId!: string | null;

  @Field(() => [UnitType], {
    description: "Every unit the event touched in any role, including what was inside a container it moved; each as it is now.",
  })
  units!: UnitType[];

  /** Ids behind `units`. */
  unitIds!: string[];
}
