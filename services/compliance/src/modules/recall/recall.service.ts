import type { Principal } from "@tracehub/auth";
import { isValidElementValue } from "@tracehub/gs1";
import { BadUserInput, type Page, type ReadScope, assertMayWriteGtin, decodeCursor, normalizeGtin, pageSize, toPage } from "@tracehub/subgraph-kit";
import type { IssueRecallInput } from "./recall.input";
import { toRecallType } from "./recall.mapper";
import type { RecallStore } from "./recall.store";
import type { RecallType } from "./recall.type";

/** The topic an issued recall is published on; units marks the affected units. */
export const RECALL_ISSUED = "recall.issued";

/** A lot is a valid value of AI 10 (1 to 20 characters of GS1 character set 82). */
const isLot = (lot: string): boolean => isValidElementValue("10", lot);

/** Recalls. */
export class RecallService {
  constructor(
    private readonly store: RecallStore,
    /** Called after a recall committed with its outbox message (wakes the relay at once). */
    private readonly onIssued: () => void = () => undefined,
  ) {}

  /**
   * A page of the recalls the caller may read, in id order: those its organization issued and those of products it
   * owns or was granted READ on (operators and regulators: all). A partner holding a recalled unit learns of the
   * recall through that unit (`Unit.recalls`).
   */
  async list(args: { first?: number | null; after?: string | null }, scope: ReadScope): Promise<Page<RecallType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["uuid"]);
    const total = await this.store.count(scope);
    const rows = await this.store.page(scope, after, size);
    return toPage(rows.map(toRecallType), size, (r) => [r.id], total);
  }

  /** Issues a recall of a GTIN, optionally narrowed to lots; only the GTIN's owner (or an operator) may. */
  async issue(input: IssueRecallInput, principal: Principal): Promise<RecallType> {
    const gtin = normalizeGtin(input.gtin);
    assertMayWriteGtin(principal, gtin, "OWNER");
    const lots = [...new Set(input.lots ?? [])];
    const bad = lots.find((l) => !isLot(l));
    if (bad !== undefined) throw new BadUserInput(`'lots' holds ${JSON.stringify(bad)}: a lot is 1 to 20 characters of GS1 character set 82.`, { field: "lots" });
    const reason = input.reason.trim();
    if (reason.length < 1 || reason.length > 2000) throw new BadUserInput("'reason' must be 1 to 2,000 characters.", { field: "reason" });
    // The recall and the message that tells units to mark its units commit together, or not at all.
    const saved = await this.store.transaction(async (tx) => {
      const recall = await tx.insert({ organizationId: principal.org, gtin, lots, reason });
      await tx.enqueue([{ topic: RECALL_ISSUED, key: `recall:${recall.id}`, payload: { recallId: recall.id, gtin, lots } }]);
      return recall;
    });
    this.onIssued();
    return toRecallType(saved);
  }
}
