import { connectionType } from "@tracehub/subgraph-kit";
import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A recall. */
@Directive('@key(fields: "id")')
@ObjectType("Recall", { description: "A recall of a product (GTIN), or of some of its lots." })
export class RecallType {
  @Field(() => ID, { description: "Opaque recall id." })
  id!: string;

  @Field({ description: "The recalled product's GTIN, 14 digits." })
  gtin!: string;

  @Field(() => [String], { description: "The recalled lots; empty means every lot of the GTIN." })
  lots!: string[];

  @Field({ description: "Why the product is recalled." })
  reason!: string;

  @Field({ description: "OPEN or CLOSED." })
  status!: string;

  @Field({ description: "When the recall was issued." })
  issuedAt!: Date;
}

/** A page of recalls. */
export const RecallConnection = connectionType(RecallType, "Recall", "recall");
