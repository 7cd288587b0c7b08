import type { Principal } from "@tracehub/auth";
import { BadUserInput, Forbidden, type Page, decodeCursor, pageSize, toPage } from "@tracehub/subgraph-kit";
import { AuditReason } from "./audit.errors";
import { mayReadAuditLog, parseAuditBatch } from "./audit.rules";
import type { AuditEntryRow, AuditStore } from "./audit.store";
import type { AuditEntryType, AuditOperationType } from "./audit.type";

function toType(row: AuditEntryRow): AuditEntryType {
  return { ...row, operationType: row.operationType as AuditOperationType, variables: (row.variables as Record<string, unknown> | null) ?? null };
}

/** The audit log of regulators' reads: written by the gateway, read by operators. */
export class AuditService {
  constructor(private readonly store: AuditStore) {}

  /**
   * Records a batch the gateway sent (`POST /internal/audit`, `{ entries }`), all or nothing, in one statement.
   * A malformed batch is BAD_USER_INPUT (400 on the internal endpoint).
   */
  async record(body: unknown): Promise<{ recorded: number }> {
    const batch = parseAuditBatch(body, new Date());
    if (!batch.ok) throw new BadUserInput(batch.message, {});
    return { recorded: await this.store.insertMany(batch.entries) };
  }

  /** A page of the audit log, newest first: operators only. */
  async list(principal: Principal, args: { first?: number | null; after?: string | null }): Promise<Page<AuditEntryType>> {
    if (!mayReadAuditLog(principal.roles)) throw new Forbidden("Only operators may read the audit log.", {}, AuditReason.AUDIT_LOG_OPERATORS_ONLY);
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["time", "bigint"]);
    const { rows, total } = await this.store.page(after, size);
    return toPage(rows.map(toType), size, (e) => [e.at.toISOString(), e.id], total);
  }
}
