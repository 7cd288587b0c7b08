import { randomUUID } from "node:crypto";
import { type Principal, WEBHOOK_DELIVERY_HEADER, WEBHOOK_KIND_HEADER, WEBHOOK_SIGNATURE_HEADER, webhookSignature } from "@tracehub/auth";
import { backgroundTransaction } from "@tracehub/db";
import { readScopeOf, logLine } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import type { AlertStore } from "../alert/alert.store";
import type { AlertType } from "../alert/alert.type";
import type { MovementFilter } from "../movement/movement.input";
import { type MovementCriteria, type StreamRow, deliveredMovement } from "../movement/movement.rules";
import type { MovementStore } from "../movement/movement.store";
import { toMovementEvent } from "../movement/movement.service";
import type { RecallNoticeService } from "../recall/recall.service";
import type { ScopeClient } from "./scope.client";
import { DELIVERY_TIMEOUT_MS, MAX_ATTEMPTS, WebhookKind, deliveryBody, eventKey, retryAfterMs, retryDelayMs } from "./webhook.rules";
import type { NewDelivery, SendableRow, WebhookRow, WebhookStore } from "./webhook.store";

/** Deliveries claimed per webhook at once, sent one after the other. */
const PER_LANE = 20;
/** Kinds of news read from the movement stream. */
const STREAM_KINDS = [WebhookKind.UNIT_MOVEMENT, WebhookKind.RECALL_NOTICE, WebhookKind.ALERT, WebhookKind.EPCIS_QUERY];
/** The recording events of recalls (ObjectEvent OBSERVE, holding, recalled): what recall notices follow. */
const RECALL_EVENTS = { bizStep: "holding", disposition: "recalled" } as MovementFilter;

/** Settings of the delivery worker. */
export interface DeliveryOptions {
  /** How often the stream and the pending deliveries are looked at without a nudge (ms, default 200). */
  pollMs?: number;
  /** Stream positions turned into deliveries per transaction (default 100). */
  batch?: number;
  /** Deliveries in flight at once (each to a different webhook; default 32). */
  concurrency?: number;
}

