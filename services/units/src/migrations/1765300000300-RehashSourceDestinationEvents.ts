import { eventHashId, resolveContext } from "@tracehub/epcis";
import type { MigrationInterface, QueryRunner } from "typeorm";

/** Events re-keyed per statement page. */
const PAGE = 1_000;

/**
 * The event hash algorithm now writes `sourceList` before `destinationList`, as the standard's text orders them
 * (`@tracehub/epcis`, issue 14); before, the published vectors' order put `destinationList` first. An event with both
 * lists stored before has its hash under the old order, so the same event captured again would not be found as a
 * duplicate. This re-keys those events: their `hash_id` (the duplicate key) is computed again from the stored body,
 * as capture computes it. Their `event_id` (what callers were given) stays as it was. An event whose new hash another
 * stored event already has (captured again after the change, before this ran) keeps its old one.
 */
export class RehashSourceDestinationEvents1765300000300 implements MigrationInterface {
  name = "RehashSourceDestinationEvents1765300000300";

  async up(q: QueryRunner): Promise<void> {
    await rehash(q, false);
  }

  async down(q: QueryRunner): Promise<void> {
    await rehash(q, true);
  }
}

async function rehash(q: QueryRunner, destinationListFirst: boolean): Promise<void> {
  let after = "0";
  for (;;) {
    const rows = (await q.query(
      `SELECT "seq"::text AS "seq", "hash_id" AS "hashId", "error_declaration" AS "errorDeclaration", "body" FROM "units"."event"
       WHERE "seq" > $1::bigint AND "body"->'event' ? 'sourceList' AND "body"->'event' ? 'destinationList' ORDER BY "seq" LIMIT ${PAGE}`,
      [after],
    )) as { seq: string; hashId: string; errorDeclaration: boolean; body: { event: Record<string, unknown>; context: unknown; ignoreFields?: string[] } }[];
    if (rows.length === 0) return;
    for (const row of rows) {
      let hashId: string;
      try {
        hashId = eventHashId(row.body.event, { context: resolveContext(row.body.context), ignoreFields: row.body.ignoreFields ?? [], destinationListFirst });
      } catch {
        continue; // A body this release no longer reads keeps its key.
      }
      if (hashId === row.hashId) continue;
      await q.query(
        `UPDATE "units"."event" e SET "hash_id" = $1 WHERE e."seq" = $2::bigint
           AND NOT EXISTS (SELECT 1 FROM "units"."event" o WHERE o."hash_id" = $1 AND o."error_declaration" = $3)`,
        [hashId, row.seq, row.errorDeclaration],
      );
    }
    after = rows[rows.length - 1]?.seq ?? after;
  }
}
