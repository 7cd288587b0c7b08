import type { ProductLinkType } from "../product/product.type";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { AuthenticityVerdict, CodeAttribute } from "./authenticity.rules";

registerEnumType(AuthenticityVerdict, {
  name: "AuthenticityVerdict",
  description: "What the hub can say about a scanned code, publicly.",
  valuesConfig: {
    GENUINE: { description: "The hub knows this unit; it was commissioned by its brand owner, is in circulation and not past its expiry date." },
    UNKNOWN: { description: "The code is well formed, but no such unit was ever commissioned: treat the product as suspect." },
    INVALID_CODE: { description: "The code is not a valid GS1 unit code (wrong check digit, bad format)." },
    SUSPECT: {
      description:
        "The serial exists, but the code's lot, expiry or production date contradicts the unit's record (see `mismatches`), or the serial's checks point at copies of it (impossible travel, too many checks or countries, checked after dispensing; see `reasons`).",
    },
    ON_HOLD: { description: "The brand owner holds this unit while it investigates (an open quarantine): do not use it for now." },
    DECOMMISSIONED: { description: "The unit was destroyed, decommissioned, consumed or reported stolen: it should not be on sale." },
    EXPIRED: { description: "The unit is past its expiry date, or was taken out of circulation as expired: do not use it." },
    RECALLED: { description: "The unit is under a recall: do not use it." },
  },
});

registerEnumType(CodeAttribute, {
  name: "CodeAttribute",
  description: "An attribute a scanned code carries besides GTIN and serial, which the hub checks against the unit's record.",
  valuesConfig: {
    LOT: { description: "Batch or lot number (AI 10)." },
    EXPIRY: { description: "Expiry date (AI 17, or the date of AI 7003 expiration date and time)." },
    PRODUCTION_DATE: { description: "Production date (AI 11)." },
  },
});

/** A product's public facts. */
@ObjectType("PublicProductFacts", { description: "What anyone may know of a product: its name, brand and image." })
export class PublicProductFactsType {
  @Field({ description: "The product's name." })
  name!: string;

  @Field(() => String, { nullable: true, description: "The brand shown to consumers." })
  brand!: string | null;

  @Field(() => String, { nullable: true, description: "An image of the product (https)." })
  imageUrl!: string | null;

  /** Every link its brand owner configured, in API form (the `links` field picks those that answer a lot). */
  configuredLinks!: ProductLinkType[];
}

/** What a recalled unit's holder is told. */
@ObjectType("PublicRecallNotice", { description: "The public notice of a recall: why, and what to do." })
export class PublicRecallNoticeType {
  @Field(() => String, { nullable: true, description: "Why the product is recalled." })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: "What to do with it." })
  instructions!: string | null;
}

/** A value a reason's sentence names. */
@ObjectType("VerdictReasonValue", { description: "A value a reason's sentence names (a country code, a count, minutes, an attribute)." })
export class VerdictReasonValueType {
  @Field({ description: "Its name in the sentence (from, to, minutes, checks, countries, country, attribute, status)." })
  name!: string;

  @Field({ description: "The value, as text." })
  value!: string;
}

/** A reason of a verdict, for any language. */
@ObjectType("VerdictReason", { description: "Why a verdict is what it is, as a code and the values its sentence names, so a client can say it in any language." })
export class VerdictReasonType {
  @Field({
    description:
      "INVALID_CODE, NEVER_ISSUED, ATTRIBUTE_MISMATCH, RECALLED, ON_HOLD, OUT_OF_CIRCULATION, EXPIRED_STATUS, PAST_EXPIRY, or a clone finding: IMPOSSIBLE_TRAVEL, TOO_MANY_CHECKS, TOO_MANY_COUNTRIES, CHECKED_AFTER_DISPENSING, CUSTODY_MISMATCH.",
  })
  code!: string;

  @Field(() => [VerdictReasonValueType], { description: "The values the sentence names." })
  values!: VerdictReasonValueType[];

  @Field({ description: "The sentence in English (the same as in `reasons`)." })
  text!: string;
}

/** The public answer to "is this genuine?". Carries no locations, customers or orders. */
@ObjectType("AuthenticityResult", { description: "The public authenticity verdict for a scanned code, with the product's public facts only." })
export class AuthenticityResultType {
  @Field(() => AuthenticityVerdict, { description: "The verdict." })
  verdict!: AuthenticityVerdict;

  @Field({ description: "A sentence a consumer can read." })
  message!: string;

  @Field(() => [String], { description: "Why the verdict is not GENUINE, one sentence per reason (empty for GENUINE). Never discloses the recorded values." })
  reasons!: string[];

  @Field(() => [VerdictReasonType], { description: "The same reasons as codes with their values, in the same order, for clients that speak other languages." })
  details!: VerdictReasonType[];

  @Field(() => [CodeAttribute], { description: "The attributes of the code that contradict the unit's record (the verdict is then SUSPECT); empty otherwise." })
  mismatches!: CodeAttribute[];

  @Field(() => String, { nullable: true, description: "The GTIN the code names, when it parsed." })
  gtin!: string | null;

  @Field(() => String, { nullable: true, description: "The product's name, when the product is registered." })
  productName!: string | null;

  @Field(() => PublicProductFactsType, { nullable: true, description: "The product's public facts, when the product is registered." })
  product!: PublicProductFactsType | null;

  @Field(() => String, { nullable: true, description: "The expiry date of the unit's lot (ISO), when the unit is known and the code's lot and dates agree with its record (a code that contradicts the record learns nothing of it)." })
  expiry!: string | null;

  @Field(() => PublicRecallNoticeType, { nullable: true, description: "The recall notice, when the verdict is RECALLED." })
  recall!: PublicRecallNoticeType | null;

  @Field({ description: "When the check was made." })
  checkedAt!: Date;
}
