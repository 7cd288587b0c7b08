import { randomUUID } from "node:crypto";
import type { Principal } from "@tracehub/auth";
import { BadUserInput, DomainError, type Page, decodeCursor, pageSize, toPage, uuidArgument, logLine } from "@tracehub/subgraph-kit";
import { CaptureReason } from "../capture/capture.errors";
import { CaptureErrorBehavior, type CaptureService } from "../capture/capture.service";
import type { CaptureJobStore, JobReader, JobRow, JobWork } from "./capturejob.store";
import { type JobFailure, type JobRejection, documentPart, eventListOf, jobSteps, jobSucceeded, offsetRejections } from "./capturejob.rules";
import type { CaptureJobType } from "./capturejob.type";

/** How long an instance holds a job it runs before another may take it over (renewed at every step). */
const LEASE_SECONDS = 120;
/** How often an instance looks for jobs whose instance stopped. */
const SWEEP_MS = 5_000;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function toJobType(row: JobRow): CaptureJobType {
  const rejected = ((row.rejected as { events?: JobRejection[] }).events ?? []);
  const failure = row.failure as JobFailure | null;
  return {
    id: row.id,
    errorBehavior: row.errorBehavior as CaptureErrorBehavior,
    running: row.running,
    success: jobSucceeded({ rejected, failure }),
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    eventCount: row.eventCount,
    processed: row.processed,
    stored: row.stored,
    duplicates: row.duplicates,
    rejected,
    failure,
  };
}

/**
 * Capture in the background: a document is accepted at once (after the checks that need no reading of its events)
 * and captured by a worker, in one transaction when it rolls back on any invalid event, or a thousand events at a
 * time when it proceeds. Jobs are rows, leased by the instance that runs them: when an instance stops, another
 * takes its jobs over where they were (capture is idempotent by event hash, so a step done twice stores nothing
 * twice).
 */
export class CaptureJobService {
  private busy = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private current: Promise<void> = Promise.resolve();

  /** `store` answers requests; `worker` is the same statements for the background worker (`backgroundSql`). */
  constructor(
    private readonly store: CaptureJobStore,
    private readonly capture: CaptureService,
    private readonly worker: CaptureJobStore = store,
  ) {}

  /** Starts looking for jobs left by stopped instances. */
  start(): void {
    this.timer = setInterval(() => this.kick(), SWEEP_MS);
    this.timer.unref();
    this.kick();
  }

  /** Stops taking jobs and waits for the step in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.current;
  }

  /** Accepts a document for capture; the job runs after this answers. */
  async submit(document: unknown, behavior: CaptureErrorBehavior, principal: Principal): Promise<CaptureJobType> {
    const raw = this.capture.admit(document);
    const list = eventListOf(document);
    if (!isObject(document) || !list) {
      throw new BadUserInput("'document' must be an EPCISDocument with 'epcisBody.eventList', or an EPCISQueryDocument with 'epcisBody.queryResults.resultsBody.eventList'.", { field: "document" }, CaptureReason.EPCIS_DOCUMENT_INVALID);
    }
    if (raw.length === 0) throw new BadUserInput("The document holds no events.", { field: "document" });
    const row = await this.store.insert(
      { id: randomUUID(), orgId: principal.org, submittedBy: principal.sub, principal, errorBehavior: behavior, document, eventCount: list.events.length },
      LEASE_SECONDS,
    );
    const id = row.id;
    setImmediate(() => this.enqueue(() => this.runAccepted(id)));
    return toJobType(row);
  }

  /** A job its organization (or an operator) may see; null otherwise. */
  async get(id: string, principal: Principal): Promise<CaptureJobType | null> {
    const reader = readerOf(principal);
    if (!reader) return null;
    const row = await this.store.byId(uuidArgument(id, "id", "a capture job id"), reader);
    return row ? toJobType(row) : null;
  }

  /** The jobs the caller's organization submitted (every job, for operators), newest first. */
  async list(principal: Principal, args: { first?: number | null; after?: string | null }): Promise<Page<CaptureJobType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["time", "uuid"]);
    const reader = readerOf(principal);
    if (!reader) return toPage([], size, () => [], 0);
    const [total, rows] = await Promise.all([this.store.count(reader), this.store.page(reader, after, size)]);
    return toPage(rows.map(toJobType), size, (j) => [j.createdAt.toISOString(), j.id], total);
  }

  private kick(): void {
    if (this.busy || this.stopped) return;
    this.enqueue(async () => {
      for (let job = await this.worker.claimExpired(LEASE_SECONDS); job && !this.stopped; job = await this.worker.claimExpired(LEASE_SECONDS)) await this.run(job);
    });
  }

  /** Runs jobs one at a time on this instance. */
  private enqueue(work: () => Promise<void>): void {
    this.current = this.current.then(async () => {
      if (this.stopped) return;
      this.busy = true;
      try {
        await work();
      } catch (error) {
        // The database went away, say: the job keeps its lease until it runs out, then it is taken over.
        logLine("error", `[units] capture job step failed; it will be retried: ${(error as Error).message}`);
      } finally {
        this.busy = false;
      }
    });
  }

  private async runAccepted(id: string): Promise<void> {
    const job = await this.worker.work(id);
    if (job) await this.run(job);
  }

  private async run(job: JobWork): Promise<void> {
    const document = job.document;
    const list = eventListOf(document);
    const principal = job.principal as unknown as Principal;
    const rollback = job.errorBehavior === CaptureErrorBehavior.ROLLBACK;
    let { processed, stored, duplicates } = job;
    let rejected = ((job.rejected as { events?: JobRejection[] }).events ?? []).slice();
    if (!document || !list) {
      await this.worker.finish(job.id, { processed, stored, duplicates, rejected, failure: { code: "INTERNAL", reason: null, message: "The job's document is gone." } });
      return;
    }
    for (const step of jobSteps(list.events.length, rollback, processed)) {
      if (this.stopped) return;
      const part = step.start === 0 && step.end === list.events.length ? document : documentPart(document, list.events, step.start, step.end);
      try {
        const outcome = await this.capture.captureDocument(part, job.errorBehavior as CaptureErrorBehavior, principal);
        stored += outcome.stored;
        duplicates += outcome.duplicates;
        rejected = rejected.concat(part === document ? outcome.rejected.map((r) => ({ ...r })) : offsetRejections(outcome.rejected, step.start, list.path));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // The document as a whole was refused (not valid EPCIS): nothing of this step was stored.
        await this.worker.finish(job.id, { processed: step.end, stored, duplicates, rejected, failure: { code: error.code, reason: error.reason ?? null, message: error.message } });
        return;
      }
      processed = step.end;
      if (processed < list.events.length) await this.worker.progress(job.id, { processed, stored, duplicates, rejected }, LEASE_SECONDS);
    }
    await this.worker.finish(job.id, { processed, stored, duplicates, rejected, failure: null });
  }
}

/** Whose jobs a caller reads: an operator every job, anyone else its organization's; nobody without one. */
function readerOf(principal: Principal): JobReader | null {
  if (principal.roles.includes("operator")) return { all: true };
  return principal.org ? { all: false, org: principal.org } : null;
}
