import { randomUUID } from "node:crypto";
import { type Principal, WEBHOOK_DELIVERY_HEADER, WEBHOOK_KIND_HEADER, WEBHOOK_SIGNATURE_HEADER, webhookSignature } from "@tracehub/auth";
import { readScopeOf } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import type { AlertStore } from "../alert/alert.store";
import type { MovementFilter } from "../movement/movement.input";
import { type MovementCriteria, type StreamRow, deliveredMovement } from "../movement/movement.rules";
import type { MovementStore } from "../movement/movement.store";
import { toMovementEvent } from "../movement/movement.service";
import type { RecallNoticeService } from "../recall/recall.service";
import type { ScopeClient } from "./scope.client";
import { DELIVERY_TIMEOUT_MS, MAX_ATTEMPTS, WebhookKind, deliveryBody, eventKey, retryAfterMs, retryDelayMs } from "./webhook.rules";
import type { NewDelivery, SendableRow, WebhookRow, WebhookStore } from "./webhook.store";

/** Kinds of news read from the movement stream. */
const STREAM_KINDS = [WebhookKind.UNIT_MOVEMENT, WebhookKind.RECALL_NOTICE, WebhookKind.ALERT];
/** The recording events of recalls (ObjectEvent OBSERVE, holding, recalled): what recall notices follow. */
const RECALL_EVENTS = { bizStep: "holding", disposition: "recalled" } as MovementFilter;

/** Settings of the delivery worker. */
export interface DeliveryOptions {
  /** How often the stream and the pending deliveries are looked at without a nudge (ms, default 200). */
  pollMs?: number;
  /** Stream positions turned into deliveries per transaction (default 500). */
  batch?: number;
  /** Deliveries sent at once (different webhooks; default 16). */
  concurrency?: number;
}

/** What the worker needs of the movement module: criteria for a principal's filter (checked as a subscription's). */
export type CriteriaOf = (filter: MovementFilter | null, principal: Principal) => MovementCriteria;

/**
 * The webhook worker. The producer reads the movement stream in commit order from its own position and, for each
 * active webhook, turns what its organization may see into deliveries (a movement through the webhook's filter,
 * a recall notice for units it holds, the alerts the event raised on units it sees), inserted with the producer's
 * new position in one transaction: every piece of news becomes a delivery once, whatever restarts. The sender
 * posts each webhook's oldest pending delivery, signed, and records the outcome: delivered, or tried again with
 * backoff (honouring Retry-After), or FAILED after {@link MAX_ATTEMPTS}. One webhook's deliveries go in order.
 */
