import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Indexes for the EPCIS query filters that had none: disposition, read point, business location and record time
 * (business step, event time, event id, the units' events and business transactions already had theirs). Without
 * them each of those filters reads the whole event table. Event type has five values and stays a row filter on the
 * event-time order. On a large existing table, `CREATE INDEX` blocks writes while it builds: run this migration in a
 * quiet window, or build the indexes `CONCURRENTLY` by hand first (the names below), which makes it a no-op.
 */
export class EventFilterIndexes1765400000200 implements MigrationInterface {
  name = "EventFilterIndexes1765400000200";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS "event_disposition_idx" ON "units"."event" ("disposition")`);
    await q.query(`CREATE INDEX IF NOT EXISTS "event_read_point_idx" ON "units"."event" ("read_point")`);
    await q.query(`CREATE INDEX IF NOT EXISTS "event_biz_location_idx" ON "units"."event" ("biz_location")`);
    await q.query(`CREATE INDEX IF NOT EXISTS "event_record_time_idx" ON "units"."event" ("record_time")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ["event_disposition_idx", "event_read_point_idx", "event_biz_location_idx", "event_record_time_idx"]) await q.query(`DROP INDEX "units"."${name}"`);
  }
}
