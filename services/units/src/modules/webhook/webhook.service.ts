import { randomBytes, randomUUID } from "node:crypto";
import type { Principal } from "@tracehub/auth";
import { acceptInboxMessage, backgroundTransaction } from "@tracehub/db";
import { BadUserInput, Forbidden, type InternalHandler, LimitExceeded, NotFound, type Page, decodeCursor, exactlyOnceHandler, pageSize, toPage, uuidArgument } from "@tracehub/subgraph-kit";
import type { DataSource, EntityManager } from "typeorm";
import type { MovementFilter } from "../movement/movement.input";
import type { CriteriaOf } from "./delivery.service";
import { WebhookReason } from "./webhook.errors";
import { DeliveryStatus, MAX_WEBHOOKS_PER_ORG, WebhookKind, eventKey, urlProblem } from "./webhook.rules";
import type { DeliveryRow, WebhookRow, WebhookStore } from "./webhook.store";
import type { RegisterWebhookInput, RegisteredWebhookType, WebhookDeliveryType, WebhookType } from "./webhook.type";

/** The outbox topic orders tells of an order's new status on. */
export const ORDER_STATUS = "order.status";

/** An `order.status` payload. */
interface OrderStatusMessage {
  org: string;
  orderId: string;
  reference: string;
  status: string;
  at: string;
}

function readOrderStatus(payload: unknown): OrderStatusMessage | null {
  const v = payload as Record<string, unknown> | null;
  const text = (k: string) => typeof v?.[k] === "string" && (v[k] as string).length > 0 && (v[k] as string).length <= 200;
  return v && text("org") && text("orderId") && text("reference") && text("status") && text("at") ? (v as unknown as OrderStatusMessage) : null;
}

const toWebhook = (row: WebhookRow): WebhookType => ({ id: row.id, url: row.url, kinds: row.kinds as WebhookKind[], filter: row.filter, createdAt: row.createdAt, orgId: row.orgId });
const toDelivery = (row: DeliveryRow): WebhookDeliveryType => ({
  id: row.id,
  kind: row.kind as WebhookKind,
  status: row.status as DeliveryStatus,
  attempts: row.attempts,
  nextAttemptAt: row.status === DeliveryStatus.PENDING ? row.nextAttemptAt : null,
  lastStatus: row.lastStatus,
  lastError: row.lastError,
  replayOf: row.replayOf,
  createdAt: row.createdAt,
  deliveredAt: row.deliveredAt,
  payload: row.payload,
});

/** Registering, listing and replaying webhooks; the order status news orders relays through its outbox. */
export class WebhookService {
  constructor(
    private readonly ds: DataSource,
    private readonly store: WebhookStore,
    private readonly criteriaOf: CriteriaOf,
    private readonly allowPrivateTargets: boolean,
  ) {}

  async register(input: RegisterWebhookInput, principal: Principal): Promise<RegisteredWebhookType> {
    if (!principal.org) throw new Forbidden("Webhooks belong to an organization; you act for none.", {}, WebhookReason.WEBHOOK_NEEDS_ORGANIZATION);
    const problem = urlProblem(input.url, this.allowPrivateTargets);
    if (problem) throw new BadUserInput(`'url' ${problem}.`, { field: "url" }, WebhookReason.WEBHOOK_URL_REFUSED);
    const kinds = [...new Set(input.kinds)];
    if (kinds.length === 0) throw new BadUserInput("'kinds' must name at least one kind of news.", { field: "kinds" });
    if (kinds.includes(WebhookKind.EPCIS_QUERY)) throw new BadUserInput("EPCIS_QUERY deliveries follow a named query: subscribe with subscribeEpcisQuery (or POST /epcis/queries/{name}/subscriptions).", { field: "kinds" });
    if (input.filter && !kinds.includes(WebhookKind.UNIT_MOVEMENT)) throw new BadUserInput("'filter' applies to UNIT_MOVEMENT, which 'kinds' does not name.", { field: "filter" });
    // The filter is checked as a subscription's would be (vocabulary, another organization's captures refused).
    this.criteriaOf((input.filter as MovementFilter | null) ?? null, principal);
    if ((await this.store.countOfOrg(principal.org)) >= MAX_WEBHOOKS_PER_ORG) {
      throw new LimitExceeded(`An organization may have ${MAX_WEBHOOKS_PER_ORG} webhooks; delete one first.`, { limit: MAX_WEBHOOKS_PER_ORG }, WebhookReason.TOO_MANY_WEBHOOKS);
    }
    const secret = `whsec_${randomBytes(32).toString("base64url")}`;
    const filter = input.filter ? Object.fromEntries(Object.entries(input.filter).filter(([, v]) => v !== undefined && v !== null)) : null;
    const row = await this.store.insert({ id: randomUUID(), orgId: principal.org, url: input.url, kinds, filter, secret, roles: [...principal.roles], createdBy: principal.sub });
    return { secret, webhook: toWebhook(row) };
  }

