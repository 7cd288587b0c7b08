import { ArgsType, Field, InputType } from "type-graphql";
import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { RecallClass, RecallStatus } from "./recall.type";

/** A recall to prepare. */
@InputType({ description: "A recall to prepare (a DRAFT): a GTIN's units, narrowed by every condition given." })
export class CreateRecallInput {
  @Field({ description: "The product's GTIN (8, 12, 13 or 14 digits); yours (or one you were granted nothing on is refused)." })
  gtin!: string;

  @Field(() => [String], { nullable: true, description: "Lots to recall (AI 10 values); omit or leave empty for every lot." })
  lots?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Serials to recall (AI 21 values, at most 10,000); omit or leave empty for every serial." })
  serials?: string[] | null;

  @Field(() => String, { nullable: true, description: "Only units produced on or after this date (YYYY-MM-DD); a unit without a production date is then outside." })
  producedFrom?: string | null;

  @Field(() => String, { nullable: true, description: "Only units produced on or before this date (YYYY-MM-DD)." })
  producedTo?: string | null;

  @Field(() => String, { nullable: true, description: "Only units expiring on or after this date (YYYY-MM-DD); a unit without an expiry date is then outside." })
  expiresFrom?: string | null;

  @Field(() => String, { nullable: true, description: "Only units expiring on or before this date (YYYY-MM-DD)." })
  expiresTo?: string | null;

  @Field(() => RecallClass, { description: "How serious the recall is." })
  classification!: RecallClass;

  @Field({ description: "Why (1 to 2,000 characters)." })
  reason!: string;

  @Field(() => String, { nullable: true, description: "What holders must do (up to 4,000 characters)." })
  instructions?: string | null;
}

/** Which recalls to list. */
@ArgsType()
export class RecallsArgs extends ConnectionArgs {
  @Field(() => RecallStatus, { nullable: true, description: "Only recalls in this status; all when left out." })
  status?: RecallStatus | null;
}
