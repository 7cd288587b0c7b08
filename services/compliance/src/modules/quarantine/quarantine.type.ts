import { connectionType } from "@tracehub/subgraph-kit";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";

/** How a quarantine ended. */
export enum QuarantineOutcome {
  RELEASED = "RELEASED",
  RECALLED = "RECALLED",
  DESTROYED = "DESTROYED",
}
registerEnumType(QuarantineOutcome, {
  name: "QuarantineOutcome",
  description: "How a quarantine ended.",
  valuesConfig: {
    RELEASED: { description: "The units were found sound and are released." },
    RECALLED: { description: "The units are to be recalled: a recall draft with the same scope was prepared (`recall`), to be issued." },
    DESTROYED: { description: "The units are to be destroyed (report it with destroying events)." },
  },
});

/** Where a quarantine is. */
export enum QuarantineStatus {
  OPEN = "OPEN",
  CLOSED = "CLOSED",
}
registerEnumType(QuarantineStatus, {
  name: "QuarantineStatus",
  description: "Whether a quarantine holds its units.",
  valuesConfig: { OPEN: { description: "Its units are on hold: moving one raises an alert." }, CLOSED: { description: "Done, with an outcome." } },
});

/** A note of an investigation. */
@ObjectType("InvestigationNote", { description: "One note of a quarantine's investigation." })
export class InvestigationNoteType {
  @Field({ description: "What was found or done." })
  text!: string;

  @Field({ description: "Who wrote it (the subject of the writer's token)." })
  writtenBy!: string;

  @Field({ description: "When." })
  writtenAt!: Date;
}

/** A quarantine. */
@ObjectType("Quarantine", {
  description: "Suspect units put on hold while an investigation runs: a scope like a recall's, the investigation's notes, and the outcome. Seen by the organization that opened it, operators and regulators.",
})
export class QuarantineType {
  @Field(() => ID, { description: "Opaque quarantine id." })
  id!: string;

  @Field({ description: "The product's GTIN, 14 digits." })
  gtin!: string;

  @Field(() => [String], { description: "The lots on hold; empty means every lot." })
  lots!: string[];

  @Field(() => [String], { description: "The serials on hold; empty means every serial." })
  serials!: string[];

  @Field(() => String, { nullable: true, description: "Units produced on or after this date (YYYY-MM-DD)." })
  producedFrom!: string | null;

  @Field(() => String, { nullable: true, description: "Units produced on or before this date (YYYY-MM-DD)." })
  producedTo!: string | null;

  @Field(() => String, { nullable: true, description: "Units expiring on or after this date (YYYY-MM-DD)." })
  expiresFrom!: string | null;

  @Field(() => String, { nullable: true, description: "Units expiring on or before this date (YYYY-MM-DD)." })
  expiresTo!: string | null;

  @Field({ description: "Why the units are held." })
  reason!: string;

  @Field(() => QuarantineStatus, { description: "Whether it holds its units." })
  status!: QuarantineStatus;

  @Field(() => QuarantineOutcome, { nullable: true, description: "How it ended; null while open." })
  outcome!: QuarantineOutcome | null;

  @Field(() => String, { nullable: true, description: "What the investigation found; null while open." })
  findings!: string | null;

  @Field({ description: "When it was opened." })
  openedAt!: Date;

  @Field(() => Date, { nullable: true, description: "When it was closed; null while open." })
  closedAt!: Date | null;

  @Field(() => Int, { description: "How long it has been open (until it closed), in seconds." })
  openSeconds!: number;

  /** The recall draft it led to (resolved to `recall`). */
  recallId!: string | null;

  /** The organization that opened it (not exposed). */
  organizationId!: string | null;
}

/** A page of quarantines. */
export const QuarantineConnection = connectionType(QuarantineType, "Quarantine", "quarantine");