/** What the worker needs of named EPCIS queries: the matching events among some log positions, as a query document. */
export type QueryResults = (webhook: WebhookRow, principal: Principal, seqs: string[]) => Promise<Record<string, unknown> | null>;

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
  private stopped = false;
  private producing: Promise<void> | null = null;
  private producerTimer: NodeJS.Timeout | null = null;
  private senderTimer: NodeJS.Timeout | null = null;
  private claiming = false;
  private claimAgain = false;
  /** Webhooks with a delivery in flight: their next one waits for its outcome (order per webhook). */
  private readonly inFlight = new Map<string, Promise<void>>();
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
    private readonly queries: QueryResults,
    options: DeliveryOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 200;
    this.batch = options.batch ?? 100;
    this.concurrency = options.concurrency ?? 32;
  }

  start(): void {
    const produceLoop = () => {
      if (this.stopped) return;
      this.producing = this.produce()
        .then((advanced) => {
          if (advanced) this.wakeSender();
          return advanced;
        })
        .catch((error: unknown) => {
          logLine("error", `[units] webhook producer: ${(error as Error).message}`);
          return false;
        })
        .then((advanced) => {
          if (!this.stopped) this.producerTimer = setTimeout(produceLoop, advanced ? 0 : this.pollMs);
        });
    };
    produceLoop();
    const sendLoop = () => {
      if (this.stopped) return;
      this.wakeSender();
      this.senderTimer = setTimeout(sendLoop, this.pollMs);
    };
    sendLoop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.producerTimer) clearTimeout(this.producerTimer);
    if (this.senderTimer) clearTimeout(this.senderTimer);
    await this.producing;
    await Promise.all(this.inFlight.values());
  }

  /** Claims what is due for webhooks with nothing in flight, up to the concurrency, and sends it: one lane per webhook. */
  private wakeSender(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    const room = this.concurrency - this.inFlight.size;
    if (room <= 0) return;
    this.claiming = true;
    this.store
      .claimDue(room, PER_LANE, DELIVERY_TIMEOUT_MS * PER_LANE + 5_000, [...this.inFlight.keys()])
      .then((due) => {
        const lanes = new Map<string, SendableRow[]>();
        for (const d of due) lanes.set(d.webhookId, [...(lanes.get(d.webhookId) ?? []), d]);
        for (const [webhookId, lane] of lanes) {
          const sending = this.lane(lane)
            .catch((error: unknown) => logLine("error", `[units] webhook ${webhookId}: ${(error as Error).message}`))
            .finally(() => {
              this.inFlight.delete(webhookId);
              this.wakeSender();
            });
          this.inFlight.set(webhookId, sending);
        }
      })
      .catch((error: unknown) => logLine("error", `[units] webhook sender: ${(error as Error).message}`))
      .finally(() => {
        this.claiming = false;
        if (this.claimAgain) {
          this.claimAgain = false;
          this.wakeSender();
        }
      });
  }

  /**
   * Sends one webhook's claimed deliveries in order, and records them: the delivered ones together, the first
   * failure with its backoff; what follows a failure is handed back, to go after it.
   */
  private async lane(deliveries: readonly SendableRow[]): Promise<void> {
    const delivered: string[] = [];
    const statuses: number[] = [];
    let i = 0;
    for (; i < deliveries.length && !this.stopped; i++) {
      const d = deliveries[i] as SendableRow;
      const outcome = await this.attempt(d);
      if (outcome.ok) {
        delivered.push(d.id);
        statuses.push(outcome.status);
        continue;
      }
      await this.store.deliveredAll(delivered, statuses);
      delivered.length = 0;
      statuses.length = 0;
      const attempts = d.attempts + 1;
      await this.store.failed(d.id, outcome.status, outcome.error, outcome.retryAfter ?? retryDelayMs(attempts), attempts >= MAX_ATTEMPTS);
      i++;
      break;
    }
    await this.store.deliveredAll(delivered, statuses);
    await this.store.release(deliveries.slice(i).map((d) => d.id));
  }

  /** Turns the next positions of the stream into deliveries; true when it advanced. */
  async produce(): Promise<boolean> {
    return backgroundTransaction(this.ds, async (em) => {
      const head = await this.movements.committedHead(em);
      const position = await this.store.producerPosition(em);
      if (head <= position) return false;
      const rows = await this.movements.readRange(position, head, this.batch, em);
      if (rows.length === 0) return false;
      const webhooks = await this.store.active(STREAM_KINDS, em);
      const alerts = webhooks.some((w) => w.kinds.includes(WebhookKind.ALERT)) ? await this.alerts.ofEvents(rows.map((r) => r.eventSeq)) : new Map<string, AlertType[]>();
      const deliveries: NewDelivery[] = [];
      for (const webhook of webhooks) {
        const mine = rows.filter((r) => BigInt(r.position) > BigInt(webhook.fromPosition));
        if (mine.length) deliveries.push(...(await this.newsFor(webhook, mine, alerts)));
      }
      await this.store.enqueue(em, deliveries);
      await this.store.setProducerPosition(em, BigInt((rows.at(-1) as StreamRow).position));
      return true;
    });
  }

  /** What of these positions one webhook is told, as its organization may see it now. */
  private async newsFor(webhook: WebhookRow, rows: readonly StreamRow[], alertsBySeq: ReadonlyMap<string, AlertType[]>): Promise<NewDelivery[]> {
    const principal: Principal = { sub: `webhook:${webhook.id}`, org: webhook.orgId, roles: webhook.roles as Principal["roles"], anonymous: false, scope: await this.scopes.scopeOf(webhook.orgId) };
    const kinds = new Set(webhook.kinds);
    const out: NewDelivery[] = [];
    const add = (kind: WebhookKind, key: string, payload: unknown) => out.push({ id: randomUUID(), webhookId: webhook.id, kind, eventKey: key, payload });
    const movementCriteria = kinds.has(WebhookKind.UNIT_MOVEMENT) ? this.criteriaOf((webhook.filter as MovementFilter | null) ?? null, principal) : null;
    const seenCriteria = kinds.has(WebhookKind.ALERT) ? this.criteriaOf(null, principal) : null;
    const recallCriteria = kinds.has(WebhookKind.RECALL_NOTICE) ? this.criteriaOf(RECALL_EVENTS, principal) : null;
    if (kinds.has(WebhookKind.EPCIS_QUERY)) {
      const document = await this.queries(webhook, principal, rows.map((r) => r.eventSeq));
      if (document) add(WebhookKind.EPCIS_QUERY, eventKey.epcisQuery((rows[0] as StreamRow).position, (rows.at(-1) as StreamRow).position), document);
    }
    for (const row of rows) {
      const moved = movementCriteria && deliveredMovement(movementCriteria, row);
      if (moved) {
        const { units: _units, ...event } = toMovementEvent(moved);
        add(WebhookKind.UNIT_MOVEMENT, eventKey.movement(row.position), event);
      }
      const seen = seenCriteria && deliveredMovement(seenCriteria, row);
      if (seen) {
        const visible = new Set(seen.unitIds);
        for (const alert of alertsBySeq.get(row.eventSeq) ?? []) if (visible.has(alert.unitId)) add(WebhookKind.ALERT, eventKey.alert(row.position, alert.unitId, alert.kind), alert);
      }
      if (recallCriteria && deliveredMovement(recallCriteria, row)) {
        const recallId = await this.recallNotices.recallOfEvent(row.eventSeq);
        const notice = recallId ? await this.recallNotices.one(recallId, readScopeOf(principal), principal, null) : null;
        if (notice) add(WebhookKind.RECALL_NOTICE, eventKey.recallNotice(row.position), { ...notice, cursor: undefined });
      }
    }
    return out;
  }

  private async attempt(delivery: SendableRow): Promise<{ ok: true; status: number } | { ok: false; status: number | null; error: string; retryAfter: number | null }> {
    const body = deliveryBody(delivery);
    const now = Date.now();
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
          ...(delivery.kind === WebhookKind.EPCIS_QUERY ? { "GS1-Signature": webhookSignature(delivery.secret, body, Math.floor(now / 1000)), "GS1-EPCIS-Version": "2.0.0" } : {}),
        },
        body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
      return { ok: false, status: response.status, error: `the receiver answered ${response.status}`, retryAfter: retryAfterMs(response.headers.get("retry-after"), now) };
    } catch (e) {
      return { ok: false, status: null, error: (e as Error).name === "TimeoutError" ? `no answer within ${DELIVERY_TIMEOUT_MS} ms` : `could not reach the receiver: ${(e as Error).message}`, retryAfter: null };
    }
  }
}
