import { type Page, type ReadScope, anyUnitId, decodeCursor, locationId, normalizeGtin, pageSize, toPage } from "@tracehub/subgraph-kit";
import type { UnitFilter } from "./unit.input";
import { toUnitType } from "./unit.mapper";
import type { UnitCriteria, UnitStore } from "./unit.store";
import type { UnitType } from "./unit.type";

/** The unit read model: listings, what is inside what, and what was made from what. */
export class UnitService {
  constructor(private readonly store: UnitStore) {}

  /** A page of units in id order, filtered. */
  async list(args: { first?: number | null; after?: string | null; filter?: UnitFilter | null }, scope: ReadScope): Promise<Page<UnitType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["text"]);
    const f = args.filter ?? {};
    const criteria: UnitCriteria = {};
    if (f.gtin) criteria.gtin = normalizeGtin(f.gtin, "filter.gtin");
    if (f.lot) criteria.lot = f.lot;
    if (f.status) criteria.status = f.status;
    if (f.location) criteria.location = locationId(f.location, "filter.location");
    if (f.container) criteria.container = anyUnitId(f.container, "filter.container");
    const count = await this.store.count(criteria, scope);
    const rows = await this.store.page(criteria, scope, after, size);
    return toPage(rows.map(toUnitType), size, (u) => [u.id], count);
  }

  /** Everything inside a container now, at every level, with its depth (1 = directly inside). */
  async contents(rootId: string, scope: ReadScope): Promise<{ unit: UnitType; depth: number }[]> {
    return (await this.store.contents(rootId, scope)).map((r) => ({ unit: toUnitType(r.unit), depth: r.depth }));
  }

  /** The containers a unit was in at a moment, innermost first (from the containment history). */
  containersAt(childId: string, at: Date): Promise<string[]> {
    return this.store.containersAt(childId, at);
  }

  /** Units a unit was made from (direct inputs of transformations that output it). */
  madeFrom(ids: readonly string[]): Promise<{ outputId: string; inputId: string }[]> {
    return this.store.linksByOutput(ids);
  }

  /** Units made using a unit (direct outputs of transformations that consumed it). */
  usedIn(ids: readonly string[]): Promise<{ outputId: string; inputId: string }[]> {
    return this.store.linksByInput(ids);
  }
}
