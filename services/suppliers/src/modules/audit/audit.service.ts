import type { Principal } from "@tracehub/auth";
import { BadUserInput, Forbidden, type Page, decodeCursor, pageSize, toPage } from "@tracehub/subgraph-kit";
import { AuditReason } from "./audit.errors";
import { type ChainCheck, GENESIS_HASH, auditLogAccess, checkChainRun, parseAuditBatch } from "./audit.rules";
import type { AuditEntryRow, AuditStore } from "./audit.store";
import type { AuditEntryType, AuditOperationType, AuditOutcome } from "./audit.type";

function toType(row: AuditEntryRow): AuditEntryType {
  return {
    ...row,
    operationType: row.operationType as AuditOperationType,
    outcome: row.outcome as AuditOutcome | null,
    variables: (row.variables as Record<string, unknown> | null) ?? null,
  };
}

/** Entries read per statement while the chain is checked. */
const CHAIN_PAGE = 5_000;

/**
 * The audit log: regulators' reads and everyone's state changes, written by the gateway, kept as a hash chain; read
 * by operators (all of it) and regulators (the state changes).
 */
export class AuditService {
  constructor(private readonly store: AuditStore) {}

  /**
   * Records a batch the gateway sent (`POST /internal/audit`, `{ entries }`), all or nothing, appended to the chain
   * in one transaction. A malformed batch is BAD_USER_INPUT (400 on the internal endpoint).
   */
  async record(body: unknown): Promise<{ recorded: number }> {
    const batch = parseAuditBatch(body, new Date());
    if (!batch.ok) throw new BadUserInput(batch.message, {});
    try {
      return { recorded: await this.store.insertMany(batch.entries) };
    } catch (error) {
      // PostgreSQL refused a value (class 22: data exception, e.g. a NUL in a text): the batch is malformed, and
      // sending it again cannot help. A 400 tells the gateway to drop it rather than retry it forever.
      const code = (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ?? (error as { code?: unknown }).code;
      if (typeof code === "string" && code.startsWith("22")) throw new BadUserInput(`Not an audit batch: a value cannot be stored (${code}).`, {});
      throw error;
    }
  }

  /** A page of the audit log, newest first: operators all of it (or the types asked), regulators the state changes. */
  async list(principal: Principal, args: { first?: number | null; after?: string | null; operationTypes?: readonly AuditOperationType[] | null }): Promise<Page<AuditEntryType>> {
    const access = this.access(principal);
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["time", "bigint"]);
    const asked = args.operationTypes?.length ? [...new Set(args.operationTypes)] : null;
    const types = access === "all" ? asked : (asked ?? ["MUTATION"]).filter((t) => t === "MUTATION");
    const { rows, total } = await this.store.page(types, after, size);
    // A regulator reads who changed what, when and how it ended, not the inputs: those hold what only their own
    // organization may see (a recall draft's reason, a member's e-mail address). Nor the hashes, which would let it
    // test guesses of them; verifyAuditChain checks the chain for it.
    const shown = access === "all" ? rows.map(toType) : rows.map((r) => ({ ...toType(r), variables: null, prevHash: null, hash: null }));
    return toPage(shown, size, (e) => [e.at.toISOString(), e.id], total);
  }

  /**
   * Checks the whole chain, in id order, a page at a time: every entry names the hash before it and carries the
   * hash of its content, and the head names the last entry. Operators and regulators.
   */
  async verify(principal: Principal): Promise<ChainCheck> {
    this.access(principal);
    // The chain as of the head read now: entries appended while it is walked come after the head and are left for the
    // next check (ids are taken under the head's lock, so every entry up to the head was written before it).
    const head = await this.store.head();
    const upto = head.lastId ?? "0";
    let prev = GENESIS_HASH;
    let afterId = "0";
    let entries = 0;
    for (;;) {
      const run = await this.store.chainRun(afterId, CHAIN_PAGE, upto);
      if (run.length === 0) break;
      const checked = checkChainRun(prev, run);
      if ("brokenAt" in checked) return { valid: false, entries: entries + run.findIndex((e) => e.id === checked.brokenAt), firstInvalidEntryId: checked.brokenAt, problem: checked.problem };
      entries += run.length;
      prev = checked.last;
      afterId = (run.at(-1) as { id: string }).id;
    }
    if (head.lastHash !== prev || upto !== afterId) {
      return { valid: false, entries, firstInvalidEntryId: head.lastId, problem: "the chain's head does not name its last entry (entries were removed from its end)" };
    }
    // Entries beyond the head that no append wrote (inserted behind the chain's back).
    if (BigInt(await this.store.lastEntryId()) > BigInt(upto) && (await this.store.head()).lastId === head.lastId) {
      return { valid: false, entries, firstInvalidEntryId: null, problem: "entries follow the chain's head that no append wrote (inserted behind its back)" };
    }
    return { valid: true, entries, firstInvalidEntryId: null, problem: null };
  }

  private access(principal: Principal): "all" | "mutations" {
    const access = auditLogAccess(principal.roles);
    if (!access) throw new Forbidden("Only operators and regulators may read the audit log.", {}, AuditReason.AUDIT_LOG_FORBIDDEN);
    return access;
  }
}
