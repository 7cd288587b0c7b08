import type { EntityManager } from "typeorm";
import type { PlannedEvent } from "../capture/capture.plan";
import { MOVEMENTS_CHANNEL } from "./movement.rules";

/** Event types whose `epcList` moves everything inside the units it names (EPCIS containment semantics). */
const CARRIES_CONTENTS = new Set(["ObjectEvent", "TransactionEvent"]);

/**
 * Appends newly stored events to the movement stream, inside the capture transaction, as its last write.
 *
 * Positions come from the one-row counter: `UPDATE stream_head SET last = last + n RETURNING last` takes a row
 * lock held until commit, so a later transaction gets its positions only after this one committed or rolled
 * back: positions are dense and in commit order. Each row records every unit the event touched (including the
 * current contents of a container an ObjectEvent or TransactionEvent names), the containers those units are in,
 * and their lots. `pg_notify` is only a hint (delivered at commit); readers trust the table.
 */
export async function appendToMovementStream(em: EntityManager, events: PlannedEvent[], index: { unitId: string; seq: string; role: string }[]): Promise<void> {
  if (events.length === 0) return;
  const ordered = [...events].sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
  const directBySeq = new Map<string, Set<string>>();
  for (const row of index) {
    const set = directBySeq.get(row.seq) ?? new Set<string>();
    set.add(row.unitId);
    directBySeq.set(row.seq, set);
  }
  const direct = [...new Set(index.map((r) => r.unitId))];
  const rows = (await em.query(
    `WITH RECURSIVE
       down(root, id, depth) AS (
         SELECT r, r, 0 FROM unnest($1::text[]) r
         UNION SELECT d.root, u."id", d.depth + 1 FROM "units"."unit" u JOIN down d ON u."parent_id" = d.id WHERE d.depth < 16),
       up(leaf, id, depth) AS (
         SELECT l, l, 0 FROM unnest($1::text[]) l
         UNION SELECT up.leaf, u."parent_id", up.depth + 1 FROM "units"."unit" u JOIN up ON u."id" = up.id WHERE u."parent_id" IS NOT NULL AND up.depth < 16)
     SELECT 'down' AS dir, d.root AS key, d.id, u."gtin", u."lot" FROM down d LEFT JOIN "units"."unit" u ON u."id" = d.id
     UNION ALL SELECT 'up', up.leaf, up.id, NULL, NULL FROM up WHERE up.depth > 0`,
    [direct],
  )) as { dir: "down" | "up"; key: string; id: string; gtin: string | null; lot: string | null }[];
  const descendants = new Map<string, string[]>();
  const ancestors = new Map<string, string[]>();
  const lotOf = new Map<string, string>();
  for (const r of rows) {
    const target = r.dir === "down" ? descendants : ancestors;
    const list = target.get(r.key) ?? [];
    list.push(r.id);
    target.set(r.key, list);
    if (r.dir === "down" && r.lot) lotOf.set(r.id, `${r.gtin ?? ""}/${r.lot}`);
  }
  const entries = ordered.map(({ seq, event }) => {
    const units = new Set(directBySeq.get(seq) ?? []);
    if (CARRIES_CONTENTS.has(event.type)) for (const id of event.epcList) for (const inner of descendants.get(id) ?? []) units.add(inner);
    const containers = new Set<string>();
    for (const id of directBySeq.get(seq) ?? []) for (const outer of ancestors.get(id) ?? []) if (!units.has(outer)) containers.add(outer);
    const lots = new Set<string>();
    for (const id of units) {
      const lot = lotOf.get(id);
      if (lot) lots.add(lot);
    }
    return { seq, units: [...units], containers: [...containers], lots: [...lots] };
  });
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