export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly pollMs: number;
  private readonly batch: number;
  private readonly concurrency: number;

  constructor(
    private readonly ds: DataSource,
    private readonly store: WebhookStore,
    private readonly movements: MovementStore,
    private readonly criteriaOf: CriteriaOf,
    private readonly recallNotices: RecallNoticeService,
    private readonly alerts: AlertStore,
    private readonly scopes: ScopeClient,
    options: DeliveryOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 200;
    this.batch = options.batch ?? 500;
    this.concurrency = options.concurrency ?? 16;
  }

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.cycle()
        .catch((error: unknown) => console.error(`[units] webhook worker: ${(error as Error).message}`))
        .then((busy) => {
          if (!this.stopped) this.timer = setTimeout(tick, busy ? 0 : this.pollMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One round: news into deliveries, then due deliveries out. True when there was work (go on at once). */
  private async cycle(): Promise<boolean> {
    const produced = await this.produce();
    const sent = await this.send();
    return produced || sent > 0;
  }

  /** Turns the next positions of the stream into deliveries; true when it advanced. */
  async produce(): Promise<boolean> {
    const head = await this.movements.committedHead();
    return this.ds.transaction(async (em) => {
      const position = await this.store.producerPosition(em);
      if (head <= position) return false;
      const rows = await this.movements.readRange(position, head, this.batch);
      if (rows.length === 0) return false;
      const webhooks = await this.store.active(STREAM_KINDS);
      const deliveries: NewDelivery[] = [];
      for (const webhook of webhooks) {
        const mine = rows.filter((r) => BigInt(r.position) > BigInt(webhook.fromPosition));
        if (mine.length) deliveries.push(...(await this.newsFor(webhook, mine)));
      }
      await this.store.enqueue(em, deliveries);
      await this.store.setProducerPosition(em, BigInt((rows.at(-1) as StreamRow).position));
      return true;
    });
  }

  /** What of these positions one webhook is told, as its organization may see it now. */
  private async newsFor(webhook: WebhookRow, rows: readonly StreamRow[]): Promise<NewDelivery[]> {
    const principal: Principal = { sub: `webhook:${webhook.id}`, org: webhook.orgId, roles: webhook.roles as Principal["roles"], anonymous: false, scope: await this.scopes.scopeOf(webhook.orgId) };
    const kinds = new Set(webhook.kinds);
    const out: NewDelivery[] = [];
    const add = (kind: WebhookKind, key: string, payload: unknown) => out.push({ id: randomUUID(), webhookId: webhook.id, kind, eventKey: key, payload });
    const movementCriteria = kinds.has(WebhookKind.UNIT_MOVEMENT) ? this.criteriaOf((webhook.filter as MovementFilter | null) ?? null, principal) : null;
    const seenCriteria = kinds.has(WebhookKind.ALERT) ? this.criteriaOf(null, principal) : null;
    const recallCriteria = kinds.has(WebhookKind.RECALL_NOTICE) ? this.criteriaOf(RECALL_EVENTS, principal) : null;
    for (const row of rows) {
      const moved = movementCriteria && deliveredMovement(movementCriteria, row);
      if (moved) {
        const { units: _units, ...event } = toMovementEvent(moved);
        add(WebhookKind.UNIT_MOVEMENT, eventKey.movement(row.position), event);
      }
      const seen = seenCriteria && deliveredMovement(seenCriteria, row);
      if (seen) {
        for (const alert of await this.alerts.ofEvent(row.eventSeq, seen.unitIds)) add(WebhookKind.ALERT, eventKey.alert(row.position, alert.unitId, alert.kind), alert);
      }
      if (recallCriteria && deliveredMovement(recallCriteria, row)) {
        const recallId = await this.recallNotices.recallOfEvent(row.eventSeq);
        const notice = recallId ? await this.recallNotices.one(recallId, readScopeOf(principal), principal, null) : null;
        if (notice) add(WebhookKind.RECALL_NOTICE, eventKey.recallNotice(row.position), { ...notice, cursor: undefined });
      }
    }
    return out;
  }

  /** Sends the due deliveries (one per webhook); answers how many were attempted. */
  async send(): Promise<number> {
    const due = await this.store.claimDue(this.concurrency, DELIVERY_TIMEOUT_MS + 5_000);
    await Promise.all(due.map((d) => this.attempt(d)));
    return due.length;
  }

  private async attempt(delivery: SendableRow): Promise<void> {
    const body = deliveryBody(delivery);
    const now = Date.now();
    let status: number | null = null;
    let error: string;
    let retryAfter: number | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        redirect: "manual",
        headers: {
          "content-type": "application/json",
          "user-agent": "tracehub-webhooks/1",
          [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(delivery.secret, body, Math.floor(now / 1000)),
          [WEBHOOK_DELIVERY_HEADER]: delivery.id,
          [WEBHOOK_KIND_HEADER]: delivery.kind,
        },
        body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      status = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (status >= 200 && status < 300) {
        await this.store.delivered(delivery.id, status);
        return;
      }
      error = `the receiver answered ${status}`;
      retryAfter = retryAfterMs(response.headers.get("retry-after"), now);
    } catch (e) {
      error = (e as Error).name === "TimeoutError" ? `no answer within ${DELIVERY_TIMEOUT_MS} ms` : `could not reach the receiver: ${(e as Error).message}`;
    }
    const attempts = delivery.attempts + 1;
    await this.store.failed(delivery.id, status, error, retryAfter ?? retryDelayMs(attempts), attempts >= MAX_ATTEMPTS);
  }
}
