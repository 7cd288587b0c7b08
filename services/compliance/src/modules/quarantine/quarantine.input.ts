import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { RecallClass } from "../recall/recall.type";
import { QuarantineOutcome, QuarantineStatus } from "./quarantine.type";

/** Units to put on hold. */
@InputType({ description: "Units to put on hold: a GTIN's units, narrowed by every condition given (as for a recall)." })
export class OpenQuarantineInput {
  @Field({ description: "The product's GTIN (yours)." })
  gtin!: string;

  @Field(() => [String], { nullable: true, description: "Lots to hold; every lot when left out." })
  lots?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Serials to hold (at most 10,000); every serial when left out." })
  serials?: string[] | null;

  @Field(() => String, { nullable: true, description: "Only units produced on or after this date (YYYY-MM-DD)." })
  producedFrom?: string | null;

  @Field(() => String, { nullable: true, description: "Only units produced on or before this date (YYYY-MM-DD)." })
  producedTo?: string | null;

  @Field(() => String, { nullable: true, description: "Only units expiring on or after this date (YYYY-MM-DD)." })
  expiresFrom?: string | null;

  @Field(() => String, { nullable: true, description: "Only units expiring on or before this date (YYYY-MM-DD)." })
  expiresTo?: string | null;

  @Field({ description: "Why (1 to 2,000 characters)." })
  reason!: string;
}

/** How a quarantine ends. */
@InputType({ description: "How a quarantine ends." })
export class CloseQuarantineInput {
  @Field(() => ID, { description: "The quarantine's id." })
  id!: string;

  @Field(() => QuarantineOutcome, { description: "The outcome." })
  outcome!: QuarantineOutcome;

  @Field({ description: "What the investigation found (1 to 4,000 characters)." })
  findings!: string;

  @Field(() => RecallClass, { nullable: true, description: "With outcome RECALLED: the class of the recall draft prepared (CLASS_II when left out)." })
  recallClassification?: RecallClass | null;
}

/** Which quarantines to list. */
@ArgsType()
export class QuarantinesArgs extends ConnectionArgs {
  @Field(() => QuarantineStatus, { nullable: true, description: "Only quarantines in this status." })
  status?: QuarantineStatus | null;
}
