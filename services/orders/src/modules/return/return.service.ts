import type { Principal } from "@tracehub/auth";
import { BadUserInput, Conflict, NotFound, isUuid, parseUnitCode } from "@tracehub/subgraph-kit";
import type { OrdersDb, Stores } from "../../stores";
import { orderEventsMessage, stepFacts } from "../fulfilment/fulfilment.service";
import { returnDecisionEvent, returnReceivedEvent } from "../fulfilment/fulfilment.rules";
import { OrderReason } from "../order/order.errors";
import { OrderStatus, stepRefusal } from "../order/order.rules";
import type { OrderService } from "../order/order.service";
import type { OrderRow } from "../order/order.store";
import type { UnitsClient } from "../stock/stock.client";
import { ReturnReason } from "./return.errors";
import { ACCEPTED_VERDICTS, ReturnDecision, ReturnStatus, ReturnVerdictCode, STATUS_AFTER, decisionRefusal, returnVerdict } from "./return.rules";
import type { ReturnRow } from "./return.store";
import type { ReturnVerdictType, UnitReturnType } from "./return.type";

/** Maps a stored return to its API shape. */
export function toReturnType(row: ReturnRow): UnitReturnType {
  return {
    id: row.id,
    unitId: row.unitId,
    verdict: row.verdict as ReturnVerdictCode,
    reason: row.reason,
    status: row.status as ReturnStatus,
    requestedAt: row.requestedAt,
    receivedAt: row.receivedAt,
    decidedAt: row.decidedAt,
    orderId: row.orderId,
    organizationId: row.organizationId,
  };
}

/**
 * Returns verified against the sale. A request names the order and the code on the item; the verdict compares it
 * with the exact units the order shipped (and asks units whether the code was ever commissioned and whether it is
 * recalled). Every request is kept, refused ones too. An accepted one waits for the item; the item received is
 * scanned again and must be the unit verified; then it is restocked, quarantined or destroyed. Each step records its
 * standard event on the unit through the outbox.
 */
export class ReturnService {
  constructor(
    private readonly db: OrdersDb,
    private readonly orders: OrderService,
    private readonly units: UnitsClient,
    private readonly kick: () => void,
  ) {}

  /** Checks a return request against the sale and stores it with its verdict. */
  async request(orderId: string, code: string, reason: string | null, principal: Principal): Promise<ReturnVerdictType> {
    const key = parseUnitCode(code, "code");
    const why = reason?.trim() ? reason.trim() : null;
    if (why && why.length > 500) throw new BadUserInput("'reason' must be at most 500 characters.", { field: "reason" });
    const facts = (await this.units.facts([key.id], null)).get(key.id);
    const stored = await this.db.transaction(async (tx) => {
      const order = await this.orders.ownOrder(tx, orderId, principal);
      const refused = stepRefusal(order.status, "return");
      if (refused || !order.deliveredAt) throw new Conflict(`A return needs a delivered order: ${refused ?? "it has no delivery time"}.`, { field: "orderId", status: order.status }, OrderReason.ORDER_STATUS);
      const sold = await tx.allocations.ofOrders([order.id]);
      const verdict = returnVerdict(facts, {
        unitId: key.id,
        gtin: key.gtin,
        soldUnitIds: new Set(sold.map((a) => a.unitId)),
        soldGtins: new Set(sold.flatMap((a) => (a.gtin ? [a.gtin] : []))),
        returnedBefore: await tx.returns.acceptedFor(order.id, key.id),
        deliveredAt: order.deliveredAt,
        windowDays: order.returnWindowDays,
        now: new Date(),
      });
      const base = { orderId: order.id, organizationId: order.organizationId, unitId: key.id, gtin: key.gtin, reason: why, by: principal.sub };
      if (ACCEPTED_VERDICTS.has(verdict.verdict)) {
        const accepted = await tx.returns.insert({ ...base, verdict: verdict.verdict, status: ReturnStatus.AWAITING_ITEM });
        if (accepted) {
          if (order.status !== OrderStatus.RETURN_REQUESTED) await tx.orders.setStatus(order.id, OrderStatus.RETURN_REQUESTED, null);
          return { row: accepted, verdict };
        }
        // A concurrent request for the same unit was accepted first.
        const again = { verdict: ReturnVerdictCode.ALREADY_RETURNED, reason: "This unit of this order was returned already." };
        return { row: (await tx.returns.insert({ ...base, verdict: again.verdict, status: ReturnStatus.REFUSED })) as ReturnRow, verdict: again };
      }
      return { row: (await tx.returns.insert({ ...base, verdict: verdict.verdict, status: ReturnStatus.REFUSED })) as ReturnRow, verdict };
    });
    return {
      verdict: stored.verdict.verdict,
      verified: ACCEPTED_VERDICTS.has(stored.verdict.verdict),
      verificationFailureReason: stored.verdict.reason,
      return: toReturnType(stored.row),
    };
  }

