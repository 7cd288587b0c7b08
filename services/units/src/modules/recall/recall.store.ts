import { rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

/** Every SQL statement of recall marking in units. */
export class RecallStore {
  /**
   * Commissioned units of a GTIN (in `lots`, or every lot when `lots` is empty) that are not recalled yet and not
   * out of the supply chain for good, in id order.
   */
  async unitsToMark(em: EntityManager, gtin: string, lots: readonly string[]): Promise<string[]> {
    const rows = rowsOf(
      "UNITS_TO_MARK",
      { id: "text" },
      await em.query(
        `SELECT "id" FROM "units"."unit"
       WHERE "gtin" = $1 AND "commissioned" AND (cardinality($2::text[]) = 0 OR "lot" = ANY($2::text[]))
         AND "status" NOT IN ('RECALLED', 'DESTROYED', 'DECOMMISSIONED', 'CONSUMED')
       ORDER BY "id" FOR UPDATE`,
        [gtin, lots],
      ),
    );
    return rows.map((r) => r.id);
  }
}
