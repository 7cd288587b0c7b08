import { randomBytes } from "node:crypto";
import type { Principal } from "@tracehub/auth";
import { CbvMasterData, cbvMasterDataKey } from "@tracehub/epcis";
import { isValidElementValue } from "@tracehub/gs1";
import { BadUserInput, Conflict, assertMayWriteGtin, locationId, normalizeGtin, unitId } from "@tracehub/subgraph-kit";
import type { DataSource, EntityManager } from "typeorm";
import { builtEventBase } from "../capture/capture.rules";
import type { CaptureService } from "../capture/capture.service";
import type { ProductStore } from "../product/product.store";
import { type CommissionUnitsInput, SerialType } from "./commissioning.input";
import { randomSerials } from "./commissioning.rules";
import type { CommissioningStore } from "./commissioning.store";
import { CommissioningReason } from "./commissioning.errors";

/** Largest commissioning batch. */
export const MAX_COMMISSION = 100_000;

/** What `commissionUnits` did. */
export interface CommissionOutcome {
  gtin: string;
  lot: string | null;
  eventId: string;
  serials: string[];
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

/** Issuing serials: commissioning units of a registered product, through the capture pipeline. */
export class CommissioningService {
  constructor(
    private readonly ds: DataSource,
    private readonly store: CommissioningStore,
    private readonly products: ProductStore,
    private readonly capture: CaptureService,
  ) {}

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
    if (lot !== null && !isValidElementValue("10", lot)) {
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
      const bad = given.findIndex((s) => !isValidElementValue("21", s));
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
      if (!(await this.products.exists(em, gtin))) throw new BadUserInput(`No product with GTIN ${gtin} is registered; create it with upsertProduct first.`, { field: "gtin" }, CommissioningReason.PRODUCT_NOT_REGISTERED);
      await this.store.lockGtin(em, gtin);
      let serials: string[];
      if (given !== null) {
        const taken = await this.store.takenSerials(em, gtin, given);
        if (taken.length) {
          throw new Conflict(`${taken.length} serial(s) of GTIN ${gtin} were issued before, e.g. ${taken.slice(0, 5).map((s) => JSON.stringify(s)).join(", ")}; nothing was stored.`, {
            field: "serials",
            taken: taken.slice(0, 100),
          }, CommissioningReason.SERIAL_ALREADY_ISSUED);
        }
        serials = given;
      } else if ((input.serialType ?? SerialType.RANDOM) === SerialType.SEQUENTIAL) {
        serials = await this.nextSequentialSerials(em, gtin, input.count as number);
        if ((await this.store.takenSerials(em, gtin, serials)).length) {
          throw new Conflict(`Some sequential serials of GTIN ${gtin} were already issued by hand; give serials explicitly.`, { field: "count" }, CommissioningReason.SERIAL_ALREADY_ISSUED);
        }
      } else {
        serials = await this.freshRandomSerials(em, gtin, input.count as number);
      }
      const ids = serials.map((s) => unitId(gtin, s));
      const ilmd: Record<string, string> = {};
      if (lot) ilmd[cbvMasterDataKey(CbvMasterData.LotNumber)] = lot;
      if (expiry) ilmd[cbvMasterDataKey(CbvMasterData.ItemExpirationDate)] = expiry;
      if (productionDate) ilmd[cbvMasterDataKey(CbvMasterData.ProductionDate)] = productionDate;
      const event = {
        type: "ObjectEvent",
        ...builtEventBase(time, readPoint, null),
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

  private async freshRandomSerials(em: EntityManager, gtin: string, count: number): Promise<string[]> {
    const out = new Set<string>();
    // A collision with an issued serial is astronomically rare; draw again for the few that collide.
    for (let attempt = 0; out.size < count; attempt++) {
      if (attempt > 5) throw new Conflict("Could not draw unique random serials; try again.", {}, CommissioningReason.SERIALS_EXHAUSTED);
      const batch = randomSerials(count - out.size, (n) => randomBytes(n)).filter((s) => !out.has(s));
      const taken = new Set(await this.store.takenSerials(em, gtin, batch));
      for (const s of batch) if (!taken.has(s)) out.add(s);
    }
    return [...out];
  }

  private async nextSequentialSerials(em: EntityManager, gtin: string, count: number): Promise<string[]> {
    const last = await this.store.advanceCounter(em, gtin, count);
    const first = last - BigInt(count) + 1n;
    return Array.from({ length: count }, (_, i) => String(first + BigInt(i)));
  }
}
