import { connectionType } from "@tracehub/subgraph-kit";
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";

/** Where a notice is. */
export enum NoticeStatus {
  OPEN = "OPEN",
  CLOSED = "CLOSED",
}
registerEnumType(NoticeStatus, {
  name: "AdvanceShipNoticeStatus",
  description: "Where an advance ship notice is.",
  valuesConfig: { OPEN: { description: "Goods are awaited; receipts reconcile against it." }, CLOSED: { description: "Closed: its discrepancies were raised as alerts." } },
});

/** A discrepancy kind. */
export enum NoticeAlertKind {
  MISSING = "MISSING",
  UNEXPECTED = "UNEXPECTED",
}
registerEnumType(NoticeAlertKind, {
  name: "AdvanceShipNoticeAlertKind",
  description: "A discrepancy between a notice and what was received.",
  valuesConfig: { MISSING: { description: "Expected and not received by the time the notice closed." }, UNEXPECTED: { description: "Received against the notice without being on it." } },
});

/** How a receipt compares with its notice. */
@ObjectType("ShipmentReconciliation", { description: "How the units received against a notice compare with the units it announced (counts exact; lists at most 1,000 each)." })
export class ReconciliationType {
  @Field(() => Int, { description: "Units expected and received." })
  matched!: number;

  @Field(() => Int, { description: "Units expected and not received (yet)." })
  missing!: number;

  @Field(() => Int, { description: "Units received and not expected." })
  unexpected!: number;

  @Field(() => [ID], { description: "Canonical ids of the matched units." })
  matchedUnits!: string[];

  @Field(() => [ID], { description: "Canonical ids of the missing units." })
  missingUnits!: string[];

  @Field(() => [ID], { description: "Canonical ids of the unexpected units." })
  unexpectedUnits!: string[];
}

/** A discrepancy raised on a notice. */
@ObjectType("AdvanceShipNoticeAlert", { description: "A discrepancy raised on a notice: a unit missing from the shipment, or one that was not announced." })
export class NoticeAlertType {
  @Field(() => NoticeAlertKind, { description: "What kind of discrepancy." })
  kind!: NoticeAlertKind;

  @Field(() => ID, { description: "Canonical id of the unit." })
  unitId!: string;

  @Field({ description: "When it was raised (an unexpected unit at its receipt, a missing one at the close)." })
  raisedAt!: Date;
}

/** An advance ship notice. */
@ObjectType("AdvanceShipNotice", { description: "An advance ship notice (despatch advice): the units a shipper says are coming to a receiver's location, reconciled with what is received." })
export class NoticeType {
  @Field(() => ID, { description: "Opaque notice id." })
  id!: string;

  @Field({ description: "The shipper's reference (e.g. its despatch advice number)." })
  reference!: string;

  @Field({ description: "The despatch advice URI receiving events name as business transaction (type `desadv`) to count against this notice." })
  despatchAdvice!: string;

  @Field({ description: "GLN (13 digits) of the receiving location." })
  receiverGln!: string;

  @Field(() => NoticeStatus, { description: "Open or closed." })
  status!: NoticeStatus;

  @Field(() => Int, { description: "How many units it announces (listed, and inside listed containers)." })
  expected!: number;

  @Field({ description: "When it was sent." })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When it was closed." })
  closedAt!: Date | null;

  /** The shipper's organization; not exposed. */
  shipperOrg!: string | null;
}

/** A page of notices. */
export const NoticeConnection = connectionType(NoticeType, "AdvanceShipNotice", "advance ship notice");

/** A new notice. */
@InputType({ description: "An advance ship notice: the units (SSCCs of pallets and cases, or serials) coming to a receiver's location." })
export class CreateNoticeInput {
  @Field({ description: "Your reference (1 to 100 characters)." })
  reference!: string;

  @Field({ description: "The receiving location: a GLN in any GS1 form (13 digits, (414) element string, SGLN URN, Digital Link)." })
  receiver!: string;

  @Field(() => [String], { description: "The units shipped, any GS1 form (SSCC, SGTIN, GRAI, GIAI; 1 to 10,000). A container's contents now are expected too." })
  codes!: string[];

  @Field(() => String, { nullable: true, description: "The despatch advice URI receiving events will name (type `desadv`); default `urn:tracehub:desadv:<id>`." })
  despatchAdvice?: string | null;
}

/** A receipt scan against a notice. */
@InputType({ description: "Units scanned at receipt against a notice." })
export class ReceiveShipmentInput {
  @Field(() => ID, { description: "The notice." })
  noticeId!: string;

  @Field(() => [String], { description: "The units scanned (any GS1 form; 1 to 1,000); a container brings its contents." })
  codes!: string[];
}
