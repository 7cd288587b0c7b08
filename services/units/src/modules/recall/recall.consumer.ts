import type { Principal } from "@tracehub/auth";
import { acceptInboxMessage, backgroundTransaction } from "@tracehub/db";
import { BadUserInput, type InternalHandler, type RelayedMessage, exactlyOnceHandler, logLine } from "@tracehub/subgraph-kit";
import type { DataSource, EntityManager } from "typeorm";
import type { CaptureService } from "../capture/capture.service";
import { readRecallClosed, readRecallIssued, recallEvents } from "./recall.rules";
import type { RecallStore, ToMark } from "./recall.store";

export { RECALL_CLOSED, RECALL_ISSUED } from "./recall.rules";

/** Who records the recall events: the hub itself, on compliance's word. */
const RECALL_RECORDER: Principal = Object.freeze({ sub: "compliance:recall", org: null, roles: ["operator"], anonymous: false }) as Principal;

/** Settings of {@link RecallMarking}. */
export interface RecallMarkingOptions {
  /** Units marked per transaction (default 20,000: four recording events). */
  batchSize?: number;
  /** How often the worker looks for recalls still being marked, in ms (default 1,000; an issued recall wakes it at once). */
  pollMs?: number;
}

/**
 * Applies compliance's recalls to units. An issued recall marks every unit in its scope RECALLED, and a unit
 * commissioned later in the scope of a recall in force is marked as it is commissioned; a closed recall marks no
 * new units. Each marking records standard CBV events (ObjectEvent OBSERVE, bizStep `holding`, disposition
 * `recalled`, the recall named as a business transaction) through the capture pipeline, so unit state, provenance
 * and the movement stream all show it, and lists the unit among the recall's affected units.
 *
 * `recall.issued` is applied in one transaction with its inbox record (a redelivered one changes nothing): it records
 * the recall, in force from then on. Its units are then marked by a background worker, a batch per transaction, in id
 * order, until a batch finds none left (`marking_done_at`): the relay's delivery answers at once however large the
 * recall, no transaction holds a million unit rows, a crash loses at most the batch in flight (the next run goes on
 * from what is marked), and the recall's progress grows live as batches commit. One worker marks a recall at a time
 * (its row is locked per batch, `SKIP LOCKED` for the others), so replicas share recalls and never mark twice.
 */
export class RecallMarking {
  private readonly batchSize: number;
  private readonly pollMs: number;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  /** Where this worker's next batch of each recall starts (the last unit id it marked); lost on restart, harmlessly. */
  private readonly cursors = new Map<string, string>();

  constructor(
    private readonly ds: DataSource,
    private readonly capture: CaptureService,
    private readonly store: RecallStore,
    options: RecallMarkingOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 20_000;
    this.pollMs = options.pollMs ?? 1_000;
  }

  /** Starts the worker (it takes over recalls left half-marked by a stopped instance). */
  start(): void {
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Stops taking batches and waits for the one in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** The internal endpoint compliance's outbox relay delivers `recall.issued` to. */
  issuedHandler(): InternalHandler {
    const apply = this.handler((em, message) => this.remember(em, message));
    return async (body, caller, reply) => {
      const outcome = await apply(body, caller, reply);
      this.kick();
      return outcome;
    };
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

  /** Runs batches until no recall is left to mark; a call while it runs makes it look once more. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped && (await this.markBatch()));
        } while (this.again && !this.stopped);
      } catch (error) {
        // The database went away, say: the batch rolled back, and the next poll goes on from what is marked.
        logLine("error", `[units] recall marking failed; it will be retried: ${(error as Error).message}`);
      } finally {
        this.running = null;
      }
    })();
  }

  /**
   * One batch of the oldest recall still being marked, in its own transaction: up to `batchSize` units of its scope
   * not marked yet; a batch smaller than that was the last, and says so. False when no recall is being marked.
   */
  async markBatch(): Promise<boolean> {
    const done = await backgroundTransaction(this.ds, async (em) => {
      const recall = await this.store.claimMarking(em);
      if (!recall) return null;
      const units = await this.store.unitsToMark(em, recall, this.cursors.get(recall.recallId) ?? "", this.batchSize);
      await this.mark(em, recall.recallId, units);
      const last = units.ids.length < this.batchSize;
      if (last) await this.store.markingDone(em, recall.recallId);
      return { recallId: recall.recallId, last, through: units.ids.at(-1) ?? null };
    });
    if (!done) return false;
    // Only once the batch committed does the next one start after it.
    if (done.last) this.cursors.delete(done.recallId);
    else if (done.through) this.cursors.set(done.recallId, done.through);
    return true;
  }

  private handler(apply: (em: EntityManager, message: RelayedMessage) => Promise<unknown>): InternalHandler {
    return exactlyOnceHandler<EntityManager>({
      transaction: (work) => backgroundTransaction(this.ds, work),
      accept: (em, id, topic) => acceptInboxMessage(em, "units", id, topic),
      apply,
    });
  }

  /** Records an issued recall: in force from now on (commissioning marks its units), and queued for the worker. */
  private async remember(em: EntityManager, message: RelayedMessage): Promise<{ recorded: true }> {
    const recall = readRecallIssued(message.payload);
    if (!recall) throw new BadUserInput(`Message ${message.id} is not a recall.issued payload (recallId, gtin, lots, serials, date ranges).`);
    await this.store.remember(em, recall);
    return { recorded: true };
  }

  /**
   * Records the recall on the units, timed now, or just after the latest state of any of them (an event dated a
   * little ahead, within the clock skew capture allows): a recall never lands before what it recalls.
   */
  private async mark(em: EntityManager, recallId: string, units: ToMark): Promise<void> {
    if (units.ids.length === 0) return;
    const at = new Date(Math.max(Date.now(), (units.latest?.getTime() ?? 0) + 1));
    await this.capture.captureBuilt(recallEvents(recallId, units.ids, at.toISOString()), RECALL_RECORDER, em);
    await this.store.markAffected(em, recallId, units.ids);
  }
}
