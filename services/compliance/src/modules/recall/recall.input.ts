import { Field, InputType } from "type-graphql";

/** A recall to issue. */
@InputType({ description: "A recall to issue: a GTIN, optionally narrowed to some lots." })
export class IssueRecallInput {
  @Field({ description: "The product's GTIN (8, 12, 13 or 14 digits)." })
  gtin!: string;

  @Field(() => [String], { nullable: true, description: "Lots to recall (AI 10 values); omit or leave empty to recall every lot." })
  lots?: string[] | null;

  @Field({ description: "Why (1 to 2,000 characters)." })
  reason!: string;
}
