import { type Principal, hasAnyRole } from "@tracehub/auth";
import { Conflict, Forbidden, NotFound, type Page, assertMayWriteGtin, decodeCursor, normalizeGtin, pageSize, toPage, uuidArgument } from "@tracehub/subgraph-kit";
import { readScopeInput, readText } from "../recall/recall.rules";
import { valid } from "../recall/recall.service";
import { RecallStore } from "../recall/recall.store";
import { RecallClass } from "../recall/recall.type";
import { QuarantineReason } from "./quarantine.errors";
import type { CloseQuarantineInput, OpenQuarantineInput } from "./quarantine.input";
import { closedRefusal, openSeconds } from "./quarantine.rules";
import type { NoteRow, QuarantineReader, QuarantineRow, QuarantineStore } from "./quarantine.store";
import type { InvestigationNoteType, QuarantineOutcome, QuarantineStatus, QuarantineType } from "./quarantine.type";

/** The topics a quarantine is published on: units holds its units (alerts when they move) until it closes. */
export const QUARANTINE_OPENED = "quarantine.opened";
export const QUARANTINE_CLOSED = "quarantine.closed";

export function toQuarantineType(row: QuarantineRow, now = new Date()): QuarantineType {
  return { ...row, status: row.status as QuarantineStatus, outcome: row.outcome as QuarantineOutcome | null, openSeconds: openSeconds(row.openedAt, row.closedAt, now) };
}

export function toNoteType(row: NoteRow): InvestigationNoteType {
  return { text: row.text, writtenBy: row.writtenBy, writtenAt: row.writtenAt };
}

/** Who reads quarantines as this principal: operators and regulators all, others their organization's. */
export function quarantineReaderOf(principal: Principal): QuarantineReader {
  return { org: principal.org, all: hasAnyRole(principal, ["operator", "regulator"]) };
}

/**
 * Quarantines: a product's owner puts suspect units on hold (units raises an alert when one moves), notes the
 * investigation, and closes it with an outcome; closed as RECALLED, it prepares a recall draft with the same scope.
 */
export class QuarantineService {
  constructor(
    private readonly store: QuarantineStore,
    private readonly onPublished: () => void = () => undefined,
  ) {}

  async list(args: { first?: number | null; after?: string | null; status?: string | null }, principal: Principal): Promise<Page<QuarantineType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["uuid"]);
    const { rows, total } = await this.store.page(quarantineReaderOf(principal), args.status ?? null, after, size);
    return toPage(rows.map((r) => toQuarantineType(r)), size, (q) => [q.id], total);
  }

  /** Opens a quarantine on units of a GTIN the caller's organization owns, with the message that tells units to hold them. */
  async open(input: OpenQuarantineInput, principal: Principal): Promise<QuarantineType> {
    const gtin = normalizeGtin(input.gtin);
    assertMayWriteGtin(principal, gtin, "OWNER");
    const scope = valid(readScopeInput(input));
    const reason = valid(readText(input.reason, "reason", 2_000));
    const row = await this.store.transaction(async (tx) => {
      const opened = await tx.insert({ organizationId: principal.org, gtin, ...scope, reason, openedBy: principal.sub ?? "unknown" });
      await tx.enqueue([{ topic: QUARANTINE_OPENED, key: `quarantine:${opened.id}`, payload: { quarantineId: opened.id, gtin, ...scope } }]);
      return opened;
    });
    this.onPublished();
    return toQuarantineType(row);
  }

  /** Adds a note to an open quarantine's investigation. */
  async addNote(id: string, text: string, principal: Principal): Promise<QuarantineType> {
    const note = valid(readText(text, "text", 4_000));
    return toQuarantineType(
      await this.store.transaction(async (tx) => {
        const row = await this.owned(tx, id, principal);
        await tx.addNote(row.id, note, principal.sub ?? "unknown");
        return row;
      }),
    );
  }

  /** Closes an open quarantine with its outcome; RECALLED prepares a recall draft with the same scope, in the same transaction. */
  async close(input: CloseQuarantineInput, principal: Principal): Promise<QuarantineType> {
    const findings = valid(readText(input.findings, "findings", 4_000));
    const row = await this.store.transaction(async (tx, em) => {
      const current = await this.owned(tx, input.id, principal);
      let recallId: string | null = null;
      if (input.outcome === "RECALLED") {
        const draft = await new RecallStore(em).insert({
          organizationId: current.organizationId,
          gtin: current.gtin,
          lots: current.lots,
          serials: current.serials,
          producedFrom: current.producedFrom,
          producedTo: current.producedTo,
          expiresFrom: current.expiresFrom,
          expiresTo: current.expiresTo,
          classification: input.recallClassification ?? RecallClass.CLASS_II,
          reason: findings.slice(0, 2_000),
          instructions: null,
          createdBy: principal.sub ?? "unknown",
        });
        recallId = draft.id;
      }
      const closed = await tx.close(current.id, input.outcome, findings, recallId);
      await tx.enqueue([{ topic: QUARANTINE_CLOSED, key: `quarantine:${current.id}`, payload: { quarantineId: current.id } }]);
      return closed;
    });
    this.onPublished();
    return toQuarantineType(row);
  }

  /** An open quarantine the caller's organization opened (operators: any), locked; NOT_FOUND, FORBIDDEN or CONFLICT otherwise. */
  private async owned(tx: QuarantineStore, id: string, principal: Principal): Promise<QuarantineRow> {
    const quarantineId = uuidArgument(id, "id", "a quarantine id");
    const [seen] = await tx.byIds([quarantineId], quarantineReaderOf(principal));
    const row = seen ? await tx.lock(quarantineId) : null;
    if (!row) throw new NotFound(`No quarantine ${quarantineId}.`, { field: "id" }, QuarantineReason.QUARANTINE_NOT_FOUND);
    if (!hasAnyRole(principal, ["operator"]) && (row.organizationId === null || row.organizationId !== principal.org)) {
      throw new Forbidden("Only the organization that opened a quarantine (or an operator) may note or close it.", { field: "id" }, QuarantineReason.NOT_QUARANTINE_OWNER);
    }
    const refusal = closedRefusal(row.status);
    if (refusal) throw new Conflict(refusal, { field: "id" }, QuarantineReason.QUARANTINE_CLOSED);
    return row;
  }
}
