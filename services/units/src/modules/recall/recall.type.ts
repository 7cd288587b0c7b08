import { ConnectionArgs, connectionType } from "@tracehub/subgraph-kit";
import { ArgsType, Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { UnitStatus } from "../unit/unit.rules";

/** The units subgraph's view of a recall (owned by compliance): its key, and the scope its fields here need. */
@Directive('@key(fields: "id")')
@ObjectType("Recall", { description: "A recall of a product's units: all of a GTIN, or those its scope narrows to (lots, serials, production and expiry dates)." })
export class RecallRef {
  @Field(() => ID, { description: "Opaque recall id." })
  id!: string;

  @Directive("@external")
  @Field({ description: "The recalled product's GTIN, 14 digits." })
  gtin!: string;

  @Directive("@external")
  @Field(() => [String], { description: "The recalled lots; empty means every lot." })
  lots!: string[];

  @Directive("@external")
  @Field(() => [String], { description: "The recalled serials (AI 21); empty means every serial." })
  serials!: string[];

  @Directive("@external")
  @Field(() => String, { nullable: true, description: "Units produced on or after this date (YYYY-MM-DD); null: no lower bound." })
  producedFrom!: string | null;

  @Directive("@external")
  @Field(() => String, { nullable: true, description: "Units produced on or before this date (YYYY-MM-DD); null: no upper bound." })
  producedTo!: string | null;

  @Directive("@external")
  @Field(() => String, { nullable: true, description: "Units expiring on or after this date (YYYY-MM-DD); null: no lower bound." })
  expiresFrom!: string | null;

  @Directive("@external")
  @Field(() => String, { nullable: true, description: "Units expiring on or before this date (YYYY-MM-DD); null: no upper bound." })
  expiresTo!: string | null;
}

/** What became of a recall's affected units. */
@ObjectType("RecallProgress", { description: "What became of a recall's affected units (those you may read), from their statuses now." })
export class RecallProgressType {
  @Field(() => Int, { description: "Units the recall affects: marked by it once issued (including units commissioned later in its scope); for a draft, those it would mark." })
  affected!: number;

  @Field(() => Int, { description: "Affected units that are neither returned nor destroyed, at a known location (their last business location or read point)." })
  located!: number;

  @Field(() => Int, { description: "Affected units returned (disposition `returned`)." })
  returned!: number;

  @Field(() => Int, { description: "Affected units destroyed or decommissioned (dispositions `destroyed`, `disposed`, `inactive`)." })
  destroyed!: number;

  @Field(() => Int, { description: "Affected units neither returned, destroyed nor at a known location." })
  unaccounted!: number;
}

/** One reading of a recall's progress, as the live subscription delivers it. */
@ObjectType("RecallProgressUpdate", {
  description: "A recall's progress at a moment: the first when you subscribe, then one each time it changes (units returned, destroyed, moved or newly marked).",
})
export class RecallProgressUpdateType {
  @Field(() => ID, { description: "The recall's id." })
  recallId!: string;

  @Field(() => RecallProgressType, { description: "What became of the affected units you may read, as of `at`." })
  progress!: RecallProgressType;

  @Field({ description: "When this reading was taken." })
  at!: Date;
}

/** How many affected units are in a status. */
@ObjectType("RecallStatusCount", { description: "How many of a recall's affected units are in a status." })
export class RecallStatusCountType {
  @Field(() => UnitStatus, { description: "The unit status." })
  status!: UnitStatus;

  @Field(() => Int, { description: "How many affected units are in it." })
  count!: number;
}

/** How many affected units a party holds. */
@ObjectType("RecallHolderCount", { description: "How many of a recall's affected units a party holds now." })
export class RecallHolderCountType {
  @Field(() => String, {
    nullable: true,
    description: "The GLN of the party the units were last handed to (CBV owning or possessing party, or location); null for units never handed over (with their owner).",
  })
  holderGln!: string | null;

  @Field(() => Int, { description: "How many affected units it holds (a unit handed to two parties at once counts for each)." })
  count!: number;
}

/** Arguments of `Recall.affectedUnits`. */
@ArgsType()
export class AffectedUnitsArgs extends ConnectionArgs {
  @Field(() => UnitStatus, { nullable: true, description: "Only affected units in this status now." })
  status?: UnitStatus | null;
}

/** What a holding organization is told of a recall affecting units it holds. */
@ObjectType("RecallNotice", {
  description:
    "A recall as the organizations holding its units are told of it: what it is, what to do, and how many of its units they hold now. Report progress with ordinary events (returned, destroyed, decommissioned).",
})
export class RecallNoticeType {
  @Field(() => ID, { description: "The recall's id." })
  recallId!: string;

  @Field({ description: "The recalled product's GTIN, 14 digits." })
  gtin!: string;

  @Field(() => [String], { description: "The recalled lots; empty means every lot." })
  lots!: string[];

  @Field(() => [String], { description: "The recalled serials; empty means every serial." })
  serials!: string[];

  @Field(() => String, { nullable: true, description: "How serious it is: CLASS_I, CLASS_II or CLASS_III." })
  classification!: string | null;

  @Field(() => String, { nullable: true, description: "Why the product is recalled." })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: "What holders must do." })
  instructions!: string | null;

  @Field({ description: "ISSUED, or CLOSED when the recall is done." })
  status!: string;

  @Field({ description: "When the recall was issued." })
  issuedAt!: Date;

  @Field(() => Int, { description: "How many of the recall's units your organization holds now (in its custody, or never handed over from it)." })
  unitsHeld!: number;

  @Field(() => Date, { nullable: true, description: "When your organization acknowledged the notice; null until it does." })
  acknowledgedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "On a live notice: the stream position it came at; pass it as `after` to resume. Null in queries." })
  cursor!: string | null;
}

/** A page of recall notices. */
export const RecallNoticeConnection = connectionType(RecallNoticeType, "RecallNotice", "recall notice");
