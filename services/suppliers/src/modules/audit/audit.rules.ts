import { createHash } from "node:crypto";
import { canonicalJson } from "@tracehub/auth";
import { z } from "zod";

/** Most entries in one `POST /internal/audit` batch (the gateway sends at most this many at a time). */
export const MAX_AUDIT_BATCH = 100;

/** Largest `variables` of one entry, as JSON, in bytes (the gateway sends null for larger ones). */
export const MAX_AUDIT_VARIABLES_BYTES = 2048;

/** The kinds of operation the audit log records: regulators' reads, and everyone's state changes. */
export const AUDIT_OPERATION_TYPES = ["QUERY", "SUBSCRIPTION", "MUTATION"] as const;
export type AuditOperationTypeName = (typeof AUDIT_OPERATION_TYPES)[number];

/** How a recorded mutation ended. */
export const AUDIT_OUTCOMES = ["OK", "PARTIAL", "FAILED"] as const;
export type AuditOutcomeName = (typeof AUDIT_OUTCOMES)[number];

/** One operation as the gateway reports it. */
export interface AuditEntryInput {
  /** When the gateway accepted the operation. */
  at: Date;
  /** The principal's subject (a user, or `apikey:<id>`). */
  subject: string;
  organizationId: string | null;
  roles: string[];
  operationType: AuditOperationTypeName;
  operationName: string | null;
  /** SHA-256 of the operation's document, in hex. */
  documentHash: string;
  variables: Record<string, unknown> | null;
  clientAddress: string | null;
  /** The gateway's request id (its `x-request-id` answer header); null for subscriptions. */
  requestId: string | null;
  /** The root fields a mutation ran (empty for reads). */
  rootFields: string[];
  /** How a mutation ended (null for reads). */
  outcome: AuditOutcomeName | null;
  /** The error codes a mutation answered with (empty when none). */
  errorCodes: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An hour either side of now: a gateway's clock or queue that far off is a bug to refuse, not to record. */
const MAX_CLOCK_SKEW_MS = 60 * 60 * 1000;

const variablesSchema = z
  .record(z.string(), z.unknown())
  .nullable()
  .refine((v) => v === null || Buffer.byteLength(JSON.stringify(v), "utf8") <= MAX_AUDIT_VARIABLES_BYTES, {
    message: `variables exceed ${MAX_AUDIT_VARIABLES_BYTES} bytes of JSON`,
  });

const entrySchema = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  subject: z.string().min(1).max(200),
  organizationId: z.string().regex(UUID).nullable(),
  roles: z.array(z.string().min(1).max(40)).max(10),
  operationType: z.enum(AUDIT_OPERATION_TYPES),
  operationName: z.string().min(1).max(200).nullable(),
  documentHash: z.string().regex(/^[0-9a-f]{64}$/),
  variables: variablesSchema,
  clientAddress: z.string().min(1).max(100).nullable(),
  requestId: z.string().min(1).max(100).nullable().optional(),
  rootFields: z.array(z.string().min(1).max(100)).max(50).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).nullable().optional(),
  errorCodes: z.array(z.string().min(1).max(64)).max(20).optional(),
});

const batchSchema = z.strictObject({ entries: z.array(entrySchema).min(1).max(MAX_AUDIT_BATCH) });

/** A batch read, or why it was refused (the first problem, with where it is). */
export type ParsedAuditBatch = { ok: true; entries: AuditEntryInput[] } | { ok: false; message: string };

/**
 * Reads a `POST /internal/audit` body: `{ entries: [...] }` with 1 to {@link MAX_AUDIT_BATCH} entries, each with
 * exactly the fields of {@link AuditEntryInput} (`at` as an ISO 8601 instant within an hour of `now`). Anything
 * else is refused whole: a batch is recorded entirely or not at all.
 */
export function parseAuditBatch(body: unknown, now: Date): ParsedAuditBatch {
  const parsed = batchSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "body";
    return { ok: false, message: `Not an audit batch: ${where}: ${issue?.message ?? "invalid"}.` };
  }
  const entries: AuditEntryInput[] = [];
  for (const [i, e] of parsed.data.entries.entries()) {
    const at = new Date(e.at);
    if (Math.abs(at.getTime() - now.getTime()) > MAX_CLOCK_SKEW_MS) return { ok: false, message: `Not an audit batch: entries.${i}.at: more than an hour from now.` };
    if ((e.operationType === "MUTATION") !== (e.outcome !== undefined && e.outcome !== null)) {
      return { ok: false, message: `Not an audit batch: entries.${i}.outcome: a mutation has an outcome, a read has none.` };
    }
    entries.push({
      ...e,
      at,
      organizationId: e.organizationId?.toLowerCase() ?? null,
      requestId: e.requestId ?? null,
      rootFields: e.rootFields ?? [],
      outcome: e.outcome ?? null,
      errorCodes: e.errorCodes ?? [],
    });
  }
  return { ok: true, entries };
}

/**
 * What of the audit log the principal's roles let it read: operators all of it; regulators the state changes (never
 * the record of regulators' own reads); nobody else anything.
 */
export function auditLogAccess(roles: readonly string[]): "all" | "mutations" | null {
  if (roles.includes("operator")) return "all";
  if (roles.includes("regulator")) return "mutations";
  return null;
}

/** The hash the first entry of the chain follows. */
export const GENESIS_HASH = "0".repeat(64);

/** What of an entry its hash covers (everything recorded but the id and the time it was written). */
export type HashedEntry = Omit<AuditEntryInput, "operationType" | "outcome"> & { operationType: string; outcome: string | null };

/**
 * The hash of an entry: SHA-256 (hex) over the previous entry's hash and the entry's content as canonical JSON (keys
 * sorted, the time as an ISO instant to the millisecond). Changing any recorded value, or the order, changes it.
 */
export function auditEntryHash(previousHash: string, entry: HashedEntry): string {
  const content = {
    at: entry.at.toISOString(),
    subject: entry.subject,
    organizationId: entry.organizationId,
    roles: entry.roles,
    operationType: entry.operationType,
    operationName: entry.operationName,
    documentHash: entry.documentHash,
    variables: entry.variables,
    clientAddress: entry.clientAddress,
    requestId: entry.requestId,
    rootFields: entry.rootFields,
    outcome: entry.outcome,
    errorCodes: entry.errorCodes,
  };
  return createHash("sha256").update(`${previousHash}\u0000${canonicalJson(content)}`, "utf8").digest("hex");
}

/** A stored entry as the chain check reads it. */
export type ChainedEntry = HashedEntry & { id: string; prevHash: string; hash: string };

/** The outcome of checking the chain. */
export interface ChainCheck {
  valid: boolean;
  /** Entries checked. */
  entries: number;
  /** The first entry that does not hold (its id), or null. */
  firstInvalidEntryId: string | null;
  /** What is wrong there, or null. */
  problem: string | null;
}

/**
 * Checks a run of entries (in id order) continuing from `previousHash`: each must name the previous hash and carry
 * the hash of its content. Answers the hash the run ends on, or the first entry that breaks it.
 */
export function checkChainRun(previousHash: string, entries: readonly ChainedEntry[]): { last: string } | { brokenAt: string; problem: string } {
  let prev = previousHash;
  for (const e of entries) {
    if (e.prevHash !== prev) return { brokenAt: e.id, problem: `entry ${e.id} does not follow the entry before it (an entry was removed, inserted or altered)` };
    if (auditEntryHash(prev, e) !== e.hash) return { brokenAt: e.id, problem: `entry ${e.id} was altered: its content does not match its hash` };
    prev = e.hash;
  }
  return { last: prev };
}
