import { randomBytes } from "node:crypto";
import type { Principal } from "@tracehub/auth";
import { CbvVocabulary, toCbvShortName } from "@tracehub/epcis";
import {
  BadUserInput,
  Conflict,
  type Page,
  anyUnitId,
  assertMayWrite,
  assertMayWriteGtin,
  decodeCursor,
  locationId,
  normalizeGtin,
  pageSize,
  toPage,
  unitId,
} from "@tracehub/subgraph-kit";
import type { DataSource, EntityManager } from "typeorm";
import { type CaptureOutcome, type CaptureService } from "../capture/capture.service";
import { ProductEntity } from "../product/product.entity";
import type { UnitEntity } from "./unit.entity";
import { type CommissionUnitsInput, type PackInput, type RecordMovementInput, SerialType, type UnitFilter } from "./unit.input";
import { toUnitType } from "./unit.mapper";
import { randomSerials } from "./unit.rules";
import type { UnitType } from "./unit.type";

/** Largest commissioning batch. */
export const MAX_COMMISSION = 100_000;
/** Largest scan in `recordMovement` and `pack`. */
export const MAX_MOVEMENT_CODES = 1_000;
/** GS1 character set 82, 1 to 20 characters (AI 10 and 21). */
const CSET82_20 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;

/** What `commissionUnits` did. */
export interface CommissionOutcome {
  gtin: string;
  lot: string | null;
  eventId: string;
  serials: string[];
  unitIds: string[];
}

/** What a scan, pack or unpack did. */
export interface MovementOutcome {
  eventId: string;
  unitIds: string[];
  alerts: CaptureOutcome["alerts"];
}

function checkDate(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new BadUserInput(`'${field}' must be a real date in the form YYYY-MM-DD; got ${JSON.stringify(value)}.`, { field });
  }
  return value;
}

function bizStepOf(value: string): string {
  const short = toCbvShortName(CbvVocabulary.BizStep, value);
  if (!short) throw new BadUserInput(`'bizStep' ${JSON.stringify(value)} is not a CBV 2.0 business step (e.g. shipping, receiving).`, { field: "bizStep" });
  return short;
}

function dispositionOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const short = toCbvShortName(CbvVocabulary.Disposition, value);
  if (!short) throw new BadUserInput(`'disposition' ${JSON.stringify(value)} is not a CBV 2.0 disposition (e.g. in_transit, retail_sold).`, { field: "disposition" });
  return short;
}

/** The common fields of an event the hub builds itself. */
function eventBase(time: Date, readPoint: string | null, bizLocation: string | null): Record<string, unknown> {
  return {
    eventTime: time.toISOString(),
    eventTimeZoneOffset: "+00:00",
    ...(readPoint ? { readPoint: { id: readPoint } } : {}),
    ...(bizLocation ? { bizLocation: { id: bizLocation } } : {}),
  };
}

const UNIT_COLUMNS = `u."id", u."kind", u."gtin", u."serial", u."lot", u."expiry"::text AS "expiry", u."production_date"::text AS "productionDate", u."status", u."disposition",
  u."read_point" AS "readPoint", u."biz_location" AS "bizLocation", u."parent_id" AS "parentId", u."commissioned",
  u."commissioned_at" AS "commissionedAt", u."last_event_time" AS "lastEventTime", u."updated_at" AS "updatedAt"`;

/** Serialized units: listing, commissioning, scans, packing and what is inside what. */
export class UnitService {
  constructor(
    private readonly ds: DataSource,
    private readonly capture: CaptureService,
  ) {}

