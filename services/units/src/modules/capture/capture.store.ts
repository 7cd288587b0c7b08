import { type RowOf, rowsOf } from "@tracehub/db";
import type { EpcisEvent } from "@tracehub/epcis";
import type { EntityManager } from "typeorm";
import type { StoredBody } from "../event/event.store";
import { UnitStatus } from "../unit/unit.rules";
import type { CapturePlan, OpenContainment } from "./capture.plan";

/** Longest containment chain followed. */
const MAX_DEPTH = 16;

/** A row `insertEvents` returns for each newly stored event. */
const INSERTED_EVENT_ROW = { seq: "text", hash_id: "text", error_declaration: "bool", record_time: "time" } as const;
export type InsertedEventRow = RowOf<typeof INSERTED_EVENT_ROW>;

/** The stored state of a unit, as the plan needs it. */
const UNIT_STATE_ROW = {
  id: "text",
  status: "text",
  disposition: "text?",
  read_point: "text?",
  biz_location: "text?",
  parent_id: "text?",
  commissioned: "bool",
  last_event_time: "time?",
  last_effective_time: "time?",
  expiry: "text?",
  gtin: "text?",
  lot: "text?",
} as const;
export type UnitStateRow = Omit<RowOf<typeof UNIT_STATE_ROW>, "status"> & { status: UnitStatus };

const STATUSES = new Set<string>(Object.values(UnitStatus));

/** The open containment row of a unit. */
const OPEN_CONTAINMENT_ROW = { id: "text", parent_id: "text", child_id: "text", added_seq: "text", added_time: "time", added_effective_time: "time" } as const;

/** One unit row the plan writes (its state after the plan, and its identity and master data). */
export interface UnitWrite {
  id: string;
  kind: string;
  /** The digits of its GS1 key that start with its company prefix (ownership); null for other identifiers. */
  keyDigits: string | null;
  gtin: string | null;
  serial: string | null;
  lot: string | null;
  expiry: string | null;
  productionDate: string | null;
  status: string;
  disposition: string | null;
  readPoint: string | null;
  bizLocation: string | null;
  parentId: string | null;
  commissioned: boolean;
  /** Set only when this plan commissioned it. */
  commissionedAt: string | null;
  lastEventTime: string | null;
  lastEffectiveTime: string | null;
}

/** A business transaction of a stored event. */
export interface TransactionWrite {
  seq: string;
  type: string | null;
  id: string;
}

/**
 * The commissioning lock of GTIN $1, held until the transaction ends: commissioning/, capture (before it commissions)
 * and recall/ (before it selects a recall's units) take it, in that order relative to unit row locks.
 */
export const COMMISSIONING_LOCK = `SELECT pg_advisory_xact_lock(hashtext('commission:' || $1))`;

/** Every SQL statement of capture: the event log insert and the writes of a capture plan, inside the caller's transaction. */
export class CaptureStore {
  /** Inserts events not stored before (by hash and error-declaration flag); returns the rows it inserted. */
  async insertEvents(em: EntityManager, events: readonly { event: EpcisEvent; body: StoredBody }[], capturedBy: string, capturedByOrg: string | null): Promise<InsertedEventRow[]> {
    const col = <T>(f: (e: EpcisEvent, b: StoredBody) => T) => events.map(({ event, body }) => f(event, body));
    const rows = await em.query(
      `INSERT INTO "units"."event" ("event_id", "hash_id", "type", "action", "biz_step", "disposition", "read_point", "biz_location",
         "event_time", "event_time_zone_offset", "error_declaration", "captured_by", "captured_by_org", "body")
       SELECT e, h, ty, ac, bs, di, rp, bl, et, tz, ed, $12, $13, bo
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
         $9::timestamptz[], $10::text[], $11::boolean[], $14::jsonb[]) AS t(e, h, ty, ac, bs, di, rp, bl, et, tz, ed, bo)
       ON CONFLICT ("hash_id", "error_declaration") DO NOTHING RETURNING "seq", "hash_id", "error_declaration", "record_time"`,
      [
        col((e) => e.eventId ?? e.hashId),
        col((e) => e.hashId),
        col((e) => e.type),
        col((e) => e.action ?? null),
        col((e) => e.bizStep ?? null),
        col((e) => e.disposition ?? null),
        col((e) => e.readPoint?.id ?? null),
        col((e) => e.bizLocation?.id ?? null),
        col((e) => e.eventTime),
        col((e) => e.eventTimeZoneOffset),
        col((e) => e.errorDeclaration !== undefined),
        capturedBy,
        capturedByOrg,
        col((_e, b) => JSON.stringify(b)),
      ],
    );
    return rowsOf("INSERT_EVENTS", INSERTED_EVENT_ROW, rows);
  }