  /** Receives the item of an accepted return: the code scanned at the dock must be the unit verified. */
  async receive(returnId: string, code: string, principal: Principal): Promise<UnitReturnType> {
    const key = parseUnitCode(code, "code");
    return this.onReturn(returnId, principal, ReturnStatus.AWAITING_ITEM, async (tx, ret, order) => {
      if (key.id !== ret.unitId) {
        throw new Conflict(`The item received (${key.id}) is not the unit this return verified (${ret.unitId}): it was swapped. Nothing changed.`, { field: "code" }, ReturnReason.RETURN_ITEM_MISMATCH);
      }
      const received = await tx.returns.setStatus(ret.id, ReturnStatus.RECEIVED, "received_at");
      const progress = await tx.returns.progress(order.id);
      const sold = (await tx.allocations.ofOrders([order.id])).length;
      const status = progress.back >= sold ? OrderStatus.RETURNED : progress.awaiting > 0 ? OrderStatus.RETURN_REQUESTED : OrderStatus.DELIVERED;
      const after = status === order.status ? order : await tx.orders.setStatus(order.id, status, null);
      const at = received.receivedAt ?? new Date();
      return { row: received, events: [returnReceivedEvent(stepFacts(after, at), ret.unitId, ret.id)], order: after };
    });
  }

  /** Decides what becomes of a received return; a restocked unit may be sold again. */
  async decide(returnId: string, decision: ReturnDecision, principal: Principal): Promise<UnitReturnType> {
    return this.onReturn(returnId, principal, ReturnStatus.RECEIVED, async (tx, ret, order) => {
      const refused = decisionRefusal(ret.verdict, decision);
      if (refused) throw new Conflict(`This return cannot be decided ${decision}: ${refused}.`, { field: "decision" }, ReturnReason.DECISION_NOT_ALLOWED);
      const decided = await tx.returns.setStatus(ret.id, STATUS_AFTER[decision], "decided_at");
      if (decision === ReturnDecision.RESTOCK) await tx.allocations.releaseSold(order.id, ret.unitId);
      return { row: decided, events: [returnDecisionEvent(stepFacts(order, decided.decidedAt ?? new Date()), ret.unitId, ret.id, decision)], order };
    });
  }

  private async onReturn(
    returnId: string,
    principal: Principal,
    expected: ReturnStatus,
    work: (tx: Stores, ret: ReturnRow, order: OrderRow) => Promise<{ row: ReturnRow; events: Record<string, unknown>[]; order: OrderRow }>,
  ): Promise<UnitReturnType> {
    const done = await this.db.transaction(async (tx) => {
      const ret = isUuid(returnId) ? await tx.returns.lock(returnId) : null;
      if (!ret || principal.org === null || ret.organizationId !== principal.org) throw new NotFound(`No return ${returnId} of your organization.`, { field: "returnId" }, ReturnReason.RETURN_NOT_FOUND);
      if (ret.status !== expected) throw new Conflict(`The return is ${ret.status}; this needs it ${expected}.`, { field: "returnId", status: ret.status }, ReturnReason.RETURN_STATUS);
      const order = await this.orders.ownOrder(tx, ret.orderId, principal);
      const result = await work(tx, ret, order);
      await tx.orders.enqueue([orderEventsMessage(result.order, principal, result.events)]);
      return result.row;
    });
    this.kick();
    return toReturnType(done);
  }
}
