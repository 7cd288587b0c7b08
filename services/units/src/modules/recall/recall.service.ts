import type { Principal } from "@tracehub/auth";
import { NotFound, type Page, type ReadScope, decodeCursor, pageSize, toPage, uuidArgument } from "@tracehub/subgraph-kit";
import { toUnitType } from "../unit/unit.mapper";
import type { UnitStatus } from "../unit/unit.rules";
import type { UnitStore } from "../unit/unit.store";
import type { UnitType } from "../unit/unit.type";
import { RecallNoticeReason } from "./recall.errors";
import { progressOf } from "./recall.rules";
import { type AffectedBy, type NoticeRow, type RecallStore, affectedCondition } from "./recall.store";
import type { RecallHolderCountType, RecallNoticeType, RecallProgressType, RecallRef, RecallStatusCountType } from "./recall.type";

function toNotice(row: NoticeRow, cursor: string | null = null): RecallNoticeType {
  return { ...row, cursor };
}

/**
 * Recall notices: what the organizations holding a recall's units are told (the holders are found in units, from
 * custody and ownership), their acknowledgements, and the live notices as recalls mark units they hold.
 */
export class RecallNoticeService {
  constructor(private readonly recalls: RecallStore) {}

  /** A page of the notices of the recalls affecting units the caller holds now, newest first. */
  async list(args: { first?: number | null; after?: string | null }, scope: ReadScope, principal: Principal): Promise<Page<RecallNoticeType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["time", "text"]);
    const { rows, total } = await this.recalls.notices(scope, principal.org, after, size);
    return toPage(rows.map((r) => toNotice(r)), size, (n) => [n.issuedAt.toISOString(), n.recallId], total);
  }

  /** The caller's notice of one recall, or null when it holds none of its units. */
  async one(recallId: string, scope: ReadScope, principal: Principal, cursor: string | null = null): Promise<RecallNoticeType | null> {
    const { rows } = await this.recalls.notices(scope, principal.org, null, 1, recallId);
    return rows[0] ? toNotice(rows[0], cursor) : null;
  }

  /** Records that the caller's organization read the notice (the first time counts); NOT_FOUND when it is not its notice. */
  async acknowledge(id: string, scope: ReadScope, principal: Principal): Promise<RecallNoticeType> {
    const recallId = uuidArgument(id, "recallId", "a recall id");
    const notice = principal.org ? await this.one(recallId, scope, principal) : null;
    if (!notice || !principal.org) throw new NotFound(`No recall ${recallId} affects units your organization holds.`, { field: "recallId" }, RecallNoticeReason.RECALL_NOTICE_NOT_FOUND);
    await this.recalls.acknowledge(recallId, principal.org, principal.sub ?? "unknown");
    return (await this.one(recallId, scope, principal)) as RecallNoticeType;
  }

  /** The recall a recording event named, or null. */
  recallOfEvent(eventSeq: string): Promise<string | null> {
    return this.recalls.recallOfEvent(eventSeq);
  }
}

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

  /** How many units the recall affects that the caller may read. */
  count(by: AffectedBy, scope: ReadScope): Promise<number> {
    return this.recalls.count(by, scope);
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
