import type { Principal } from "@tracehub/auth";
import { readCanonicalId } from "@tracehub/gs1";
import { BadUserInput, Forbidden, anyUnitId, identifierReader, normalizeGtin, readScopeOf } from "@tracehub/subgraph-kit";
import type { OrdersDb } from "../../stores";
import { OrderReason } from "../order/order.errors";
import { toOrderType } from "../order/order.mapper";
import { canSeeOrder } from "../order/order.rules";
import { warrantyOf } from "./warranty.rules";
import type { WarrantyPolicyType, WarrantyType } from "./warranty.type";

/** Warranty policies (per seller and product) and the cover of each unit sold. */
export class WarrantyService {
  constructor(private readonly db: OrdersDb) {}

  /** Sets the caller's organization's warranty for a product. */
  async setPolicy(gtin: string, months: number, principal: Principal): Promise<WarrantyPolicyType> {
    if (!principal.org) throw new Forbidden("Warranty policies belong to an organization; your credentials name none.", {}, OrderReason.NO_ORGANIZATION);
    const g = normalizeGtin(gtin, "gtin");
    if (!Number.isInteger(months) || months < 0 || months > 240) throw new BadUserInput("'months' must be 0 to 240.", { field: "months" });
    const row = await this.db.stores.warranties.setPolicy(principal.org, g, months);
    return { gtin: row.gtin, months: row.months, updatedAt: row.updatedAt };
  }

  /** The caller's organization's policies. */
  async policies(principal: Principal): Promise<WarrantyPolicyType[]> {
    if (!principal.org) return [];
    return (await this.db.stores.warranties.policiesOf(principal.org)).map((r) => ({ gtin: r.gtin, months: r.months, updatedAt: r.updatedAt }));
  }

  /**
   * A sold unit's warranty, for its seller, operators and regulators, and whoever may read the unit (its brand owner,
   * a service centre it granted READ); null for anyone else, for a unit no order sold, and for what is not a trade
   * item (a pallet's SSCC). Only those who may see the order are told which it is.
   */
  async of(code: string, principal: Principal): Promise<WarrantyType | null> {
    const id = anyUnitId(code, "code");
    const gtin = readCanonicalId(id)?.gtin;
    if (!gtin) return null;
    const key = { id, gtin };
    const [hit] = await this.db.stores.orders.ordersByUnitIds([key.id]);
    if (!hit) return null;
    const seesOrder = canSeeOrder(principal, hit.organizationId);
    if (!seesOrder && !identifierReader(readScopeOf(principal))(key.id)) return null;
    const [policy] = hit.organizationId ? await this.db.stores.warranties.policies([{ org: hit.organizationId, gtin: key.gtin }]) : [];
    const returned = await this.db.stores.warranties.returned(hit.id, key.id);
    const w = warrantyOf({ deliveredAt: hit.deliveredAt, returned, months: policy?.months ?? null, now: new Date() });
    return {
      unitId: key.id,
      gtin: key.gtin,
      status: w.status,
      covered: w.status === "COVERED",
      months: policy?.months ?? null,
      startsAt: w.startsAt,
      endsAt: w.endsAt,
      order: seesOrder ? toOrderType(hit) : null,
    };
  }
}
