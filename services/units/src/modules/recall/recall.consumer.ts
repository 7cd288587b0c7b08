import type { Principal } from "@tracehub/auth";
import { acceptInboxMessage, backgroundTransaction } from "@tracehub/db";
import { BadUserInput, type InternalHandler, type RelayedMessage, exactlyOnceHandler } from "@tracehub/subgraph-kit";
import type { DataSource, EntityManager } from "typeorm";
import type { CaptureService } from "../capture/capture.service";
import { readRecallClosed, readRecallIssued, recallEvents } from "./recall.rules";
import type { RecallStore, ToMark } from "./recall.store";

export { RECALL_CLOSED, RECALL_ISSUED } from "./recall.rules";

/** Who records the recall events: the hub itself, on compliance's word. */
const RECALL_RECORDER: Principal = Object.freeze({ sub: "compliance:recall", org: null, roles: ["operator"], anonymous: false }) as Principal;

/**
 * Applies compliance's recalls to units. An issued recall marks every unit in its scope RECALLED, and a unit
 * commissioned later in the scope of a recall in force is marked as it is commissioned; a closed recall marks no
 * new units. Each marking records standard CBV events (ObjectEvent OBSERVE, bizStep `holding`, disposition
 * `recalled`, the recall named as a business transaction) through the capture pipeline, so unit state, provenance
 * and the movement stream all show it, and lists the unit among the recall's affected units. Messages are applied
 * in one transaction with their inbox record, so a redelivered one changes nothing.
 */
export class RecallMarking {
  constructor(
    private readonly ds: DataSource,
    private readonly capture: CaptureService,
    private readonly store: RecallStore,
  ) {}

  /** The internal endpoint compliance's outbox relay delivers `recall.issued` to. */
  issuedHandler(): InternalHandler {
    return this.handler((em, message) => this.issue(em, message));
  }

  /** The internal endpoint compliance's outbox relay delivers `recall.closed` to. */
  closedHandler(): InternalHandler {
    return this.handler(async (em, message) => {
      const recallId = readRecallClosed(message.payload);
      if (!recallId) throw new BadUserInput(`Message ${message.id} is not a recall.closed payload (recallId).`);
      return { closed: await this.store.close(em, recallId) };
    });
  }

  /**
   * Marks units just commissioned (inside the commissioning transaction) with every issued recall in force that
   * covers them.
   */
  async markCommissioned(em: EntityManager, unitIds: readonly string[]): Promise<void> {
    if (unitIds.length === 0) return;
    const covering = await this.store.recallsCovering(em, unitIds);
    for (const [recallId, units] of covering) await this.mark(em, recallId, units);
  }

  private handler(apply: (em: EntityManager, message: RelayedMessage) => Promise<unknown>): InternalHandler {
    return exactlyOnceHandler<EntityManager>({
      transaction: (work) => backgroundTransaction(this.ds, work),
      accept: (em, id, topic) => acceptInboxMessage(em, "units", id, topic),
      apply,
    });
  }

  private async issue(em: EntityManager, message: RelayedMessage): Promise<{ marked: number }> {
    const recall = readRecallIssued(message.payload);
    if (!recall) throw new BadUserInput(`Message ${message.id} is not a recall.issued payload (recallId, gtin, lots, serials, date ranges).`);
    await this.store.remember(em, recall);
    const units = await this.store.unitsToMark(em, recall);
    await this.mark(em, recall.recallId, units);
    return { marked: units.ids.length };
  }

  /**
   * Records the recall on the units, timed now, or just after the latest state of any of them (an event dated a
   * little ahead, within the clock skew capture allows): a recall never lands before what it recalls.
   */
  private async mark(em: EntityManager, recallId: string, units: ToMark): Promise<void> {
    if (units.ids.length === 0) return;
    const at = new Date(Math.max(Date.now(), (units.latest?.getTime() ?? 0) + 1));
    for (const event of recallEvents(recallId, units.ids, at.toISOString())) await this.capture.captureBuilt([event], RECALL_RECORDER, em);
    await this.store.markAffected(em, recallId, units.ids);
  }
}
