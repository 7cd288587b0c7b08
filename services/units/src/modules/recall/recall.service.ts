import type { Principal } from "@tracehub/auth";
import { NotFound, type Page, type ReadScope, decodeCursor, pageSize, toPage, uuidArgument } from "@tracehub/subgraph-kit";
import { toUnitType } from "../unit/unit.mapper";
import type { UnitStatus } from "../unit/unit.rules";
import type { UnitStore } from "../unit/unit.store";
import type { UnitType } from "../unit/unit.type";
import type { MovementFeed } from "../movement/movement.stream";
import { RecallNoticeReason } from "./recall.errors";
import { progressOf } from "./recall.rules";
import { type AffectedBy, type NoticeRow, type RecallStore, affectedCondition } from "./recall.store";
import type { RecallHolderCountType, RecallNoticeType, RecallProgressType, RecallProgressUpdateType, RecallRef, RecallStatusCountType } from "./recall.type";

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

/** Settings of {@link RecallImpactService}. */
export interface RecallImpactOptions {
  /** Least time between two readings of one live progress subscription (ms, default 500): a burst of events is one reading. */
  progressIntervalMs?: number;
}

/** What a recall does to units, as the caller may read it: its affected units, their progress and holders. */
export class RecallImpactService {
  private readonly progressIntervalMs: number;

  constructor(
    private readonly recalls: RecallStore,
    private readonly units: UnitStore,
    options: RecallImpactOptions = {},
  ) {
    this.progressIntervalMs = options.progressIntervalMs ?? 500;
  }

  /**
   * The issued recall's GTIN when the caller may follow its progress (it reads everything, owns or was granted the
   * GTIN, or reads one of its units); NOT_FOUND otherwise, the same for an unknown recall as for another's.
   */
  async followable(id: string, scope: ReadScope): Promise<{ recallId: string; gtin: string }> {
    const recallId = uuidArgument(id, "recallId", "a recall id");
    const recall = await this.recalls.followable(recallId, scope);
    if (!recall) throw new NotFound(`No issued recall ${recallId} whose progress you may follow.`, { field: "recallId" }, RecallNoticeReason.RECALL_NOT_FOLLOWABLE);
    return { recallId, gtin: recall.gtin };
  }

  /**
   * The recall's progress, live: a reading now, then a new one whenever events touching its units (the feed carries
   * the caller's movements of its GTIN) change it. Readings are at least `progressIntervalMs` apart, and rows that
   * arrived meanwhile are folded into the next reading, so a burst costs one count; an unchanged reading is not sent.
   */
  follow(recallId: string, feed: MovementFeed, scope: ReadScope): AsyncIterableIterator<RecallProgressUpdateType> {
    const by: AffectedBy = { recallId, issued: true };
    const interval = this.progressIntervalMs;
    let closed = false;
    let last: string | null = null;
    let lastAt = 0;
    const reading = async (): Promise<RecallProgressUpdateType> => {
      const progress = await this.progress(by, scope);
      lastAt = Date.now();
      return { recallId, progress, at: new Date(lastAt) };
    };
    const done = (): IteratorResult<RecallProgressUpdateType> => ({ value: undefined, done: true });
    const close = async () => {
      closed = true;
      await feed.return?.();
    };
    const iterator: AsyncIterableIterator<RecallProgressUpdateType> = {
      next: async () => {
        if (closed) return done();
        if (last === null) {
          const first = await reading();
          last = JSON.stringify(first.progress);
          return { value: first, done: false };
        }
        for (;;) {
          const row = await feed.next();
          if (row.done || closed) return done();
          const ids = [...new Set([...row.value.unitIds, ...row.value.containerIds])];
          if (!(await this.recalls.touches(recallId, ids))) continue;
          const wait = lastAt + interval - Date.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait).unref());
          if (closed) return done();
          // Whatever arrived meanwhile committed before the reading below: it is part of it.
          feed.takeQueued();
          const update = await reading();
          const key = JSON.stringify(update.progress);
          if (key === last) continue;
          last = key;
          return { value: update, done: false };
        }
      },
      return: async () => {
        await close();
        return done();
      },
      throw: async (error?: unknown) => {
        await close();
        throw error;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

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
