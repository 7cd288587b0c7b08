import { oneRowOf, rowsOf } from "@tracehub/db";
import { currentTraceParent } from "@tracehub/subgraph-kit";
import type { Client } from "pg";
import type { DataSource, EntityManager, QueryRunner } from "typeorm";
import type { StreamEntry } from "../capture/capture.plan";
import type { StreamCustody } from "../custody/custody.rules";
import { MOVEMENTS_CHANNEL, type StreamRow } from "./movement.rules";

const COLUMNS = `"position"::text AS "position", "event_seq"::text AS "eventSeq", "event_id" AS "eventId", "type", "action",
  "biz_step" AS "bizStep", "disposition", "read_point" AS "readPoint", "biz_location" AS "bizLocation", "event_time" AS "eventTime",
  "record_time" AS "recordTime", "error_declaration" AS "errorDeclaration", "captured_by_org" AS "capturedByOrg",
  "unit_ids" AS "unitIds", "container_ids" AS "containerIds", "lots", "custody", "trace_parent" AS "traceParent"`;

/** A position of the stream as the statements read it. */
const STREAM_ROW = {
  position: "text",
  eventSeq: "text",
  eventId: "text",
  type: "text",
  action: "text?",
  bizStep: "text?",
  disposition: "text?",
  readPoint: "text?",
  bizLocation: "text?",
  eventTime: "time",
  recordTime: "time",
  errorDeclaration: "bool",
  capturedByOrg: "text?",
  unitIds: "text[]",
  containerIds: "text[]",
  lots: "text[]",
  custody: "json",
  traceParent: "text?",
} as const;

function streamRows(statement: string, rows: unknown): StreamRow[] {
  return rowsOf(statement, STREAM_ROW, rows).map((row) => ({ ...row, custody: custodyOf(statement, row.custody) }));
}

/** A position's custody object, checked: GLN to unit indexes. */
function custodyOf(statement: string, value: Record<string, unknown>): Record<string, number[]> {
  for (const [gln, indexes] of Object.entries(value)) {
    if (!Array.isArray(indexes) || !indexes.every((i) => Number.isInteger(i))) throw new Error(`${statement}: custody of ${gln} is not a list of unit indexes.`);
  }
  return value as Record<string, number[]>;
}

/** Every SQL statement of the movement stream: appending in commit order, the head, and reading positions. */
export class MovementStore {
  constructor(private readonly ds: DataSource) {}

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
  async append(em: EntityManager, entries: readonly (StreamEntry & { custody: StreamCustody })[]): Promise<void> {
    if (entries.length === 0) return;
    // (Wrapped in a SELECT: TypeORM answers a bare UPDATE ... RETURNING as [rows, count].)
    const head = oneRowOf(
      "ADVANCE_STREAM_HEAD",
      { last: "text" },
      await em.query(`WITH h AS (UPDATE "units"."stream_head" SET "last" = "last" + $1 WHERE "id" = 1 RETURNING "last") SELECT "last"::text AS "last" FROM h`, [entries.length]),
    );
    const first = BigInt(head.last) - BigInt(entries.length) + 1n;
    await em.query(
      `INSERT INTO "units"."movement_stream" ("position", "event_seq", "event_id", "type", "action", "biz_step", "disposition", "read_point",
         "biz_location", "event_time", "record_time", "error_declaration", "captured_by_org", "unit_ids", "container_ids", "lots", "custody", "trace_parent")
       SELECT t.position, e."seq", e."event_id", e."type", e."action", e."biz_step", e."disposition", e."read_point", e."biz_location",
         e."event_time", e."record_time", e."error_declaration", e."captured_by_org",
         ARRAY(SELECT jsonb_array_elements_text(t.units)), ARRAY(SELECT jsonb_array_elements_text(t.containers)), ARRAY(SELECT jsonb_array_elements_text(t.lots)), t.custody, $2
       FROM jsonb_to_recordset($1::jsonb) AS t(position bigint, seq bigint, units jsonb, containers jsonb, lots jsonb, custody jsonb)
       JOIN "units"."event" e ON e."seq" = t.seq`,
      [
        JSON.stringify(entries.map((e, i) => ({ position: (first + BigInt(i)).toString(), seq: e.seq, units: e.units, containers: e.containers, lots: e.lots, custody: e.custody }))),
        // The capturing request's trace: the gateway's delivery of these movements continues it.
        currentTraceParent(),
      ],
    );
    await em.query(`SELECT pg_notify($1, $2)`, [MOVEMENTS_CHANNEL, head.last]);
  }

  /** The last committed position (0 when the stream is empty). */
  async committedHead(em: Pick<EntityManager, "query"> = this.ds): Promise<bigint> {
    return BigInt(oneRowOf("STREAM_HEAD", { last: "text" }, await em.query(`SELECT "last"::text AS "last" FROM "units"."stream_head" WHERE "id" = 1`)).last);
  }

  /** Positions in `(from, to]`, at most `limit`, in order. */
  async readRange(from: bigint, to: bigint, limit: number, em: Pick<EntityManager, "query"> = this.ds): Promise<StreamRow[]> {
    return streamRows(
      "STREAM_RANGE",
      await em.query(`SELECT ${COLUMNS} FROM "units"."movement_stream" WHERE "position" > $1 AND "position" <= $2 ORDER BY "movement_stream"."position" LIMIT $3`, [
        from.toString(),
        to.toString(),
        limit,
      ]),
    );
  }

  /** Positions after `from`, at most `limit`, in order, on the tailer's own runner. */
  async readAfter(runner: QueryRunner, from: bigint, limit: number): Promise<StreamRow[]> {
    return streamRows(
      "STREAM_AFTER",
      await runner.query(`SELECT ${COLUMNS} FROM "units"."movement_stream" WHERE "position" > $1 ORDER BY "movement_stream"."position" LIMIT $2`, [from.toString(), limit]),
    );
  }

  /** Subscribes a dedicated connection to the stream's notifications. */
  async listen(client: Client): Promise<void> {
    await client.query(`LISTEN ${MOVEMENTS_CHANNEL}`);
  }
}
