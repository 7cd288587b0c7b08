import { connectionType } from "@tracehub/subgraph-kit";
import { GraphQLJSON } from "graphql-scalars";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";

/** The kinds of operation the audit log records. */
export enum AuditOperationType {
  QUERY = "QUERY",
  SUBSCRIPTION = "SUBSCRIPTION",
  MUTATION = "MUTATION",
}
registerEnumType(AuditOperationType, {
  name: "AuditOperationType",
  description: "The kind of operation an audit entry records.",
  valuesConfig: {
    QUERY: { description: "A regulator's query over HTTP." },
    SUBSCRIPTION: { description: "A regulator's subscription started over WebSocket (recorded once, when it starts)." },
    MUTATION: { description: "A state change, by anyone, with its outcome." },
  },
});

/** How a recorded mutation ended. */
export enum AuditOutcome {
  OK = "OK",
  PARTIAL = "PARTIAL",
  FAILED = "FAILED",
}
registerEnumType(AuditOutcome, {
  name: "AuditOutcome",
  description: "How a recorded mutation ended.",
  valuesConfig: {
    OK: { description: "Every root field answered without an error." },
    PARTIAL: { description: "Some root fields answered, some with errors." },
    FAILED: { description: "It was refused or failed: nothing it asked was done." },
  },
});

/** One recorded operation. */
@ObjectType("AuditEntry", {
  description: "One operation as the gateway recorded it: a regulator's read, or anyone's state change. Entries form a hash chain (`verifyAuditChain`).",
})
export class AuditEntryType {
  @Field(() => ID, { description: "Opaque audit entry id (increasing in the chain's order)." })
  id!: string;

  @Field({ description: "When the gateway accepted the operation." })
  at!: Date;

  @Field({ description: "Who: the subject of the caller's token, or `apikey:<id>` for an API key." })
  subject!: string;

  @Field(() => [String], { description: "The caller's roles at the time." })
  roles!: string[];

  @Field(() => AuditOperationType, { description: "Query, subscription or mutation." })
  operationType!: AuditOperationType;

  @Field(() => String, { nullable: true, description: "The operation's name, when the document named it." })
  operationName!: string | null;

  @Field(() => [String], { description: "The root fields a mutation ran (e.g. `issueRecall`); empty for reads." })
  rootFields!: string[];

  @Field(() => AuditOutcome, { nullable: true, description: "How a mutation ended; null for reads." })
  outcome!: AuditOutcome | null;

  @Field(() => [String], { description: "The error codes a mutation answered with; empty when none." })
  errorCodes!: string[];

  @Field({ description: "SHA-256 (hex) of the operation's document as sent, to match it against known documents." })
  documentHash!: string;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: "The operation's variables; null when there were none, when they exceeded 2 KB of JSON, and for regulators (they hold what only the caller's organization may see).",
  })
  variables!: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: "The client's address as the gateway saw it (honouring its trust-proxy setting)." })
  clientAddress!: string | null;

  @Field(() => String, { nullable: true, description: "The gateway's request id (the `x-request-id` header of its answer); null for subscriptions." })
  requestId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The hash of the entry before it in the chain (64 zeros for the first); null for regulators (with the content they see, it would let them test guesses of the variables they do not).",
  })
  prevHash!: string | null;

  @Field(() => String, { nullable: true, description: "SHA-256 (hex) over `prevHash` and this entry's content: changing either changes it. Null for regulators (see `prevHash`)." })
  hash!: string | null;

  /** The caller's organization's id (resolved to `organization`). */
  organizationId!: string | null;
}

/** The outcome of checking the audit chain. */
@ObjectType("AuditChainResult", { description: "The outcome of checking the audit log's hash chain from its first entry to its head." })
export class AuditChainResultType {
  @Field({ description: "True when every entry follows the one before it and matches its hash, and the head names the last entry." })
  valid!: boolean;

  @Field(() => Int, { description: "How many entries were checked and hold (up to the first that does not)." })
  entries!: number;

  @Field(() => ID, { nullable: true, description: "The first entry that does not hold; null when the chain is valid." })
  firstInvalidEntryId!: string | null;

  @Field(() => String, { nullable: true, description: "What is wrong there; null when the chain is valid." })
  problem!: string | null;
}

/** A page of audit entries. */
export const AuditEntryConnection = connectionType(AuditEntryType, "AuditEntry", "audit entry");
