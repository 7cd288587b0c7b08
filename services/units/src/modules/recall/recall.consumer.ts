import type { Principal } from "@tracehub/auth";
import { acceptInboxMessage, backgroundTransaction } from "@tracehub/db";
import { isValidElementValue } from "@tracehub/gs1";
import { BadUserInput, type InternalHandler, type RelayedMessage, exactlyOnceHandler } from "@tracehub/subgraph-kit";
import type { DataSource, EntityManager } from "typeorm";
import type { CaptureService } from "../capture/capture.service";
import type { RecallStore } from "./recall.store";

/** The topic compliance publishes when a recall is issued. */
export const RECALL_ISSUED = "recall.issued";

/** What compliance says about an issued recall. */
export interface RecallIssued {
  recallId: string;
  gtin: string;
  /** Empty: every lot. */
  lots: string[];
}

/** Most units one recording event lists; a larger recall is recorded as several events. */
const UNITS_PER_EVENT = 5_000;

/** Who records the recall events: the hub itself, on compliance's word. */
const RECALL_RECORDER: Principal = Object.freeze({ sub: "compliance:recall", org: null, roles: ["operator"], anonymous: false }) as Principal;

function isRecallIssued(value: unknown): value is RecallIssued {
  const v = value as Partial<RecallIssued> | null;
  return !!v && typeof v.recallId === "string" && typeof v.gtin === "string" && isValidElementValue("01", v.gtin) && Array.isArray(v.lots) && v.lots.every((l) => typeof l === "string");
}

/**
 * Marks the units an issued recall affects as RECALLED: in one transaction with the inbox record (so a redelivered
 * message changes nothing), it records standard CBV events (ObjectEvent OBSERVE, bizStep `holding`, disposition
 * `recalled`, the recall named as a business transaction `urn:tracehub:recall:<id>`) through the capture
 * pipeline, so unit state, provenance and the movement stream all show it.
 */
export class RecallMarking {
  constructor(
    private readonly ds: DataSource,
    private readonly capture: CaptureService,
    private readonly store: RecallStore,
  ) {}

  /** The internal endpoint compliance's outbox relay delivers `recall.issued` to. */
  handler(): InternalHandler {
    return exactlyOnceHandler<EntityManager>({
      transaction: (work) => backgroundTransaction(this.ds, work),
      accept: (em, id, topic) => acceptInboxMessage(em, "units", id, topic),
      apply: (em, message) => this.apply(em, message),
    });
  }

  private async apply(em: EntityManager, message: RelayedMessage): Promise<{ marked: number }> {
    if (!isRecallIssued(message.payload)) throw new BadUserInput(`Message ${message.id} is not a recall.issued payload (recallId, gtin, lots).`);
    const { recallId, gtin, lots } = message.payload;
    const ids = await this.store.unitsToMark(em, gtin, lots);
    const eventTime = new Date().toISOString();
    for (let i = 0; i < ids.length; i += UNITS_PER_EVENT) {
      const event = {
        type: "ObjectEvent",
        eventTime,
        eventTimeZoneOffset: "+00:00",
        epcList: ids.slice(i, i + UNITS_PER_EVENT),
        action: "OBSERVE",
        bizStep: "holding",
        disposition: "recalled",
        bizTransactionList: [{ bizTransaction: `urn:tracehub:recall:${recallId}` }],
      };
      await this.capture.captureBuilt([event], RECALL_RECORDER, em);
    }
    return { marked: ids.length };
  }
}