  /** A webhook of the caller's organization (any, for operators); NOT_FOUND otherwise. */
  async mine(id: string, principal: Principal): Promise<WebhookRow> {
    const operator = principal.roles.includes("operator");
    const row = operator || principal.org ? await this.store.byId(uuidArgument(id, "webhookId", "a webhook id"), operator ? null : principal.org) : null;
    if (!row || (!row.active && !operator)) throw new NotFound(`No webhook ${id} of your organization.`, {}, WebhookReason.WEBHOOK_NOT_FOUND);
    return row;
  }

  async list(principal: Principal, args: { first?: number | null; after?: string | null }): Promise<Page<WebhookType>> {
    const size = pageSize(args.first);
    const operator = principal.roles.includes("operator");
    if (!operator && !principal.org) return toPage([], size, () => [], 0);
    const org = operator ? null : (principal.org as string);
    const after = decodeCursor(args.after, ["time", "uuid"]);
    const [total, rows] = await Promise.all([this.store.count(org), this.store.page(org, after, size)]);
    return toPage(rows.map(toWebhook), size, (w) => [w.createdAt.toISOString(), w.id], total);
  }

  async remove(id: string, principal: Principal): Promise<boolean> {
    const row = await this.mine(id, principal);
    await this.store.deactivate(row.id);
    return true;
  }

  /** A webhook's deliveries; none for a webhook that is not the caller's organization's (as for one that does not exist). */
  async deliveries(webhookId: string, principal: Principal, args: { first?: number | null; after?: string | null; status?: DeliveryStatus | null }): Promise<Page<WebhookDeliveryType>> {
    const size = pageSize(args.first);
    const webhook = await this.mine(webhookId, principal).catch((error: unknown) => {
      if (error instanceof NotFound) return null;
      throw error;
    });
    if (!webhook) return toPage([], size, () => [], 0);
    const after = decodeCursor(args.after, ["bigint"]);
    const [total, rows] = await Promise.all([this.store.deliveryCount(webhook.id, args.status ?? null), this.store.deliveries(webhook.id, args.status ?? null, after, size)]);
    const page = toPage(rows, size, (d) => [d.seq], total);
    return { ...page, edges: page.edges.map((e) => ({ node: toDelivery(e.node), cursor: e.cursor })) };
  }

  /** Sends a delivery's news again, as a new delivery (its own id, `replayOf` naming the first), after the pending ones. */
  async replay(deliveryId: string, principal: Principal): Promise<WebhookDeliveryType> {
    const original = await this.store.deliveryById(uuidArgument(deliveryId, "id", "a webhook delivery id"));
    if (!original) throw new NotFound(`No webhook delivery ${deliveryId} of your organization.`, {}, WebhookReason.WEBHOOK_NOT_FOUND);
    const webhook = await this.mine(original.webhookId, principal).catch(() => {
      throw new NotFound(`No webhook delivery ${deliveryId} of your organization.`, {}, WebhookReason.WEBHOOK_NOT_FOUND);
    });
    const id = randomUUID();
    const n = (await this.store.replaysOf(original.id)) + 1;
    await this.store.enqueue(this.ds, [{ id, webhookId: webhook.id, kind: original.kind, eventKey: eventKey.replay(original.id, n), payload: original.payload, replayOf: original.id }]);
    const replayed = await this.store.deliveryById(id);
    if (!replayed) throw new Error(`The replay of ${original.id} was not recorded.`);
    return toDelivery(replayed);
  }

  /** `order.status` from orders (through its outbox): the seller's ORDER_STATUS webhooks are told, once per message. */
  orderStatusHandler(): InternalHandler {
    return exactlyOnceHandler<EntityManager>({
      transaction: (work) => backgroundTransaction(this.ds, work),
      accept: (em, id, topic) => acceptInboxMessage(em, "units", id, topic),
      apply: async (em, message) => {
        const news = message.topic === ORDER_STATUS ? readOrderStatus(message.payload) : null;
        if (!news) throw new BadUserInput(`Message ${message.id} is not an order.status payload (org, orderId, reference, status, at).`);
        const webhooks = await this.store.activeOfOrg(news.org, WebhookKind.ORDER_STATUS, em);
        const data = { orderId: news.orderId, reference: news.reference, status: news.status, at: news.at };
        return { deliveries: await this.store.enqueue(em, webhooks.map((w) => ({ id: randomUUID(), webhookId: w.id, kind: WebhookKind.ORDER_STATUS, eventKey: eventKey.orderStatus(news.orderId, news.status, message.id), payload: data }))) };
      },
    });
  }
}