  /** A page of units in id order, filtered. */
  async list(args: { first?: number | null; after?: string | null; filter?: UnitFilter | null }): Promise<Page<UnitType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["text"]);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace("?", `$${params.length}`));
    };
    const f = args.filter ?? {};
    if (f.gtin) add(`u."gtin" = ?`, normalizeGtin(f.gtin, "filter.gtin"));
    if (f.lot) add(`u."lot" = ?`, f.lot);
    if (f.status) add(`u."status" = ?`, f.status);
    if (f.location) add(`COALESCE(u."biz_location", u."read_point") = ?`, locationId(f.location, "filter.location"));
    if (f.container) add(`u."parent_id" = ?`, anyUnitId(f.container, "filter.container"));
    const scope = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const [count] = (await this.ds.query(`SELECT count(*)::int AS n FROM "units"."unit" u ${scope}`, params)) as { n: number }[];
    const pageParams = [...params];
    let pageScope = scope;
    if (after) {
      pageParams.push(String(after[0]));
      pageScope = `${scope ? `${scope} AND` : "WHERE"} u."id" > $${pageParams.length}`;
    }
    const rows: UnitEntity[] = await this.ds.query(`SELECT ${UNIT_COLUMNS} FROM "units"."unit" u ${pageScope} ORDER BY u."id" LIMIT ${size + 1}`, pageParams);
    return toPage(rows.map(toUnitType), size, (u) => [u.id], count?.n ?? 0);
  }

  /** Units directly inside a container now. */
  async children(parentId: string): Promise<UnitType[]> {
    const rows: UnitEntity[] = await this.ds.query(`SELECT ${UNIT_COLUMNS} FROM "units"."unit" u WHERE u."parent_id" = $1 ORDER BY u."id"`, [parentId]);
    return rows.map(toUnitType);
  }

  /** Everything inside a container now, at every level, with its depth (1 = directly inside). */
  async contents(rootId: string): Promise<{ unit: UnitType; depth: number }[]> {
    const rows: (UnitEntity & { depth: number })[] = await this.ds.query(
      `WITH RECURSIVE tree(id, depth) AS (
         SELECT "id", 1 FROM "units"."unit" WHERE "parent_id" = $1
         UNION SELECT c."id", t.depth + 1 FROM "units"."unit" c JOIN tree t ON c."parent_id" = t.id WHERE t.depth < 16)
       SELECT ${UNIT_COLUMNS}, t.depth FROM tree t JOIN "units"."unit" u ON u."id" = t.id ORDER BY t.depth, u."id"`,
      [rootId],
    );
    return rows.map((r) => ({ unit: toUnitType(r), depth: Number(r.depth) }));
  }

  /** The containers a unit was in at a moment, innermost first (from the containment history). */
  async containersAt(childId: string, at: Date): Promise<string[]> {
    const rows = (await this.ds.query(
      `WITH RECURSIVE chain(id, depth) AS (
         SELECT "parent_id", 1 FROM "units"."aggregation"
         WHERE "child_id" = $1 AND "added_time" <= $2 AND ("removed_time" IS NULL OR "removed_time" > $2)
         UNION SELECT a."parent_id", c.depth + 1 FROM "units"."aggregation" a JOIN chain c ON a."child_id" = c.id
         WHERE a."added_time" <= $2 AND (a."removed_time" IS NULL OR a."removed_time" > $2) AND c.depth < 16)
       SELECT id FROM chain ORDER BY depth`,
      [childId, at],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** Units a unit was made from (direct inputs of transformations that output it). */
  async madeFrom(ids: readonly string[]): Promise<{ outputId: string; inputId: string }[]> {
    return (await this.ds.query(`SELECT DISTINCT "output_id" AS "outputId", "input_id" AS "inputId" FROM "units"."transformation_link" WHERE "output_id" = ANY($1::text[]) ORDER BY 2`, [
      ids,
    ])) as { outputId: string; inputId: string }[];
  }

  /** Units made using a unit (direct outputs of transformations that consumed it). */
  async usedIn(ids: readonly string[]): Promise<{ outputId: string; inputId: string }[]> {
    return (await this.ds.query(`SELECT DISTINCT "output_id" AS "outputId", "input_id" AS "inputId" FROM "units"."transformation_link" WHERE "input_id" = ANY($1::text[]) ORDER BY 1`, [
      ids,
    ])) as { outputId: string; inputId: string }[];
  }

  /**
   * Issues serials for a GTIN and lot and records the commissioning event (ObjectEvent ADD, commissioning,
   * active, lot and expiry as ILMD) through the capture pipeline, in one transaction. Given serials that were
   * issued before are a CONFLICT and nothing is stored. Commissioning of one GTIN is serialized by an advisory
   * lock, so concurrent calls never issue the same serial twice.
   */
  async commission(input: CommissionUnitsInput, principal: Principal): Promise<CommissionOutcome> {
    const gtin = normalizeGtin(input.gtin);
    assertMayWriteGtin(principal, gtin, "CAPTURE");
    const lot = input.lot ?? null;
    if (lot !== null && !CSET82_20.test(lot)) {
      throw new BadUserInput("'lot' must be 1 to 20 characters of GS1 character set 82 (letters, digits and !\"%&'()*+,-./:;<=>?_).", { field: "lot" });
    }
    const expiry = checkDate(input.expiry, "expiry");
    const productionDate = checkDate(input.productionDate, "productionDate");
    const readPoint = input.readPoint ? locationId(input.readPoint, "readPoint") : null;
    const time = this.capture.checkEventTime(input.eventTime);
    const given = input.serials ?? null;
    if ((given === null) === (input.count === null || input.count === undefined)) {
      throw new BadUserInput("Give exactly one of 'serials' (a list to issue) or 'count' (how many to generate).", { field: "serials" });
    }
    if (given !== null) {
      if (given.length < 1 || given.length > MAX_COMMISSION) {
        throw new BadUserInput(`'serials' must hold 1 to ${MAX_COMMISSION.toLocaleString("en")} serials; got ${given.length}.`, { field: "serials" });
      }
      const bad = given.findIndex((s) => !CSET82_20.test(s));
      if (bad >= 0) {
        throw new BadUserInput(`'serials[${bad}]' (${JSON.stringify(given[bad])}) must be 1 to 20 characters of GS1 character set 82.`, { field: `serials.${bad}` });
      }
      if (new Set(given).size !== given.length) throw new BadUserInput("'serials' lists a serial twice.", { field: "serials" });
    } else {
      const count = input.count as number;
      if (!Number.isInteger(count) || count < 1 || count > MAX_COMMISSION) {
        throw new BadUserInput(`'count' must be 1 to ${MAX_COMMISSION.toLocaleString("en")}; got ${count}.`, { field: "count" });
      }
    }

    return this.ds.transaction(async (em) => {
      const product = await em.getRepository(ProductEntity).findOneBy({ gtin });
      if (!product) throw new BadUserInput(`No product with GTIN ${gtin} is registered; create it with upsertProduct first.`, { field: "gtin" });
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('commission:' || $1))`, [gtin]);
      let serials: string[];
      if (given !== null) {
        const taken = await this.takenSerials(em, gtin, given);
        if (taken.length) {
          throw new Conflict(`${taken.length} serial(s) of GTIN ${gtin} were issued before, e.g. ${taken.slice(0, 5).map((s) => JSON.stringify(s)).join(", ")}; nothing was stored.`, {
            field: "serials",
            taken: taken.slice(0, 100),
          });
        }
        serials = given;
      } else if ((input.serialType ?? SerialType.RANDOM) === SerialType.SEQUENTIAL) {
        serials = await this.nextSequentialSerials(em, gtin, input.count as number);
        if ((await this.takenSerials(em, gtin, serials)).length) {
          throw new Conflict(`Some sequential serials of GTIN ${gtin} were already issued by hand; give serials explicitly.`, { field: "count" });
        }
      } else {
        serials = await this.freshRandomSerials(em, gtin, input.count as number);
      }
      const ids = serials.map((s) => unitId(gtin, s));
      const ilmd: Record<string, string> = {};
      if (lot) ilmd["cbvmda:lotNumber"] = lot;
      if (expiry) ilmd["cbvmda:itemExpirationDate"] = expiry;
      if (productionDate) ilmd["cbvmda:productionDate"] = productionDate;
      const event = {
        type: "ObjectEvent",
        ...eventBase(time, readPoint, null),
        epcList: ids,
        action: "ADD",
        bizStep: "commissioning",
        disposition: "active",
        ...(Object.keys(ilmd).length ? { ilmd } : {}),
      };
      const outcome = await this.capture.captureBuilt([event], principal, em);
      return { gtin, lot, eventId: outcome.eventIds[0] as string, serials, unitIds: ids };
    });
  }

  /**
   * Records a simple scan (ObjectEvent OBSERVE) through the capture pipeline. Malformed codes are
   * BAD_USER_INPUT; codes the hub never commissioned are stored and raise UNKNOWN_UNIT alerts.
   */
  async recordMovement(input: RecordMovementInput, principal: Principal): Promise<MovementOutcome> {
    if (input.codes.length < 1 || input.codes.length > MAX_MOVEMENT_CODES) {
      throw new BadUserInput(`'codes' must hold 1 to ${MAX_MOVEMENT_CODES} codes; got ${input.codes.length}.`, { field: "codes" });
    }
    const ids = [...new Set(input.codes.map((code, i) => anyUnitId(code, `codes[${i}]`)))];
    assertMayWrite(principal, ids, "CAPTURE", "codes");
    const bizStep = bizStepOf(input.bizStep);
    const disposition = dispositionOf(input.disposition);
    const readPoint = input.readPoint ? locationId(input.readPoint, "readPoint") : null;
    const bizLocation = input.bizLocation ? locationId(input.bizLocation, "bizLocation") : null;
    const time = this.capture.checkEventTime(input.eventTime);
    const transactions = (input.bizTransactions ?? []).map((t, i) => {
      if (!/^(urn:|https?:\/\/)\S+$/.test(t.id)) throw new BadUserInput(`'bizTransactions[${i}].id' must be a URI.`, { field: `bizTransactions.${i}.id` });
      const type = t.type ? toCbvShortName(CbvVocabulary.BizTransactionType, t.type) : null;
      if (t.type && !type) throw new BadUserInput(`'bizTransactions[${i}].type' is not a CBV 2.0 business transaction type.`, { field: `bizTransactions.${i}.type` });
      return { ...(type ? { type } : {}), bizTransaction: t.id };
    });
    const event = {
      type: "ObjectEvent",
      ...eventBase(time, readPoint, bizLocation),
      epcList: ids,
      action: "OBSERVE",
      bizStep,
      ...(disposition ? { disposition } : {}),
      ...(transactions.length ? { bizTransactionList: transactions } : {}),
    };
    const outcome = await this.capture.captureBuilt([event], principal);
    return { eventId: outcome.eventIds[0] as string, unitIds: ids, alerts: outcome.alerts };
  }

  /** Packs units into a container, or unpacks them (AggregationEvent ADD or DELETE). */
  async aggregate(input: PackInput, action: "ADD" | "DELETE", principal: Principal): Promise<MovementOutcome> {
    const parent = anyUnitId(input.parent, "parent");
    const children = [...new Set((input.children ?? []).map((c, i) => anyUnitId(c, `children[${i}]`)))];
    if (action === "ADD" && children.length === 0) throw new BadUserInput("'children' must name at least one unit to pack.", { field: "children" });
    if (children.length > MAX_MOVEMENT_CODES) throw new BadUserInput(`'children' must hold at most ${MAX_MOVEMENT_CODES} codes.`, { field: "children" });
    if (children.includes(parent)) throw new BadUserInput("A unit cannot be packed into itself.", { field: "children" });
    assertMayWrite(principal, [parent], "CAPTURE", "parent");
    assertMayWrite(principal, children, "CAPTURE", "children");
    const event = {
      type: "AggregationEvent",
      ...eventBase(this.capture.checkEventTime(input.eventTime), input.readPoint ? locationId(input.readPoint, "readPoint") : null, input.bizLocation ? locationId(input.bizLocation, "bizLocation") : null),
      parentID: parent,
      childEPCs: children,
      action,
      bizStep: action === "ADD" ? "packing" : "unpacking",
    };
    const outcome = await this.capture.captureBuilt([event], principal);
    return { eventId: outcome.eventIds[0] as string, unitIds: [parent, ...children], alerts: outcome.alerts };
  }

  private async takenSerials(em: EntityManager, gtin: string, serials: string[]): Promise<string[]> {
    const rows = (await em.query(`SELECT "serial" FROM "units"."unit" WHERE "gtin" = $1 AND "serial" = ANY($2::text[]) AND "commissioned"`, [gtin, serials])) as { serial: string }[];
    return rows.map((r) => r.serial);
  }

  private async freshRandomSerials(em: EntityManager, gtin: string, count: number): Promise<string[]> {
    const out = new Set<string>();
    // A collision with an issued serial is astronomically rare; draw again for the few that collide.
    for (let attempt = 0; out.size < count; attempt++) {
      if (attempt > 5) throw new Conflict("Could not draw unique random serials; try again.");
      const batch = randomSerials(count - out.size, (n) => randomBytes(n)).filter((s) => !out.has(s));
      const taken = new Set(await this.takenSerials(em, gtin, batch));
      for (const s of batch) if (!taken.has(s)) out.add(s);
    }
    return [...out];
  }

  private async nextSequentialSerials(em: EntityManager, gtin: string, count: number): Promise<string[]> {
    const [row] = (await em.query(
      `INSERT INTO "units"."serial_counter" ("gtin", "last") VALUES ($1, $2)
       ON CONFLICT ("gtin") DO UPDATE SET "last" = "serial_counter"."last" + $2 RETURNING "last"`,
      [gtin, count],
    )) as { last: string }[];
    const last = BigInt(row?.last ?? count);
    const first = last - BigInt(count) + 1n;
    return Array.from({ length: count }, (_, i) => String(first + BigInt(i)));
  }
}
