import { connectionType } from "@tracehub/subgraph-kit";
import { GraphQLJSON } from "graphql-scalars";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";

/** The kinds of read the audit log records. */
export enum AuditOperationType {
  QUERY = "QUERY",
  SUBSCRIPTION = "SUBSCRIPTION",
}
registerEnumType(AuditOperationType, {
  name: "AuditOperationType",
  description: "The kind of operation an audit entry records.",
  valuesConfig: {
    QUERY: { description: "A query over HTTP." },
    SUBSCRIPTION: { description: "A subscription started over WebSocket (recorded once, when it starts)." },
  },
});

/** One recorded read by a regulator. */
@ObjectType("AuditEntry", { description: "One read by a regulator (a query, or the start of a subscription), as the gateway recorded it." })
export class AuditEntryType {
  @Field(() => ID, { description: "Opaque audit entry id." })
  id!: string;

  @Field({ description: "When the gateway accepted the operation." })
  at!: Date;

  @Field({ description: "Who read: the subject of the caller's token, or `apikey:<id>` for an API key." })
  subject!: string;

  @Field(() => [String], { description: "The caller's roles at the time." })
  roles!: string[];

  @Field(() => AuditOperationType, { description: "Query or subscription." })
  operationType!: AuditOperationType;

  @Field(() => String, { nullable: true, description: "The operation's name, when the document named it." })
  operationName!: string | null;

  @Field({ description: "SHA-256 (hex) of the operation's document as sent, to match it against known documents." })
  documentHash!: string;

  @Field(() => GraphQLJSON, { nullable: true, description: "The operation's variables; null when there were none or they exceeded 2 KB of JSON." })
  variables!: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: "The client's address as the gateway saw it (honouring its trust-proxy setting)." })
  clientAddress!: string | null;

  /** The caller's organization's id (resolved to `organization`). */
  organizationId!: string | null;
}

/** A page of audit entries. */
export const AuditEntryConnection = connectionType(AuditEntryType, "AuditEntry", "audit entry");
