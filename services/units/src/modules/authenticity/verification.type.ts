import { Field, ObjectType } from "type-graphql";
import { AuthenticityVerdict } from "./authenticity.rules";

/** One public check of a unit, as its brand owner sees it. */
@ObjectType("Verification", { description: "One public authenticity check of a unit: when, from which country (as the client said; never an address), and the verdict." })
export class VerificationType {
  @Field({ description: "When it was checked." })
  checkedAt!: Date;

  @Field(() => String, { nullable: true, description: "The country the check came from (ISO 3166-1 alpha-2), when the client said." })
  country!: string | null;

  @Field(() => AuthenticityVerdict, { description: "The verdict given." })
  verdict!: AuthenticityVerdict;

  @Field(() => [String], { description: "Its reasons." })
  reasons!: string[];
}
