import { randomBytes, randomUUID } from "node:crypto";
import type { Principal } from "@tracehub/auth";
import { BadUserInput, Conflict, type Page, decodeCursor, normalizeGtin, pageSize, parseUnitCode, toPage, unitId } from "@tracehub/subgraph-kit";
import type { DataSource, EntityManager } from "typeorm";
import { EventEntity } from "../event/event.entity";
import { toEventType } from "../event/event.mapper";
import type { EventType } from "../event/event.type";
import { ProductEntity } from "../product/product.entity";
import { UnitEntity } from "./unit.entity";
import { type CommissionUnitsInput, type RecordMovementInput, SerialType } from "./unit.input";
import { toUnitType } from "./unit.mapper";
import { CBV_BIZ_STEPS, CBV_DISPOSITIONS, type UnitState, applyStateChange, cbvShortName, randomSerials } from "./unit.rules";
import { UnitStatus, type UnitType } from "./unit.type";

/** Largest commissioning batch. */
export const MAX_COMMISSION = 100_000;
/** Largest scan in `recordMovement`. */
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

/** What `recordMovement` did. */
export interface MovementOutcome {
  eventId: string;
  unitIds: string[];
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

function timeZoneOffset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? "+" : "-";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** Serialized units: commissioning, scans and reads. */
export class UnitService {
  constructor(private readonly ds: DataSource) {}

