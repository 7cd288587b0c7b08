import { type Principal, hasAnyRole } from "@tracehub/auth";
import { BadUserInput, Conflict, Forbidden, NotFound, type Page, assertMayWriteGtin, decodeCursor, normalizeGtin, pageSize, readScopeOf, toPage, uuidArgument } from "@tracehub/subgraph-kit";
import { RecallReason } from "./recall.errors";
import type { CreateRecallInput } from "./recall.input";
import { toRecallType } from "./recall.mapper";
import { type Checked, type RecallAction, RECALL_TRANSITIONS, readScopeInput, readText, transitionRefusal } from "./recall.rules";
import type { RecallReader, RecallRow, RecallStore } from "./recall.store";
import type { RecallType } from "./recall.type";

/** The topic an issued recall is published on; units marks the affected units (and those commissioned later). */
export const RECALL_ISSUED = "recall.issued";
/** The topic a closed recall is published on; units stops marking newly commissioned units. */
export const RECALL_CLOSED = "recall.closed";

/** Longest reason and instructions, in characters. */
const MAX_REASON = 2_000;
const MAX_INSTRUCTIONS = 4_000;

export function valid<T>(checked: Checked<T>): T {
  if (!checked.ok) throw new BadUserInput(checked.problem, { field: checked.field });
  return checked.value;
}

/** Who reads recalls as this principal. */
export function recallReaderOf(principal: Principal): RecallReader {
  return { org: principal.org, scope: readScopeOf(principal), allDrafts: hasAnyRole(principal, ["operator"]) };
}

/**
 * Recalls: prepared as drafts by the product's owner, issued (which tells units, through the outbox, to mark every
 * unit in scope RECALLED), closed, or cancelled before issue.
 */
export class RecallService {
  constructor(
    private readonly store: RecallStore,
    /** Called after a change committed with an outbox message (wakes the relay at once). */
    private readonly onPublished: () => void = () => undefined,
  ) {}

  /**
   * A page of the recalls the caller may read, in id order: its organization's (drafts included), and those issued
   * on products it owns or was granted READ on (operators: all, drafts included; regulators: all but drafts). A
   * partner holding a recalled unit learns of the recall through that unit (`Unit.recalls`).
   */
  async list(args: { first?: number | null; after?: string | null; status?: string | null }, principal: Principal): Promise<Page<RecallType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["uuid"]);
    const reader = recallReaderOf(principal);
    const status = args.status ?? null;
    const total = await this.store.count(reader, status);
    const rows = await this.store.page(reader, status, after, size);
    return toPage(rows.map(toRecallType), size, (r) => [r.id], total);
  }

  /** Prepares a recall (a DRAFT) of a GTIN the caller's organization owns (operators: any). Nothing is marked yet. */
  async create(input: CreateRecallInput, principal: Principal): Promise<RecallType> {
    const gtin = normalizeGtin(input.gtin);
    assertMayWriteGtin(principal, gtin, "OWNER");
    const { lots, serials, producedFrom, producedTo, expiresFrom, expiresTo } = valid(readScopeInput(input));
    const reason = valid(readText(input.reason, "reason", MAX_REASON));
    const instructions = input.instructions === null || input.instructions === undefined || input.instructions.trim() === "" ? null : valid(readText(input.instructions, "instructions", MAX_INSTRUCTIONS));
    const row = await this.store.insert({
      organizationId: principal.org,
      gtin,
      lots,
      serials,
      producedFrom,
      producedTo,
      expiresFrom,
      expiresTo,
      classification: input.classification,
      reason,
      instructions,
      createdBy: principal.sub ?? "unknown",
    });
    return toRecallType(row);
  }

  /** Issues a draft: in one transaction with the message that tells units to mark every unit in its scope. */
  issue(id: string, principal: Principal): Promise<RecallType> {
    return this.transition(id, "issue", principal, (row) => ({
      topic: RECALL_ISSUED,
      payload: {
        recallId: row.id,
        gtin: row.gtin,
        lots: row.lots,
        serials: row.serials,
        producedFrom: row.producedFrom,
        producedTo: row.producedTo,
        expiresFrom: row.expiresFrom,
        expiresTo: row.expiresTo,
        classification: row.classification,
        reason: row.reason,
        instructions: row.instructions,
        issuedAt: row.issuedAt?.toISOString() ?? null,
      },
    }));
  }

  /** Closes an issued recall: its units stay recalled; units commissioned from now on are no longer marked. */
  close(id: string, principal: Principal): Promise<RecallType> {
    return this.transition(id, "close", principal, (row) => ({ topic: RECALL_CLOSED, payload: { recallId: row.id } }));
  }

  /** Cancels a draft (it was never issued: nothing to undo). */
  cancel(id: string, principal: Principal): Promise<RecallType> {
    return this.transition(id, "cancel", principal, null);
  }

  /**
   * Moves a recall the caller's organization created (operators: any) through its lifecycle, with the recall row
   * locked, and queues `message` in the same transaction. Another organization's recall the caller may not see is
   * NOT_FOUND; one it may see is FORBIDDEN; a wrong status is CONFLICT.
   */
  private async transition(
    id: string,
    action: RecallAction,
    principal: Principal,
    message: ((row: RecallRow) => { topic: string; payload: Record<string, unknown> }) | null,
  ): Promise<RecallType> {
    const recallId = uuidArgument(id, "id", "a recall id");
    const reader = recallReaderOf(principal);
    const saved = await this.store.transaction(async (tx) => {
      const [visible] = await tx.byIds([recallId], reader);
      const row = visible ? await tx.lock(recallId) : null;
      if (!row) throw new NotFound(`No recall ${recallId}.`, { field: "id" }, RecallReason.RECALL_NOT_FOUND);
      if (!hasAnyRole(principal, ["operator"]) && (row.organizationId === null || row.organizationId !== principal.org)) {
        throw new Forbidden("Only the organization that created a recall (or an operator) may issue, close or cancel it.", { field: "id" }, RecallReason.NOT_RECALL_ISSUER);
      }
      const refusal = transitionRefusal(row.status, action);
      if (refusal) throw new Conflict(refusal, { field: "id", status: row.status }, RecallReason.RECALL_WRONG_STATUS);
      const updated = await tx.setStatus(recallId, RECALL_TRANSITIONS[action].to);
      if (message) {
        const { topic, payload } = message(updated);
        await tx.enqueue([{ topic, key: `recall:${recallId}`, payload }]);
      }
      return updated;
    });
    if (message) this.onPublished();
    return toRecallType(saved);
  }
}
