import { randomUUID } from "node:crypto";
import type { Principal } from "@tracehub/auth";
import { backgroundTransaction } from "@tracehub/db";
import { MAX_PAGE_SIZE, readScopeOf, logLine } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import { EpcFormatType, type EventFilter } from "../event/event.input";
import type { EventService } from "../event/event.service";
import type { ScopeClient } from "../webhook/scope.client";
import { WebhookKind } from "../webhook/webhook.rules";
import type { NewDelivery, WebhookStore } from "../webhook/webhook.store";
import { nextRun, readSchedule } from "./epcisquery.rules";
import { queryFilterOf } from "./epcisquery.service";
import type { DueRow, EpcisQueryStore } from "./epcisquery.store";

/** How often due schedules are looked for. */
const TICK_MS = 1_000;
/** How long a claimed run may take before another instance may run it. */
const LEASE_SECONDS = 120;
/** Events recorded in the last seconds may still be committing: a run covers record times up to this lag ago. */
const COMMIT_LAG_MS = 2_000;
/** Most pages (of 500 events) one run sends: 50,000 events; a window holding more is cut there (schedule more often, or narrow the query). */
const MAX_PAGES = 100;

/**
 * Runs scheduled query subscriptions: at each due run, the query over what was recorded since the last run (from
 * `initialRecordTime` the first time), as the organization may see it now, becomes deliveries of EPCIS query
 * documents, sent, signed and retried like every webhook delivery. The run's window and the next run are recorded
 * with the deliveries, in one transaction.
 */
export class ScheduleRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly ds: DataSource,
    private readonly queries: EpcisQueryStore,
    private readonly deliveries: WebhookStore,
    private readonly events: EventService,
    private readonly scopes: ScopeClient,
  ) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runDue()
        .catch((error: unknown) => logLine("error", `[units] scheduled query subscriptions: ${(error as Error).message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, TICK_MS);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async runDue(): Promise<void> {
    for (const due of await this.queries.claimDueSchedules(10, LEASE_SECONDS)) await this.run(due);
  }

  private async run(due: DueRow): Promise<void> {
    const query = await this.queries.byName(due.orgId, due.queryName);
    const read = readSchedule((due.schedule ?? {}) as Record<string, unknown>);
    const until = new Date(Date.now() - COMMIT_LAG_MS);
    const from = due.minRecordTime ?? due.createdAt;
    const principal: Principal = { sub: `subscription:${due.id}`, org: due.orgId, roles: due.roles as Principal["roles"], anonymous: false, scope: await this.scopes.scopeOf(due.orgId) };
    const out: NewDelivery[] = [];
    if (query && until > from) {
      const filter = { ...(queryFilterOf(query.query) as EventFilter) };
      const base = { from: filter.recordedFrom ? new Date(Math.max(Date.parse(String(filter.recordedFrom)), from.getTime())) : from };
      filter.recordedFrom = base.from;
      filter.recordedTo = filter.recordedTo && Date.parse(String(filter.recordedTo)) < until.getTime() ? filter.recordedTo : until;
      let after: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await this.events.exportPage({ filter, first: MAX_PAGE_SIZE, after, queryName: query.name, subscriptionId: due.id }, (due.epcFormat ?? EpcFormatType.ALWAYS_GS1_DIGITAL_LINK) as EpcFormatType, null, readScopeOf(principal), principal.scope?.prefixes ?? []);
        if (result.count > 0 || (page === 0 && due.reportIfEmpty && !result.hasNextPage)) {
          out.push({ id: randomUUID(), webhookId: due.id, kind: WebhookKind.EPCIS_QUERY, eventKey: `schedule:${until.toISOString()}:${page}`, payload: result.document });
        }
        if (!result.hasNextPage || !result.endCursor) break;
        after = result.endCursor;
      }
    }
    const next = "schedule" in read ? nextRun(read.schedule, new Date()) : null;
    await backgroundTransaction(this.ds, async (em) => {
      await this.deliveries.enqueue(em, out);
      await this.queries.scheduleRan(em, due.id, until > from ? until : from, next);
    });
  }
}
