import { type KeyColumn, type KeyValue, type RowOf, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { DataSource, EntityManager } from "typeorm";
import { RECEIVING_STEPS } from "./receipt.rules";

const NOTICE_ROW = {
  id: "text",
  reference: "text",
  despatchAdvice: "text",
  shipperOrg: "text?",
  receiverGln: "text",
  status: "text",
  createdAt: "time",
  closedAt: "time?",
  expected: "int",
} as const;
export type NoticeRow = RowOf<typeof NOTICE_ROW>;

const COLUMNS = `n."id"::text AS "id", n."reference", n."despatch_advice" AS "despatchAdvice", n."shipper_org" AS "shipperOrg", n."receiver_gln"::text AS "receiverGln",
  n."status", n."created_at" AS "createdAt", n."closed_at" AS "closedAt", (SELECT count(*)::int FROM "units"."asn_item" i WHERE i."asn_id" = n."id") AS "expected"`;
const KEYS: readonly KeyColumn[] = [{ column: "n.id" }];

/** Who may list notices: everything (operators, regulators), or a shipper organization and the GLNs it receives at. */
export type NoticeReader = { all: true } | { all: false; org: string | null; glns: string[] };

const READABLE = (firstParam: number) => `($${firstParam}::boolean OR n."shipper_org" = $${firstParam + 1} OR n."receiver_gln" = ANY($${firstParam + 2}::text[]))`;
const readerParams = (r: NoticeReader) => (r.all ? [true, null, []] : [false, r.org, r.glns]);

/** Every SQL statement of advance ship notices. */
export class ReceiptStore {
  constructor(private readonly ds: DataSource) {}

  /** Stores a notice and its expected units (listed ones, and the contents of listed containers now); null when its despatch advice is taken. */
  async insert(em: EntityManager, notice: { id: string; reference: string; despatchAdvice: string; shipperOrg: string | null; createdBy: string; receiverGln: string; unitIds: string[] }): Promise<NoticeRow | null> {
    const rows = (await em.query(
      `INSERT INTO "units"."asn" ("id", "reference", "despatch_advice", "shipper_org", "created_by", "receiver_gln") VALUES ($1::uuid, $2, $3, $4, $5, $6)
       ON CONFLICT ("despatch_advice") DO NOTHING RETURNING "id"`,
      [notice.id, notice.reference, notice.despatchAdvice, notice.shipperOrg, notice.createdBy, notice.receiverGln],
    )) as unknown[];
    if (rows.length === 0) return null;
    await em.query(
      `WITH RECURSIVE listed AS (SELECT DISTINCT u AS "unit_id" FROM unnest($2::text[]) AS t(u)),
         inside AS (
           SELECT a."child_id" AS "unit_id", l."unit_id" AS "container_id" FROM listed l JOIN "units"."aggregation" a ON a."parent_id" = l."unit_id" AND a."removed_seq" IS NULL
           UNION
           SELECT a."child_id", i."container_id" FROM inside i JOIN "units"."aggregation" a ON a."parent_id" = i."unit_id" AND a."removed_seq" IS NULL)
       INSERT INTO "units"."asn_item" ("asn_id", "unit_id", "container_id")
       SELECT $1::uuid, "unit_id", NULL FROM listed
       UNION ALL SELECT DISTINCT ON (i."unit_id") $1::uuid, i."unit_id", i."container_id" FROM inside i WHERE i."unit_id" NOT IN (SELECT "unit_id" FROM listed)
       ON CONFLICT DO NOTHING`,
      [notice.id, notice.unitIds],
    );
    return (await this.byIds([notice.id], em))[0] ?? null;
  }

  /** Notices by id (UUIDs). */
  async byIds(ids: readonly string[], em: Pick<EntityManager, "query"> = this.ds): Promise<NoticeRow[]> {
    return rowsOf("NOTICES_BY_ID", NOTICE_ROW, await em.query(`SELECT ${COLUMNS} FROM "units"."asn" n WHERE n."id" = ANY($1::uuid[])`, [ids]));
  }

  /** One notice, locked until the transaction ends. */
  async lock(em: EntityManager, id: string): Promise<NoticeRow | null> {
    return rowsOf("LOCK_NOTICE", NOTICE_ROW, await em.query(`SELECT ${COLUMNS} FROM "units"."asn" n WHERE n."id" = $1::uuid FOR UPDATE`, [id]))[0] ?? null;
  }

  /** How many notices a reader may see, of a status (any when null). */
  async count(reader: NoticeReader, status: string | null): Promise<number> {
    const sql = `SELECT count(*)::int AS "n" FROM "units"."asn" n WHERE ${READABLE(1)} AND ($4::text IS NULL OR n."status" = $4)`;
    return oneRowOf("COUNT_NOTICES", { n: "int" }, await this.ds.query(sql, [...readerParams(reader), status])).n;
  }

  /** A page of the notices a reader may see, by id; one more when a next page exists. */
  async page(reader: NoticeReader, status: string | null, after: readonly KeyValue[] | null, size: number): Promise<NoticeRow[]> {
    const page = keysetPage({ keys: KEYS, after, size, firstParam: 5 });
    const sql = `SELECT ${COLUMNS} FROM "units"."asn" n WHERE ${READABLE(1)} AND ($4::text IS NULL OR n."status" = $4) AND ${page.where} ORDER BY ${page.orderBy} ${page.limit}`;
    return rowsOf("NOTICE_PAGE", NOTICE_ROW, await this.ds.query(sql, [...readerParams(reader), status, ...page.params]));
  }

  /** The units a notice expects. */
  async expected(id: string, em: Pick<EntityManager, "query"> = this.ds): Promise<{ unitId: string; containerId: string | null }[]> {
    return rowsOf("NOTICE_ITEMS", { unitId: "text", containerId: "text?" }, await em.query(`SELECT "unit_id" AS "unitId", "container_id" AS "containerId" FROM "units"."asn_item" WHERE "asn_id" = $1::uuid`, [id]));
  }

  /**
   * The units received against a despatch advice: named by a receiving event that names it, at the receiving GLN
   * (read point or business location, any extension), or inside a container such an event named, at that event.
   */
  async received(despatchAdvice: string, receiverGln: string, em: Pick<EntityManager, "query"> = this.ds): Promise<string[]> {
    const sql = `WITH RECURSIVE ev AS (
        SELECT DISTINCT e."seq" FROM "units"."event" e JOIN "units"."event_biz_transaction" t ON t."event_seq" = e."seq"
        WHERE t."biz_transaction" = $1 AND e."biz_step" = ANY($3::text[]) AND NOT e."error_declaration"
          AND (e."biz_location" LIKE $2 OR e."read_point" LIKE $2)),
      got AS (
        SELECT eu."unit_id", eu."event_seq" FROM "units"."event_unit" eu JOIN ev ON ev."seq" = eu."event_seq" WHERE eu."role" IN ('epc', 'parent', 'child')
        UNION
        SELECT a."child_id", g."event_seq" FROM got g JOIN "units"."aggregation" a ON a."parent_id" = g."unit_id"
          AND a."added_seq" <= g."event_seq" AND (a."removed_seq" IS NULL OR a."removed_seq" > g."event_seq"))
      SELECT DISTINCT "unit_id" AS "unitId" FROM got`;
    const rows = await em.query(sql, [despatchAdvice, `https://id.gs1.org/414/${receiverGln}%`, [...RECEIVING_STEPS]]);
    return rowsOf("NOTICE_RECEIVED", { unitId: "text" }, rows).map((r) => r.unitId);
  }

  /** Raises discrepancy alerts on a notice (each unit and kind once). */
  async raise(em: EntityManager, id: string, kind: "MISSING" | "UNEXPECTED", unitIds: readonly string[]): Promise<void> {
    if (unitIds.length === 0) return;
    await em.query(`INSERT INTO "units"."asn_alert" ("asn_id", "unit_id", "kind") SELECT $1::uuid, u, $2 FROM unnest($3::text[]) AS t(u) ON CONFLICT DO NOTHING`, [id, kind, unitIds]);
  }

  /** A notice's alerts, oldest first. */
  async alerts(id: string): Promise<{ unitId: string; kind: string; raisedAt: Date }[]> {
    return rowsOf(
      "NOTICE_ALERTS",
      { unitId: "text", kind: "text", raisedAt: "time" },
      await this.ds.query(`SELECT "unit_id" AS "unitId", "kind", "raised_at" AS "raisedAt" FROM "units"."asn_alert" WHERE "asn_id" = $1::uuid ORDER BY "raised_at", "kind", "unit_id"`, [id]),
    );
  }

  /** Closes a notice. */
  async close(em: EntityManager, id: string): Promise<void> {
    await em.query(`UPDATE "units"."asn" SET "status" = 'CLOSED', "closed_at" = now() WHERE "id" = $1::uuid`, [id]);
  }
}