  /** A page of units in id order, optionally of one GTIN. */
  async list(args: { first?: number | null; after?: string | null; gtin?: string | null }): Promise<Page<UnitType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after);
    const gtin = args.gtin ? normalizeGtin(args.gtin) : null;
    const query = this.ds.getRepository(UnitEntity).createQueryBuilder("u");
    if (gtin) query.andWhere("u.gtin = :gtin", { gtin });
    const total = await query.clone().getCount();
    if (after) query.andWhere("u.id > :after", { after: String(after[0]) });
    const rows = await query.orderBy("u.id", "ASC").limit(size + 1).getMany();
    return toPage(rows.map(toUnitType), size, (u) => [u.id], total);
  }

  /** A page of a unit's events in the order they were stored. */
  async events(unitIdValue: string, args: { first?: number | null; after?: string | null }): Promise<Page<EventType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after);
    const [count] = (await this.ds.query(`SELECT count(DISTINCT "event_seq")::int AS n FROM "units"."event_unit" WHERE "unit_id" = $1`, [unitIdValue])) as { n: number }[];
    const rows: EventEntity[] = await this.ds.query(
      `SELECT e."seq", e."event_id" AS "eventId", e."type", e."action", e."biz_step" AS "bizStep", e."disposition",
         e."read_point" AS "readPoint", e."biz_location" AS "bizLocation", e."event_time" AS "eventTime",
         e."event_time_zone_offset" AS "eventTimeZoneOffset", e."record_time" AS "recordTime"
       FROM "units"."event" e
       WHERE e."seq" IN (SELECT "event_seq" FROM "units"."event_unit" WHERE "unit_id" = $1) AND e."seq" > $2
       ORDER BY e."seq" LIMIT $3`,
      [unitIdValue, after ? String(after[0]) : "0", size + 1],
    );
    return mapPage(toPage(rows, size, (e) => [e.seq], count?.n ?? 0), toEventType);
  }

  /**
   * Issues serials for a GTIN and lot in one transaction and records the commissioning event
   * (ObjectEvent ADD, commissioning, active, lot and expiry as ILMD). Given serials that exist already
   * are a CONFLICT and nothing is stored.
   */
  async commission(input: CommissionUnitsInput, principal: Principal): Promise<CommissionOutcome> {
    const gtin = normalizeGtin(input.gtin);
    const lot = input.lot ?? null;
    if (lot !== null && !CSET82_20.test(lot)) {
      throw new BadUserInput("'lot' must be 1 to 20 characters of GS1 character set 82 (letters, digits and !\"%&'()*+,-./:;<=>?_).", { field: "lot" });
    }
    const expiry = checkDate(input.expiry, "expiry");
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
      const seen = new Set<string>();
      const dup = given.find((s) => (seen.has(s) ? true : (seen.add(s), false)));
      if (dup !== undefined) throw new BadUserInput(`'serials' lists ${JSON.stringify(dup)} twice.`, { field: "serials" });
    } else {
      const count = input.count as number;
      if (!Number.isInteger(count) || count < 1 || count > MAX_COMMISSION) {
        throw new BadUserInput(`'count' must be 1 to ${MAX_COMMISSION.toLocaleString("en")}; got ${count}.`, { field: "count" });
      }
    }

    return this.ds.transaction(async (em) => {
      const product = await em.getRepository(ProductEntity).findOneBy({ gtin });
      if (!product) throw new BadUserInput(`No product with GTIN ${gtin} is registered; create it with upsertProduct first.`, { field: "gtin" });

      let serials: string[];
      if (given !== null) {
        serials = given;
        const inserted = await this.insertUnits(em, gtin, lot, expiry, serials);
        if (inserted.length !== serials.length) {
          const fresh = new Set(inserted);
          const taken = serials.filter((s) => !fresh.has(s));
          throw new Conflict(`${taken.length} serial(s) of GTIN ${gtin} were issued before, e.g. ${taken.slice(0, 5).map((s) => JSON.stringify(s)).join(", ")}; nothing was stored.`, {
            field: "serials",
            taken: taken.slice(0, 100),
          });
        }
      } else if ((input.serialType ?? SerialType.RANDOM) === SerialType.SEQUENTIAL) {
        serials = await this.nextSequentialSerials(em, gtin, input.count as number);
        const inserted = await this.insertUnits(em, gtin, lot, expiry, serials);
        if (inserted.length !== serials.length) {
          throw new Conflict(`Some sequential serials of GTIN ${gtin} were already issued by hand; give serials explicitly.`, { field: "count" });
        }
      } else {
        serials = await this.insertRandomUnits(em, gtin, lot, expiry, input.count as number);
      }

      const ids = serials.map((s) => unitId(gtin, s));
      const now = new Date();
      const eventId = `urn:uuid:${randomUUID()}`;
      const body: Record<string, unknown> = {
        type: "ObjectEvent",
        eventID: eventId,
        eventTime: now.toISOString(),
        eventTimeZoneOffset: "+00:00",
        epcList: ids,
        action: "ADD",
        bizStep: "commissioning",
        disposition: "active",
        ...(lot || expiry ? { ilmd: { ...(lot ? { "cbvmda:lotNumber": lot } : {}), ...(expiry ? { "cbvmda:itemExpirationDate": expiry } : {}) } } : {}),
      };
      const seq = await this.insertEvent(em, {
        eventId,
        type: "ObjectEvent",
        action: "ADD",
        bizStep: "commissioning",
        disposition: "active",
        readPoint: null,
        bizLocation: null,
        eventTime: now,
        eventTimeZoneOffset: "+00:00",
        capturedBy: principal.sub ?? "anonymous",
        body,
      });
      await this.indexEvent(em, seq, ids, "epc");
      return { gtin, lot, eventId, serials, unitIds: ids };
    });
  }

  /**
   * Records a simple scan (ObjectEvent OBSERVE) of known units and moves their state. Unknown or
   * malformed codes reject the whole scan, naming them; nothing is stored then.
   */
  async recordMovement(input: RecordMovementInput, principal: Principal): Promise<MovementOutcome> {
    if (input.codes.length < 1 || input.codes.length > MAX_MOVEMENT_CODES) {
      throw new BadUserInput(`'codes' must hold 1 to ${MAX_MOVEMENT_CODES} codes; got ${input.codes.length}.`, { field: "codes" });
    }
    const ids = [...new Set(input.codes.map((code, i) => parseUnitCode(code, `codes[${i}]`).id))];
    const bizStep = cbvShortName(input.bizStep, CBV_BIZ_STEPS, "BizStep");
    if (!bizStep) throw new BadUserInput(`'bizStep' ${JSON.stringify(input.bizStep)} is not a CBV 2.0 business step.`, { field: "bizStep" });
    const disposition = input.disposition ? cbvShortName(input.disposition, CBV_DISPOSITIONS, "Disp") : null;
    if (input.disposition && !disposition) {
      throw new BadUserInput(`'disposition' ${JSON.stringify(input.disposition)} is not a CBV 2.0 disposition.`, { field: "disposition" });
    }
    for (const field of ["readPoint", "bizLocation"] as const) {
      const value = input[field];
      if (value && !/^(urn:[a-z0-9][a-z0-9-]{0,31}:\S+|https?:\/\/\S+)$/i.test(value)) {
        throw new BadUserInput(`'${field}' must be a URI (an SGLN URN or a GLN Digital Link); got ${JSON.stringify(value)}.`, { field });
      }
    }
    const eventTime = input.eventTime ?? new Date();
    if (Number.isNaN(eventTime.getTime()) || eventTime.getTime() > Date.now() + 5 * 60_000) {
      throw new BadUserInput("'eventTime' must not be in the future.", { field: "eventTime" });
    }

    return this.ds.transaction(async (em) => {
      const units = await em.getRepository(UnitEntity).createQueryBuilder("u").where("u.id IN (:...ids)", { ids }).setLock("pessimistic_write").getMany();
      if (units.length !== ids.length) {
        const known = new Set(units.map((u) => u.id));
        const unknown = ids.filter((id) => !known.has(id));
        throw new BadUserInput(`${unknown.length} scanned unit(s) were never commissioned: ${unknown.slice(0, 5).join(", ")}. Nothing was recorded.`, {
          field: "codes",
          unknown: unknown.slice(0, 100),
        });
      }
      const eventId = `urn:uuid:${randomUUID()}`;
      const change = { bizStep, disposition, readPoint: input.readPoint ?? null, bizLocation: input.bizLocation ?? null };
      const body: Record<string, unknown> = {
        type: "ObjectEvent",
        eventID: eventId,
        eventTime: eventTime.toISOString(),
        eventTimeZoneOffset: timeZoneOffset(eventTime),
        epcList: ids,
        action: "OBSERVE",
        bizStep,
        ...(disposition ? { disposition } : {}),
        ...(change.readPoint ? { readPoint: { id: change.readPoint } } : {}),
        ...(change.bizLocation ? { bizLocation: { id: change.bizLocation } } : {}),
      };
      const seq = await this.insertEvent(em, {
        eventId,
        type: "ObjectEvent",
        action: "OBSERVE",
        bizStep,
        disposition,
        readPoint: change.readPoint,
        bizLocation: change.bizLocation,
        eventTime,
        eventTimeZoneOffset: timeZoneOffset(eventTime),
        capturedBy: principal.sub ?? "anonymous",
        body,
      });
      await this.indexEvent(em, seq, ids, "epc");
      // Units in the same state end in the same state: one UPDATE per distinct resulting state.
      const groups = new Map<string, { state: UnitState; ids: string[] }>();
      for (const unit of units) {
        const next = applyStateChange({ status: unit.status as UnitStatus, disposition: unit.disposition, location: unit.location }, change);
        const key = JSON.stringify(next);
        const group = groups.get(key) ?? { state: next, ids: [] };
        group.ids.push(unit.id);
        groups.set(key, group);
      }
      for (const { state, ids: groupIds } of groups.values()) {
        await em.query(
          `UPDATE "units"."unit" SET "status" = $1, "disposition" = $2, "location" = $3, "updated_at" = now() WHERE "id" = ANY($4::text[])`,
          [state.status, state.disposition, state.location, groupIds],
        );
      }
      return { eventId, unitIds: ids };
    });
  }

  private async insertUnits(em: EntityManager, gtin: string, lot: string | null, expiry: string | null, serials: string[]): Promise<string[]> {
    const rows: { serial: string }[] = await em.query(
      `INSERT INTO "units"."unit" ("id", "gtin", "serial", "lot", "expiry", "status", "disposition")
       SELECT id, $2, serial, $3, $4::date, $5, 'active' FROM unnest($1::text[], $6::text[]) AS t(serial, id)
       ON CONFLICT ("gtin", "serial") DO NOTHING RETURNING "serial"`,
      [serials, gtin, lot, expiry, UnitStatus.ACTIVE, serials.map((s) => unitId(gtin, s))],
    );
    return rows.map((r) => r.serial);
  }

  private async insertRandomUnits(em: EntityManager, gtin: string, lot: string | null, expiry: string | null, count: number): Promise<string[]> {
    const issued: string[] = [];
    // A collision with an existing serial is astronomically rare; draw again for the few that collide.
    for (let attempt = 0; issued.length < count; attempt++) {
      if (attempt > 5) throw new Conflict("Could not draw unique random serials; try again.");
      const batch = [...new Set(randomSerials(count - issued.length, (n) => randomBytes(n)))];
      issued.push(...(await this.insertUnits(em, gtin, lot, expiry, batch)));
    }
    return issued;
  }

  private async nextSequentialSerials(em: EntityManager, gtin: string, count: number): Promise<string[]> {
    // The counter row is locked until commit, so concurrent calls get disjoint ranges.
    const [row] = (await em.query(
      `INSERT INTO "units"."serial_counter" ("gtin", "last") VALUES ($1, $2)
       ON CONFLICT ("gtin") DO UPDATE SET "last" = "serial_counter"."last" + $2 RETURNING "last"`,
      [gtin, count],
    )) as { last: string }[];
    const last = BigInt(row?.last ?? count);
    const first = last - BigInt(count) + 1n;
    return Array.from({ length: count }, (_, i) => String(first + BigInt(i)));
  }

  private async insertEvent(em: EntityManager, event: Omit<EventEntity, "seq" | "recordTime">): Promise<string> {
    const [row] = (await em.query(
      `INSERT INTO "units"."event" ("event_id", "type", "action", "biz_step", "disposition", "read_point", "biz_location",
         "event_time", "event_time_zone_offset", "captured_by", "body")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING "seq"`,
      [
        event.eventId,
        event.type,
        event.action,
        event.bizStep,
        event.disposition,
        event.readPoint,
        event.bizLocation,
        event.eventTime,
        event.eventTimeZoneOffset,
        event.capturedBy,
        JSON.stringify(event.body),
      ],
    )) as { seq: string }[];
    return row?.seq as string;
  }

  private async indexEvent(em: EntityManager, seq: string, ids: string[], role: string): Promise<void> {
    await em.query(
      `INSERT INTO "units"."event_unit" ("unit_id", "event_seq", "role") SELECT id, $2, $3 FROM unnest($1::text[]) AS t(id)`,
      [ids, seq, role],
    );
  }
}

function mapPage<A, B>(page: Page<A>, map: (a: A) => B): Page<B> {
  return { ...page, edges: page.edges.map((e) => ({ node: map(e.node), cursor: e.cursor })) };
}
