import { z } from "zod";

/** Most entries in one `POST /internal/audit` batch (the gateway sends at most this many at a time). */
export const MAX_AUDIT_BATCH = 100;

/** Largest `variables` of one entry, as JSON, in bytes (the gateway sends null for larger ones). */
export const MAX_AUDIT_VARIABLES_BYTES = 2048;

/** The kinds of read the audit log records. */
export const AUDIT_OPERATION_TYPES = ["QUERY", "SUBSCRIPTION"] as const;
export type AuditOperationTypeName = (typeof AUDIT_OPERATION_TYPES)[number];

/** One read as the gateway reports it. */
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
    entries.push({ ...e, at, organizationId: e.organizationId?.toLowerCase() ?? null });
  }
  return { ok: true, entries };
}

/** True when the principal's roles let it read the audit log: operators only (regulators are what it records). */
export function mayReadAuditLog(roles: readonly string[]): boolean {
  return roles.includes("operator");
}
