import { type KeyColumn, type KeyValue, type RowOf, type SqlCondition, keyReadable, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { ReadScope } from "@tracehub/subgraph-kit";
import type { DataSource, EntityManager } from "typeorm";
import { COMMISSIONING_LOCK } from "../capture/capture.store";
import { unitHeldBy, unitVisible } from "../scope/scope.store";
import type { RecallCounts, RecallIssued, RecallScope } from "./recall.rules";

/** Statuses a recall leaves alone: the unit is out of the supply chain for good. */
const TERMINAL = `('DESTROYED', 'DECOMMISSIONED', 'CONSUMED')`;

/**
 * The unit row `u` lies in a recall's scope, with the scope's values bound from `$firstParam`: commissioned, not out of
 * the supply chain, its GTIN, and each condition the scope names (a named lot, serial or date range never covers a
 * unit that lacks the fact). Only the conditions named are written, so the planner uses the (gtin, lot) index.
 */
function inScope(scope: RecallScope, u: string, firstParam: number): SqlCondition {
  const params: unknown[] = [];
  const bind = (value: unknown, cast: string) => {
    params.push(value);
    return `$${firstParam + params.length - 1}::${cast}`;
  };
  const terms = [`${u}."gtin" = ${bind(scope.gtin, "char(14)")}`, `${u}."commissioned"`, `${u}."status" NOT IN ${TERMINAL}`];
  if (scope.lots.length) terms.push(`${u}."lot" = ANY(${bind(scope.lots, "text[]")})`);
  if (scope.serials.length) terms.push(`${u}."serial" = ANY(${bind(scope.serials, "text[]")})`);
  if (scope.producedFrom !== null) terms.push(`${u}."production_date" >= ${bind(scope.producedFrom, "date")}`);
  if (scope.producedTo !== null) terms.push(`${u}."production_date" <= ${bind(scope.producedTo, "date")}`);
  if (scope.expiresFrom !== null) terms.push(`${u}."expiry" >= ${bind(scope.expiresFrom, "date")}`);
  if (scope.expiresTo !== null) terms.push(`${u}."expiry" <= ${bind(scope.expiresTo, "date")}`);
  return { sql: `(${terms.join(" AND ")})`, params };
}

/** Which units a recall affects: those it marked once issued (units knows it), else those in its scope (a draft). */
export type AffectedBy = { recallId: string; issued: true } | { recallId: string; issued: false; scope: RecallScope };

/** The unit row `u` is affected by the recall, parameters from `$firstParam`. */
export function affectedCondition(by: AffectedBy, u: string, firstParam: number): SqlCondition {
  if (by.issued) {
    return { sql: `${u}."id" IN (SELECT ru."unit_id" FROM "units"."recall_unit" ru WHERE ru."recall_id" = $${firstParam}::uuid)`, params: [by.recallId] };
  }
  return inScope(by.scope, u, firstParam);
}

const ALIAS = /^[a-z_][a-z0-9_]*$/;

/**
 * The condition "unit row `u` lies in the scope stored in row `s`" (a `units.recall` or `units.hold` row, whose columns
 * hold the scope): the scope's GTIN, and every condition it names. Aliases come from code only.
 */
export function storedScopeCovers(u: string, s: string): string {
  if (!ALIAS.test(u) || !ALIAS.test(s)) throw new Error(`${JSON.stringify(u)} or ${JSON.stringify(s)} is not a table alias.`);
  return `(${s}."gtin" = ${u}."gtin"
    AND (cardinality(${s}."lots") = 0 OR ${u}."lot" = ANY(${s}."lots")) AND (cardinality(${s}."serials") = 0 OR ${u}."serial" = ANY(${s}."serials"))
    AND (${s}."produced_from" IS NULL OR ${u}."production_date" >= ${s}."produced_from") AND (${s}."produced_to" IS NULL OR ${u}."production_date" <= ${s}."produced_to")
    AND (${s}."expires_from" IS NULL OR ${u}."expiry" >= ${s}."expires_from") AND (${s}."expires_to" IS NULL OR ${u}."expiry" <= ${s}."expires_to"))`;
}

/** Issued recalls in force whose scope covers units $1, and that have not marked them. */
const RECALLS_COVERING = `SELECT r."id"::text AS "recallId", u."id" AS "unitId", u."last_effective_time" AS "lastTime" FROM "units"."unit" u
  JOIN "units"."recall" r ON r."status" = 'ISSUED' AND ${storedScopeCovers("u", "r")}
  WHERE u."id" = ANY($1::text[]) AND u."commissioned" AND u."status" NOT IN ${TERMINAL}
    AND NOT EXISTS (SELECT 1 FROM "units"."recall_unit" ru WHERE ru."recall_id" = r."id" AND ru."unit_id" = u."id")
  ORDER BY r."id", u."id"`;

/** Progress counts of affected units (the condition and visibility are appended). */
const COUNTS = `SELECT count(*)::int AS "affected",
    (count(*) FILTER (WHERE u."status" = 'RETURNED'))::int AS "returned",
    (count(*) FILTER (WHERE u."status" IN ('DESTROYED', 'DECOMMISSIONED')))::int AS "destroyed",
    (count(*) FILTER (WHERE u."status" NOT IN ('RETURNED', 'DESTROYED', 'DECOMMISSIONED') AND COALESCE(u."biz_location", u."read_point") IS NOT NULL))::int AS "located"
  FROM "units"."unit" u`;
const COUNTS_ROW = { affected: "int", returned: "int", destroyed: "int", located: "int" } as const;

/** Units a recall is to mark, and the latest time any of their states is at (its event must not be earlier). */
export interface ToMark {
  ids: string[];
  latest: Date | null;
}

function toMark(rows: readonly { id: string; lastTime: Date | null }[]): ToMark {
  let latest: Date | null = null;
  for (const r of rows) if (r.lastTime && (!latest || r.lastTime > latest)) latest = r.lastTime;
  return { ids: rows.map((r) => r.id), latest };
}

/** A recall notice: what a holding organization is told of a recall that affects units it holds. */
const NOTICE_ROW = {
  recallId: "text",
  gtin: "text",
  lots: "text[]",
  serials: "text[]",
  classification: "text?",
  reason: "text?",
  instructions: "text?",
  status: "text",
  issuedAt: "time",
  unitsHeld: "int",
  acknowledgedAt: "time?",
} as const;
export type NoticeRow = RowOf<typeof NOTICE_ROW>;

/**
 * The notices of the holder: each recall with the affected units it holds now (the conditions on `u` come first,
 * then $org for the acknowledgement), as a derived table `n` for paging.
 */
const NOTICES = (held: SqlCondition, orgParam: number, only: string) => `SELECT * FROM (
  SELECT r."id"::text AS "recallId", r."gtin"::text AS "gtin", r."lots", r."serials", r."classification", r."reason", r."instructions", r."status",
    r."issued_at" AS "issuedAt", count(*)::int AS "unitsHeld", max(a."acknowledged_at") AS "acknowledgedAt"
  FROM "units"."recall" r JOIN "units"."recall_unit" ru ON ru."recall_id" = r."id" JOIN "units"."unit" u ON u."id" = ru."unit_id"
  LEFT JOIN "units"."recall_notice_ack" a ON a."recall_id" = r."id" AND a."organization_id" = $${orgParam}::text
  WHERE ${held.sql} ${only}
  GROUP BY r."id") n`;

/** The order of notices: newest recall first. */
const NOTICE_KEYS: readonly KeyColumn[] = [
  { column: "n.issuedAt", direction: "DESC" },
  { column: "n.recallId", direction: "DESC" },
];

/** Every SQL statement of recalls in units. */
export class RecallStore {
  constructor(private readonly ds: DataSource) {}

  /** Records an issued recall (once: a redelivery changes nothing). */
  async remember(em: EntityManager, recall: RecallIssued): Promise<void> {
    await em.query(
      `INSERT INTO "units"."recall" ("id", "gtin", "lots", "serials", "produced_from", "produced_to", "expires_from", "expires_to", "status", "classification", "reason", "instructions", "issued_at")
       VALUES ($1::uuid, $2, $3::text[], $4::text[], $5::date, $6::date, $7::date, $8::date, 'ISSUED', $9, $10, $11, COALESCE($12::timestamptz, now())) ON CONFLICT ("id") DO NOTHING`,
      [
        recall.recallId,
        recall.gtin,
        recall.lots,
        recall.serials,
        recall.producedFrom,
        recall.producedTo,
        recall.expiresFrom,
        recall.expiresTo,
        recall.classification,
        recall.reason,
        recall.instructions,
        recall.issuedAt,
      ],
    );
  }

  /** Marks a recall closed: units commissioned from now on are not marked. False when units never heard of it. */
  async close(em: EntityManager, recallId: string): Promise<boolean> {
    const rows = rowsOf(
      "CLOSE_RECALL",
      { id: "text" },
      await em.query(`WITH r AS (UPDATE "units"."recall" SET "status" = 'CLOSED', "closed_at" = COALESCE("closed_at", now()) WHERE "id" = $1::uuid RETURNING "id") SELECT "id"::text FROM r`, [recallId]),
    );
    return rows.length === 1;
  }

  /**
   * The next recall whose marking is not done, row-locked for this transaction (another worker skips it), with its
   * scope; null when none is pending.
   */
  async claimMarking(em: EntityManager): Promise<(RecallScope & { recallId: string }) | null> {
    const [row] = rowsOf(
      "CLAIM_RECALL_MARKING",
      {
        recallId: "text",
        gtin: "text",
        lots: "text[]",
        serials: "text[]",
        producedFrom: "text?",
        producedTo: "text?",
        expiresFrom: "text?",
        expiresTo: "text?",
      },
      await em.query(
        `SELECT "id"::text AS "recallId", "gtin"::text AS "gtin", "lots", "serials", "produced_from"::text AS "producedFrom", "produced_to"::text AS "producedTo",
           "expires_from"::text AS "expiresFrom", "expires_to"::text AS "expiresTo"
         FROM "units"."recall" WHERE "marking_done_at" IS NULL ORDER BY "issued_at", "id" LIMIT 1 FOR UPDATE SKIP LOCKED`,
      ),
    );
    return row ?? null;
  }

  /** Records that a recall's marking found no unit left in its scope. */
  async markingDone(em: EntityManager, recallId: string): Promise<void> {
    await em.query(`UPDATE "units"."recall" SET "marking_done_at" = now() WHERE "id" = $1::uuid`, [recallId]);
  }

  /**
   * At most `limit` units in a recall's scope that it has not marked yet, after id `after` (a batch goes on from the
   * last), locked, in id order, and the latest time
   * their state is at. It first takes the GTIN's commissioning lock (as capture does before commissioning), so no
   * unit of the GTIN is being commissioned unseen meanwhile: one committed before is selected here (by this batch
   * or a later one), one committed after finds the recall in force and is marked by capture's commissioning hook.
   */
  async unitsToMark(em: EntityManager, recall: RecallScope & { recallId: string }, after: string, limit: number): Promise<ToMark> {
    await em.query(COMMISSIONING_LOCK, [recall.gtin]);
    const scope = inScope(recall, "u", 4);
    const rows = rowsOf(
      "UNITS_TO_MARK",
      { id: "text", lastTime: "time?" },
      await em.query(
        `SELECT u."id", u."last_effective_time" AS "lastTime" FROM "units"."unit" u WHERE ${scope.sql}
           AND NOT EXISTS (SELECT 1 FROM "units"."recall_unit" ru WHERE ru."recall_id" = $1::uuid AND ru."unit_id" = u."id")
           AND u."id" > $3::text
         ORDER BY u."id" LIMIT $2::int FOR UPDATE`,
        [recall.recallId, limit, after, ...scope.params],
      ),
    );
    return toMark(rows);
  }

  /** For units just commissioned: the issued recalls in force that cover them and have not marked them, by recall. */
  async recallsCovering(em: EntityManager, unitIds: readonly string[]): Promise<Map<string, ToMark>> {
    const rows = rowsOf("RECALLS_COVERING", { recallId: "text", unitId: "text", lastTime: "time?" }, await em.query(RECALLS_COVERING, [unitIds]));
    const byRecall = new Map<string, { id: string; lastTime: Date | null }[]>();
    for (const r of rows) byRecall.set(r.recallId, [...(byRecall.get(r.recallId) ?? []), { id: r.unitId, lastTime: r.lastTime }]);
    return new Map([...byRecall].map(([recallId, units]) => [recallId, toMark(units)]));
  }

  /** Records that a recall marked these units. */
  async markAffected(em: EntityManager, recallId: string, unitIds: readonly string[]): Promise<void> {
    if (unitIds.length === 0) return;
    await em.query(`INSERT INTO "units"."recall_unit" ("recall_id", "unit_id") SELECT $1::uuid, unnest($2::text[]) ON CONFLICT DO NOTHING`, [recallId, unitIds]);
  }

  /**
   * A page of the notices of the recalls affecting units the caller holds now (newest first; one more when a next
   * page exists), and how many there are. `recallId` narrows to one recall.
   */
  async notices(scope: ReadScope, org: string | null, after: readonly KeyValue[] | null, size: number, recallId: string | null = null): Promise<{ rows: NoticeRow[]; total: number }> {
    const held = unitHeldBy(scope, "u", 1);
    const orgParam = held.params.length + 1;
    const only = recallId ? `AND r."id" = $${orgParam + 1}::uuid` : "";
    const base = [...held.params, org, ...(recallId ? [recallId] : [])];
    const total = oneRowOf("COUNT_NOTICES", { n: "int" }, await this.ds.query(`SELECT count(*)::int AS "n" FROM (${NOTICES(held, orgParam, only)}) c`, base)).n;
    const page = keysetPage({ keys: NOTICE_KEYS, after, size, firstParam: base.length + 1 });
    const rows = rowsOf("NOTICES", NOTICE_ROW, await this.ds.query(`${NOTICES(held, orgParam, only)} WHERE ${page.where} ORDER BY ${page.orderBy} ${page.limit}`, [...base, ...page.params]));
    return { rows, total };
  }

  /** Records that an organization acknowledged a recall's notice (the first time counts). */
  async acknowledge(recallId: string, org: string, by: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO "units"."recall_notice_ack" ("recall_id", "organization_id", "acknowledged_by") VALUES ($1::uuid, $2, $3) ON CONFLICT ("recall_id", "organization_id") DO NOTHING`,
      [recallId, org, by],
    );
  }

  /** The recall a recording event named (its business transaction), or null. */
  async recallOfEvent(eventSeq: string): Promise<string | null> {
    const [row] = rowsOf(
      "RECALL_OF_EVENT",
      { id: "text" },
      await this.ds.query(
        `SELECT substr(t."biz_transaction", length('urn:tracehub:recall:') + 1) AS "id" FROM "units"."event_biz_transaction" t
         WHERE t."event_seq" = $1::bigint AND t."biz_transaction" LIKE 'urn:tracehub:recall:%' LIMIT 1`,
        [eventSeq],
      ),
    );
    return row?.id ?? null;
  }

  /** Which of these recalls units knows as issued (it received them), and whether their marking is done. */
  async issued(recallIds: readonly string[]): Promise<{ id: string; markingDone: boolean }[]> {
    return rowsOf(
      "RECALLS_ISSUED",
      { id: "text", markingDone: "bool" },
      await this.ds.query(`SELECT "id"::text, "marking_done_at" IS NOT NULL AS "markingDone" FROM "units"."recall" WHERE "id" = ANY($1::uuid[])`, [recallIds]),
    );
  }

  /**
   * An issued recall units knows, as the caller may follow it: its GTIN when the caller reads everything, owns the
   * GTIN or was granted it, or may read one of the units it marked; null otherwise (unknown, a draft, or not its
   * business), so nobody learns of another organization's recall.
   */
  async followable(recallId: string, scope: ReadScope): Promise<{ gtin: string } | null> {
    const key = keyReadable(scope, { digits: `substr(r."gtin", 2, 12)`, gtin: `r."gtin"` }, 2);
    const visible = unitVisible(scope, "u", 2 + key.params.length);
    const [row] = rowsOf(
      "RECALL_FOLLOWABLE",
      { gtin: "text" },
      await this.ds.query(
        `SELECT r."gtin"::text AS "gtin" FROM "units"."recall" r WHERE r."id" = $1::uuid
           AND (${key.sql} OR EXISTS (SELECT 1 FROM "units"."recall_unit" ru JOIN "units"."unit" u ON u."id" = ru."unit_id" WHERE ru."recall_id" = r."id" AND ${visible.sql}))`,
        [recallId, ...key.params, ...visible.params],
      ),
    );
    return row ?? null;
  }

  /** Whether the recall marked any of these units. */
  async touches(recallId: string, unitIds: readonly string[]): Promise<boolean> {
    if (unitIds.length === 0) return false;
    return oneRowOf(
      "RECALL_TOUCHES",
      { hit: "bool" },
      await this.ds.query(`SELECT EXISTS (SELECT 1 FROM "units"."recall_unit" WHERE "recall_id" = $1::uuid AND "unit_id" = ANY($2::text[])) AS "hit"`, [recallId, unitIds]),
    ).hit;
  }

  /** How many affected units the caller may read (a plain count: for a draft, an index-only scan of the scope). */
  async count(by: AffectedBy, scope: ReadScope): Promise<number> {
    const affected = affectedCondition(by, "u", 1);
    const visible = unitVisible(scope, "u", 1 + affected.params.length);
    return oneRowOf(
      "RECALL_AFFECTED_COUNT",
      { n: "int" },
      await this.ds.query(`SELECT count(*)::int AS "n" FROM "units"."unit" u WHERE ${affected.sql} AND ${visible.sql}`, [...affected.params, ...visible.params]),
    ).n;
  }

  /** Counts of the affected units the caller may read, by what became of them. */
  async counts(by: AffectedBy, scope: ReadScope): Promise<RecallCounts> {
    const affected = affectedCondition(by, "u", 1);
    const visible = unitVisible(scope, "u", 1 + affected.params.length);
    return oneRowOf("RECALL_COUNTS", COUNTS_ROW, await this.ds.query(`${COUNTS} WHERE ${affected.sql} AND ${visible.sql}`, [...affected.params, ...visible.params]));
  }

  /** How many affected units the caller may read are in each status. */
  async byStatus(by: AffectedBy, scope: ReadScope): Promise<RowOf<{ status: "text"; count: "int" }>[]> {
    const affected = affectedCondition(by, "u", 1);
    const visible = unitVisible(scope, "u", 1 + affected.params.length);
    return rowsOf(
      "RECALL_BY_STATUS",
      { status: "text", count: "int" },
      await this.ds.query(`SELECT u."status", count(*)::int AS "count" FROM "units"."unit" u WHERE ${affected.sql} AND ${visible.sql} GROUP BY u."status" ORDER BY u."status"`, [
        ...affected.params,
        ...visible.params,
      ]),
    );
  }

  /**
   * How many affected units the caller may read each party holds now (its open custody, by GLN; null: no hand-over
   * recorded, so with its owner). A unit handed to two parties at once counts for each.
   */
  async byHolder(by: AffectedBy, scope: ReadScope): Promise<RowOf<{ holder: "text?"; count: "int" }>[]> {
    const affected = affectedCondition(by, "u", 1);
    const visible = unitVisible(scope, "u", 1 + affected.params.length);
    return rowsOf(
      "RECALL_BY_HOLDER",
      { holder: "text?", count: "int" },
      await this.ds.query(
        `SELECT c."party_gln" AS "holder", count(*)::int AS "count" FROM "units"."unit" u
         LEFT JOIN "units"."custody" c ON c."unit_id" = u."id" AND c."to_time" IS NULL
         WHERE ${affected.sql} AND ${visible.sql} GROUP BY c."party_gln" ORDER BY c."party_gln" NULLS FIRST`,
        [...affected.params, ...visible.params],
      ),
    );
  }
}