  /** The ids events with these hashes were stored under. */
  async storedIds(em: EntityManager, hashIds: readonly string[]): Promise<{ hash_id: string; error_declaration: boolean; event_id: string }[]> {
    return rowsOf(
      "STORED_EVENT_IDS",
      { hash_id: "text", error_declaration: "bool", event_id: "text" },
      await em.query(`SELECT "hash_id", "error_declaration", "event_id" FROM "units"."event" WHERE "hash_id" = ANY($1::text[])`, [hashIds]),
    );
  }

  /** The units given and everything inside those of them that are containers now, at every level. */
  async withContents(em: EntityManager, ids: readonly string[]): Promise<string[]> {
    const rows = rowsOf(
      "UNITS_WITH_CONTENTS",
      { id: "text" },
      await em.query(
        `WITH RECURSIVE tree(id, depth) AS (
         SELECT unnest($1::text[]), 0
         UNION
         SELECT a."child_id", t.depth + 1 FROM "units"."aggregation" a JOIN tree t ON a."parent_id" = t.id
         WHERE a."removed_seq" IS NULL AND t.depth < ${MAX_DEPTH})
       SELECT DISTINCT id FROM tree`,
        [ids],
      ),
    );
    return rows.map((r) => r.id);
  }

  /**
   * Takes the commissioning locks of these GTINs (the advisory lock commissioning/ takes per GTIN), one at a time in
   * GTIN order, until the transaction ends: commissioning a GTIN's units and a recall marking that GTIN's units
   * (recall/) then run one after the other, so a unit commissioned while a recall is issued is marked by one of them.
   */
  async lockCommissioning(em: EntityManager, gtins: readonly string[]): Promise<void> {
    for (const gtin of [...new Set(gtins)].sort()) await em.query(COMMISSIONING_LOCK, [gtin]);
  }

  /** The stored state of these units, row-locked until the transaction ends (in id order, so captures never deadlock). */
  async lockStates(em: EntityManager, ids: readonly string[]): Promise<UnitStateRow[]> {
    const rows = rowsOf(
      "LOCK_UNIT_STATES",
      UNIT_STATE_ROW,
      await em.query(
        `SELECT "id", "status", "disposition", "read_point", "biz_location", "parent_id", "commissioned", "last_event_time", "last_effective_time", "expiry"::text AS "expiry", "gtin", "lot"
         FROM "units"."unit" WHERE "id" = ANY($1::text[]) ORDER BY "id" FOR UPDATE`,
        [ids],
      ),
    );
    for (const row of rows) if (!STATUSES.has(row.status)) throw new Error(`LOCK_UNIT_STATES: unit ${row.id} has an unknown status ${JSON.stringify(row.status)}.`);
    return rows as UnitStateRow[];
  }

  /** The open containment (the container each unit is in now) of these units, by child. */
  async openContainment(em: EntityManager, ids: readonly string[]): Promise<Map<string, OpenContainment>> {
    const rows = rowsOf(
      "OPEN_CONTAINMENT",
      OPEN_CONTAINMENT_ROW,
      await em.query(
        `SELECT a."id", a."parent_id", a."child_id", a."added_seq", a."added_time", LEAST(a."added_time", e."record_time") AS "added_effective_time"
         FROM "units"."aggregation" a JOIN "units"."event" e ON e."seq" = a."added_seq" WHERE a."child_id" = ANY($1::text[]) AND a."removed_seq" IS NULL`,
        [ids],
      ),
    );
    return new Map(
      rows.map((r) => [
        r.child_id,
        { parentId: r.parent_id, addedSeq: r.added_seq, addedTime: r.added_time.toISOString(), addedEffectiveTime: r.added_effective_time.toISOString(), rowId: r.id },
      ]),
    );
  }

  /** Records the business transactions of stored events. */
  async insertTransactions(em: EntityManager, rows: readonly TransactionWrite[]): Promise<void> {
    if (rows.length === 0) return;
    await em.query(`INSERT INTO "units"."event_biz_transaction" ("event_seq", "type", "biz_transaction") SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])`, [
      rows.map((t) => t.seq),
      rows.map((t) => t.type),
      rows.map((t) => t.id),
    ]);
  }

