import { Field, ID, ObjectType } from "type-graphql";
import { AlertType } from "../alert/alert.type";
import { EventFactsType } from "../event/event.type";
import { UnitType } from "../unit/unit.type";

/** One event of the movement stream, as a subscriber receives it. */
@ObjectType("MovementEvent", {
  description: "An event of the hub's movement stream (every stored EPCIS event, in commit order), as a subscription delivers it.",
})
export class MovementEventType extends EventFactsType {
  @Field({ description: "Position in the commit-ordered stream: pass it as `after` to resume exactly after this event (no gap, no duplicate)." })
  cursor!: string;

  @Field(() => ID, { nullable: true, description: "The organization whose credentials captured it." })
  capturedByOrganizationId!: string | null;

  @Field(() => [UnitType], {
    description: "Every unit the event touched in any role, including what was inside a container it moved; each as it is now.",
  })
  units!: UnitType[];

  /** Ids behind `units`. */
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
