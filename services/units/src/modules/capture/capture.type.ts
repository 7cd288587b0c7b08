import { Field, Int, ObjectType } from "type-graphql";
import { AlertType } from "../alert/alert.type";

/** An event refused at capture. */
@ObjectType("RejectedEvent", { description: "An event the capture refused, and why." })
export class RejectedEventType {
  @Field(() => Int, { description: "Position of the event in the document's event list (0-based)." })
  eventIndex!: number;

  @Field({ description: "JSONPath of the offending part, e.g. $.epcisBody.eventList[3].bizStep." })
  path!: string;

  @Field({ description: "The rule it broke." })
  message!: string;
}

/** What a capture did. */
@ObjectType("CaptureResult", { description: "What a capture stored, what it recognised as already stored, and what it refused." })
export class CaptureResultType {
  @Field(() => Int, { description: "How many new events were stored." })
  stored!: number;

  @Field(() => Int, { description: "How many events were already stored (same CBV 2.0 event hash) and not stored again." })
  duplicates!: number;

  @Field(() => [RejectedEventType], { description: "Every refused event with its index, path and reason." })
  rejected!: RejectedEventType[];

  @Field(() => [String], { description: "Ids of the accepted events (stored or duplicate), in document order." })
  eventIds!: string[];

  @Field(() => [AlertType], { description: "Alerts the new events raised." })
  alerts!: AlertType[];
}
