import { connectionType } from "@tracehub/subgraph-kit";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { CaptureErrorBehavior } from "../capture/capture.service";
import { RejectedEventType } from "../capture/capture.type";

/** Why a whole document was refused. */
@ObjectType("CaptureFailure", { description: "Why a capture job refused its whole document (nothing of it was stored)." })
export class CaptureFailureType {
  @Field({ description: "The error code a synchronous capture would have answered (BAD_USER_INPUT, LIMIT_EXCEEDED, ...)." })
  code!: string;

  @Field(() => String, { nullable: true, description: "The precise reason, e.g. EPCIS_DOCUMENT_INVALID." })
  reason!: string | null;

  @Field({ description: "What was wrong, in a sentence." })
  message!: string;
}

/** A document accepted for capture in the background. */
@ObjectType("CaptureJob", { description: "A document accepted for capture in the background (the EPCIS REST binding's /capture), its progress and its outcome." })
export class CaptureJobType {
  @Field(() => ID, { description: "The job's id (the binding's captureID)." })
  id!: string;

  @Field(() => CaptureErrorBehavior, { description: "ROLLBACK (all or nothing) or PROCEED (store the valid events)." })
  errorBehavior!: CaptureErrorBehavior;

  @Field({ description: "True until the job has captured or refused every event." })
  running!: boolean;

  @Field({ description: "False as soon as an event was refused or the document failed as a whole; with ROLLBACK, false means nothing was stored." })
  success!: boolean;

  @Field({ description: "When the document was accepted." })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the job ended; null while it runs." })
  finishedAt!: Date | null;

  @Field(() => Int, { description: "How many events the document holds." })
  eventCount!: number;

  @Field(() => Int, { description: "How many of them the job has dealt with so far (stored, recognised as duplicates, or refused)." })
  processed!: number;

  @Field(() => Int, { description: "How many new events were stored." })
  stored!: number;

  @Field(() => Int, { description: "How many events were already stored (same CBV 2.0 event hash) and not stored again." })
  duplicates!: number;

  @Field(() => [RejectedEventType], { description: "Every refused event with its position in the document, path and reason." })
  rejected!: RejectedEventType[];

  @Field(() => CaptureFailureType, { nullable: true, description: "Set when the document was refused as a whole (not valid EPCIS, say)." })
  failure!: CaptureFailureType | null;
}

export const CaptureJobConnection = connectionType(CaptureJobType, "CaptureJob", "capture job");
