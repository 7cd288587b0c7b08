import type { EntityManager } from "typeorm";
import type { StreamEntry } from "../capture/capture.plan";
import { MOVEMENTS_CHANNEL } from "./movement.rules";

/**
 * Appends newly stored events to the movement stream, inside the capture transaction, as its last write.
 *
 * Positions come from the one-row counter: `UPDATE stream_head SET last = last + n RETURNING last` takes a row
 * lock held until commit, so a later transaction gets its positions only after this one committed or rolled
 * back: positions are dense and in commit order. Each entry (from the capture plan, as of its event) lists
 * every unit the event touched (including the contents of a container an ObjectEvent or TransactionEvent
 * moved), the containers those units were in, and their lots. `pg_notify` is only a hint (delivered at
 * commit); readers trust the table.
 */
export async function appendToMovementStream(em: EntityManager, entries: readonly StreamEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const [head] = (await em.query(`WITH h AS (UPDATE "units"."stream_head" SET "last" = "last" + $1 WHERE "id" = 1 RETURNING "last") SELECT "last"::text AS "last" FROM h`, [entries.length])) as {
    last: string;
  }[];
  // (Wrapped in a SELECT: TypeORM answers a bare UPDATE ... RETURNING as [rows, count].)
  if (!head) throw new Error("units.stream_head has no row: run the units migrations.");
  const first = BigInt(head.last) - BigInt(entries.length) + 1n;
  await em.query(
    `INSERT INTO "units"."movement_stream" ("position", "event_seq", "event_id", "type", "action", "biz_step", "disposition", "read_point",
       "biz_location", "event_time", "record_time", "error_declaration", "captured_by_org", "unit_ids", "container_ids", "lots")
     SELECT t.position, e."seq", e."event_id", e."type", e."action", e."biz_step", e."disposition", e."read_point", e."biz_location",
       e."event_time", e."record_time", e."error_declaration", e."captured_by_org",
       ARRAY(SELECT jsonb_array_elements_text(t.units)), ARRAY(SELECT jsonb_array_elements_text(t.containers)), ARRAY(SELECT jsonb_array_elements_text(t.lots))
     FROM jsonb_to_recordset($1::jsonb) AS t(position bigint, seq bigint, units jsonb, containers jsonb, lots jsonb)
     JOIN "units"."event" e ON e."seq" = t.seq`,
    [JSON.stringify(entries.map((e, i) => ({ position: (first + BigInt(i)).toString(), seq: e.seq, units: e.units, containers: e.containers, lots: e.lots })))],
  );
  await em.query(`SELECT pg_notify($1, $2)`, [MOVEMENTS_CHANNEL, head.last]);
}
