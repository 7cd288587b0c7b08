import { rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";
import type { CustodyChanges, OpenCustody } from "./custody.rules";

/** Every SQL statement that writes custody (reads are conditions of the scope module's visibility). */
export class CustodyStore {
  /** The open custody periods of these units, locked until the transaction ends. */
  async open(em: EntityManager, unitIds: readonly string[]): Promise<OpenCustody[]> {
    return rowsOf(
      "OPEN_CUSTODY",
      { rowId: "text", unitId: "text", gln: "text" },
      await em.query(`SELECT "id"::text AS "rowId", "unit_id" AS "unitId", "party_gln" AS "gln" FROM "units"."custody" WHERE "unit_id" = ANY($1::text[]) AND "to_time" IS NULL ORDER BY "id" FOR UPDATE`, [
        unitIds,
      ]),
    );
  }

  /** Writes what a batch of hand-overs changed: ends stored periods and adds new ones. */
  async write(em: EntityManager, changes: CustodyChanges): Promise<void> {
    if (changes.closes.length) {
      const c = changes.closes;
      await em.query(
        `UPDATE "units"."custody" k SET "to_time" = t.at, "to_seq" = t.seq FROM unnest($1::bigint[], $2::timestamptz[], $3::bigint[]) AS t(id, at, seq) WHERE k."id" = t.id`,
        [c.map((x) => x.rowId), c.map((x) => x.toTime), c.map((x) => x.toSeq)],
      );
    }
    if (changes.opens.length) {
      const o = changes.opens;
      await em.query(
        `INSERT INTO "units"."custody" ("unit_id", "party_gln", "from_time", "from_seq", "to_time", "to_seq")
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[], $5::timestamptz[], $6::bigint[])`,
        [o.map((x) => x.unitId), o.map((x) => x.gln), o.map((x) => x.fromTime), o.map((x) => x.fromSeq), o.map((x) => x.toTime), o.map((x) => x.toSeq)],
      );
    }
  }
}
