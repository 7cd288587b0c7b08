import { type Page, type ReadScope, decodeCursor, pageSize, toPage } from "@tracehub/subgraph-kit";
import { toUnitType } from "../unit/unit.mapper";
import type { UnitStatus } from "../unit/unit.rules";
import type { UnitStore } from "../unit/unit.store";
import type { UnitType } from "../unit/unit.type";
import { progressOf } from "./recall.rules";
import { type AffectedBy, type RecallStore, affectedCondition } from "./recall.store";
import type { RecallHolderCountType, RecallProgressType, RecallRef, RecallStatusCountType } from "./recall.type";

/** Whether units knows the recall as issued: then its affected units are those it marked. */
type IssuedLookup = (recallId: string) => Promise<boolean>;

/** What a recall does to units, as the caller may read it: its affected units, their progress and holders. */
export class RecallImpactService {
  constructor(
    private readonly recalls: RecallStore,
    private readonly units: UnitStore,
  ) {}

  /** How the recall's affected units are found (marked ones once issued, else its scope). */
  async affectedBy(recall: RecallRef, issued: IssuedLookup): Promise<AffectedBy> {
    if (await issued(recall.id)) return { recallId: recall.id, issued: true };
    const { gtin, lots, serials, producedFrom, producedTo, expiresFrom, expiresTo } = recall;
    return { recallId: recall.id, issued: false, scope: { gtin, lots: lots ?? [], serials: serials ?? [], producedFrom, producedTo, expiresFrom, expiresTo } };
  }

  /** A page of the affected units the caller may read, in id order. */
  async affectedUnits(by: AffectedBy, args: { first?: number | null; after?: string | null; status?: UnitStatus | null }, scope: ReadScope): Promise<Page<UnitType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["text"]);
    const criteria = { where: (u: string, firstParam: number) => affectedCondition(by, u, firstParam), ...(args.status ? { status: args.status } : {}) };
    const count = await this.units.count(criteria, scope);
    const rows = await this.units.page(criteria, scope, after, size);
    return toPage(rows.map(toUnitType), size, (u) => [u.id], count);
  }

  async progress(by: AffectedBy, scope: ReadScope): Promise<RecallProgressType> {
    return progressOf(await this.recalls.counts(by, scope));
  }

  async byStatus(by: AffectedBy, scope: ReadScope): Promise<RecallStatusCountType[]> {
    return (await this.recalls.byStatus(by, scope)).map((r) => ({ status: r.status as UnitStatus, count: r.count }));
  }

  async byHolder(by: AffectedBy, scope: ReadScope): Promise<RecallHolderCountType[]> {
    return (await this.recalls.byHolder(by, scope)).map((r) => ({ holderGln: r.holder, count: r.count }));
  }
}
