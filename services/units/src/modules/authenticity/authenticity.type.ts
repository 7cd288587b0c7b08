import { Field, ObjectType, registerEnumType } from "type-graphql";
import { AuthenticityVerdict } from "../unit/unit.rules";

registerEnumType(AuthenticityVerdict, {
  name: "AuthenticityVerdict",
  description: "What the hub can say about a scanned code, publicly.",
  valuesConfig: {
    GENUINE: { description: "The hub knows this unit; it was commissioned by its brand owner and is in circulation." },
    UNKNOWN: { description: "The code is well formed, but no such unit was ever commissioned: treat the product as suspect." },
    INVALID_CODE: { description: "The code is not a valid GS1 unit code (wrong check digit, bad format)." },
    INACTIVE: { description: "The unit was destroyed, decommissioned, reported stolen or expired: it should not be on sale." },
    RECALLED: { description: "The unit is under a recall: do not use it." },
  },
});

/** The public answer to "is this genuine?". Carries no locations, customers or orders. */
@ObjectType("AuthenticityResult", { description: "The public authenticity verdict for a scanned code, with the product's public facts only." })
export class AuthenticityResultType {
  @Field(() => AuthenticityVerdict, { description: "The verdict." })
  verdict!: AuthenticityVerdict;

  @Field({ description: "A sentence a consumer can read." })
  message!: string;

  @Field(() => String, { nullable: true, description: "The GTIN the code names, when it parsed." })
  gtin!: string | null;

  @Field(() => String, { nullable: true, description: "The product's name, when the product is registered." })
  productName!: string | null;

  @Field({ description: "When the check was made." })
  checkedAt!: Date;
}
