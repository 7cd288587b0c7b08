import { connectionType } from "@tracehub/subgraph-kit";
import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";

/** Where a recall is in its life. */
export enum RecallStatus {
  DRAFT = "DRAFT",
  ISSUED = "ISSUED",
  CLOSED = "CLOSED",
  CANCELLED = "CANCELLED",
}
registerEnumType(RecallStatus, {
  name: "RecallStatus",
  description: "Where a recall is in its life: DRAFT → ISSUED → CLOSED, or a DRAFT CANCELLED.",
  valuesConfig: {
    DRAFT: { description: "Being prepared: seen only by its organization (and operators); shows what it would affect; changes no unit." },
    ISSUED: { description: "In force: its units are marked RECALLED, and units commissioned later in its scope too." },
    CLOSED: { description: "Done: its units stay recalled; units commissioned from now on are not marked." },
    CANCELLED: { description: "A draft dropped before it was issued." },
  },
});

/** How serious a recall is. */
export enum RecallClass {
  CLASS_I = "CLASS_I",
  CLASS_II = "CLASS_II",
  CLASS_III = "CLASS_III",
}
registerEnumType(RecallClass, {
  name: "RecallClass",
  description: "How serious a recall is (the FDA's classes).",
  valuesConfig: {
    CLASS_I: { description: "A reasonable probability that use of, or exposure to, the product will cause serious harm or death." },
    CLASS_II: { description: "Use of, or exposure to, the product may cause temporary or medically reversible harm." },
    CLASS_III: { description: "Use of, or exposure to, the product is not likely to cause harm." },
  },
});

/** A recall. */
@Directive('@key(fields: "id")')
@ObjectType("Recall", { description: "A recall of a product's units: all of a GTIN, or those its scope narrows to (lots, serials, production and expiry dates)." })
export class RecallType {
  @Field(() => ID, { description: "Opaque recall id." })
  id!: string;

  @Field({ description: "The recalled product's GTIN, 14 digits." })
  gtin!: string;

  @Field(() => [String], { description: "The recalled lots; empty means every lot." })
  lots!: string[];

  @Field(() => [String], { description: "The recalled serials (AI 21); empty means every serial." })
  serials!: string[];

  @Field(() => String, { nullable: true, description: "Units produced on or after this date (YYYY-MM-DD); null: no lower bound." })
  producedFrom!: string | null;

  @Field(() => String, { nullable: true, description: "Units produced on or before this date (YYYY-MM-DD); null: no upper bound." })
  producedTo!: string | null;

  @Field(() => String, { nullable: true, description: "Units expiring on or after this date (YYYY-MM-DD); null: no lower bound." })
  expiresFrom!: string | null;

  @Field(() => String, { nullable: true, description: "Units expiring on or before this date (YYYY-MM-DD); null: no upper bound." })
  expiresTo!: string | null;

  @Field(() => RecallClass, { description: "How serious the recall is." })
  classification!: RecallClass;

  @Field({ description: "Why the product is recalled." })
  reason!: string;

  @Field(() => String, { nullable: true, description: "What holders of the units must do (return them, destroy them, stop selling); null when none were given." })
  instructions!: string | null;

  @Field(() => RecallStatus, { description: "Where the recall is in its life." })
  status!: RecallStatus;

  @Field({ description: "When the draft was created." })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the recall was issued; null for a draft." })
  issuedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When the recall was closed; null until then." })
  closedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When the draft was cancelled; null unless it was." })
  cancelledAt!: Date | null;

  /** The organization that created it (not exposed). */
  organizationId!: string | null;
}

/** A page of recalls. */
export const RecallConnection = connectionType(RecallType, "Recall", "recall");
