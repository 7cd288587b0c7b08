import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The movement stream: every stored event gets a dense position in commit order. `stream_head` is a
 * one-row counter that each capture transaction increments (`UPDATE ... SET last = last + n RETURNING last`);
 * the row lock it takes is held until commit, so positions are handed out in commit order and a rollback gives
 * them back. `movement_stream` keeps, per position, what a subscription filter needs without a join: the event's
 * facts, every unit it touched (including the contents of a container it names) and the containers those units
 * were in, and the lots of those units as `<gtin14>/<lot>`.
 */
export class CreateMovementStream1764400000000 implements MigrationInterface {
  name = "CreateMovementStream1764400000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "units"."stream_head" (
      "id" smallint PRIMARY KEY CHECK ("id" = 1),
      "last" bigint NOT NULL)`);
    await q.query(`CREATE TABLE "units"."movement_stream" (
      "position" bigint PRIMARY KEY,
      "event_seq" bigint NOT NULL UNIQUE REFERENCES "units"."event"("seq"),
      "event_id" text NOT NULL,
      "type" text NOT NULL,
      "action" text,
      "biz_step" text,
      "disposition" text,
      "read_point" text,
      "biz_location" text,
      "event_time" timestamptz NOT NULL,
      "record_time" timestamptz NOT NULL,
      "error_declaration" boolean NOT NULL,
      "captured_by_org" text,
      "unit_ids" text[] NOT NULL,
      "container_ids" text[] NOT NULL,
      "lots" text[] NOT NULL)`);
    // Events stored before the stream existed get positions in log order, with the units they name.
    await q.query(`INSERT INTO "units"."movement_stream" ("position", "event_seq", "event_id", "type", "action", "biz_step", "disposition",
        "read_point", "biz_location", "event_time", "record_time", "error_declaration", "captured_by_org", "unit_ids", "container_ids", "lots")
      SELECT row_number() OVER (ORDER BY e."seq"), e."seq", e."event_id", e."type", e."action", e."biz_step", e."disposition", e."read_point",
        e."biz_location", e."event_time", e."record_time", e."error_declaration", e."captured_by_org",
        COALESCE((SELECT array_agg(DISTINCT eu."unit_id") FROM "units"."event_unit" eu WHERE eu."event_seq" = e."seq"), '{}'),
        '{}',
        COALESCE((SELECT array_agg(DISTINCT COALESCE(u."gtin", '') || '/' || u."lot") FROM "units"."event_unit" eu JOIN "units"."unit" u ON u."id" = eu."unit_id"
          WHERE eu."event_seq" = e."seq" AND u."lot" IS NOT NULL), '{}')
      FROM "units"."event" e`);
    await q.query(`INSERT INTO "units"."stream_head" ("id", "last") SELECT 1, count(*) FROM "units"."movement_stream"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "units"."movement_stream"`);
    await q.query(`DROP TABLE "units"."stream_head"`);
  }
}