  /** Writes a plan: unit states, the event index, containment opened and closed, lineage, alerts. */
  async writePlan(em: EntityManager, plan: CapturePlan, units: readonly UnitWrite[]): Promise<void> {
    if (units.length) {
      const col = <K extends keyof UnitWrite>(key: K) => units.map((u) => u[key]);
      await em.query(
        `INSERT INTO "units"."unit" ("id", "kind", "gtin", "serial", "lot", "expiry", "status", "disposition", "read_point", "biz_location",
           "parent_id", "commissioned", "commissioned_at", "last_event_time", "last_effective_time", "production_date", "key_digits", "updated_at")
         SELECT id, kind, gtin, serial, lot, expiry, status, disposition, rp, bl, parent, commissioned, commissioned_at, last_time, effective_time, production_date, key_digits, now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[], $10::text[],
           $11::text[], $12::boolean[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[], $16::date[], $17::text[])
           AS t(id, kind, gtin, serial, lot, expiry, status, disposition, rp, bl, parent, commissioned, commissioned_at, last_time, effective_time, production_date, key_digits)
         ON CONFLICT ("id") DO UPDATE SET
           "lot" = COALESCE(EXCLUDED."lot", "unit"."lot"), "expiry" = COALESCE(EXCLUDED."expiry", "unit"."expiry"),
           "production_date" = COALESCE(EXCLUDED."production_date", "unit"."production_date"), "last_effective_time" = EXCLUDED."last_effective_time",
           "status" = EXCLUDED."status", "disposition" = EXCLUDED."disposition", "read_point" = EXCLUDED."read_point",
           "biz_location" = EXCLUDED."biz_location", "parent_id" = EXCLUDED."parent_id", "commissioned" = EXCLUDED."commissioned",
           "commissioned_at" = COALESCE("unit"."commissioned_at", EXCLUDED."commissioned_at"),
           "last_event_time" = EXCLUDED."last_event_time", "updated_at" = now()`,
        [
          col("id"),
          col("kind"),
          col("gtin"),
          col("serial"),
          col("lot"),
          col("expiry"),
          col("status"),
          col("disposition"),
          col("readPoint"),
          col("bizLocation"),
          col("parentId"),
          col("commissioned"),
          col("commissionedAt"),
          col("lastEventTime"),
          col("lastEffectiveTime"),
          col("productionDate"),
          col("keyDigits"),
        ],
      );
    }
    if (plan.index.length) {
      await em.query(`INSERT INTO "units"."event_unit" ("unit_id", "event_seq", "role") SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[]) ON CONFLICT DO NOTHING`, [
        plan.index.map((r) => r.unitId),
        plan.index.map((r) => r.seq),
        plan.index.map((r) => r.role),
      ]);
    }
    if (plan.newContainment.length) {
      const rows = plan.newContainment;
      await em.query(
        `INSERT INTO "units"."aggregation" ("parent_id", "child_id", "added_seq", "added_time", "removed_seq", "removed_time")
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[], $5::bigint[], $6::timestamptz[])`,
        [
          rows.map((r) => r.parentId),
          rows.map((r) => r.childId),
          rows.map((r) => r.addedSeq),
          rows.map((r) => r.addedTime),
          rows.map((r) => r.removedSeq),
          rows.map((r) => r.removedTime),
        ],
      );
    }
    if (plan.closedContainment.length) {
      const rows = plan.closedContainment;
      await em.query(
        `UPDATE "units"."aggregation" a SET "removed_seq" = t.seq, "removed_time" = t.at
         FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[]) AS t(id, seq, at) WHERE a."id" = t.id`,
        [rows.map((r) => r.rowId), rows.map((r) => r.removedSeq), rows.map((r) => r.removedTime)],
      );
    }
    if (plan.transformations.length) {
      const rows = plan.transformations;
      await em.query(
        `INSERT INTO "units"."transformation_link" ("input_id", "output_id", "event_seq") SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT DO NOTHING`,
        [rows.map((r) => r.inputId), rows.map((r) => r.outputId), rows.map((r) => r.seq)],
      );
    }
    if (plan.alerts.length) {
      const rows = plan.alerts;
      await em.query(`INSERT INTO "units"."alert" ("unit_id", "event_seq", "kind", "message") SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[])`, [
        rows.map((r) => r.unitId),
        rows.map((r) => r.seq),
        rows.map((r) => r.kind),
        rows.map((r) => r.message),
      ]);
    }
  }
}
