import { type KeyColumn, type KeyValue, type RowOf, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";
import type { JobRejection } from "./capturejob.rules";

const JOB_ROW = {
  id: "text",
  orgId: "text?",
  errorBehavior: "text",
  eventCount: "int",
  processed: "int",
  stored: "int",
  duplicates: "int",
  rejected: "json",
  failure: "json?",
  running: "bool",
  createdAt: "time",
  finishedAt: "time?",
} as const;
export type JobRow = RowOf<typeof JOB_ROW>;

const WORK_ROW = { ...JOB_ROW, principal: "json", document: "json?" } as const;
/** A job with what running it needs: the caller it was accepted from, and its document. */
export type JobWork = RowOf<typeof WORK_ROW>;

const COLUMNS = `j."id"::text AS "id", j."org_id" AS "orgId", j."error_behavior" AS "errorBehavior", j."event_count" AS "eventCount", j."processed", j."stored", j."duplicates",
  j."rejected", j."failure", j."running", j."created_at" AS "createdAt", j."finished_at" AS "finishedAt"`;
const KEYS: readonly KeyColumn[] = [{ column: "j.created_at", direction: "DESC" }, { column: "j.id", direction: "DESC" }];

/** Whose jobs a caller may read: every job (operators), or its organization's. */
export type JobReader = { all: true } | { all: false; org: string };

/** Every SQL statement of capture jobs. */
export class CaptureJobStore {
  /** `db`: the data source for requests, or `backgroundSql(ds)` for the worker (left out of per-request SQL counts). */
  constructor(private readonly ds: Pick<EntityManager, "query">) {}

  /** Records an accepted job, claimed by this instance for `leaseSeconds`. */
  async insert(job: { id: string; orgId: string | null; submittedBy: string | null; principal: object; errorBehavior: string; document: object; eventCount: number }, leaseSeconds: number): Promise<JobRow> {
    const rows = await this.ds.query(
      `INSERT INTO "units"."capture_job" AS j ("id", "org_id", "submitted_by", "principal", "error_behavior", "document", "event_count", "claimed_until")
       VALUES ($1::uuid, $2, $3, $4::jsonb, $5, $6::jsonb, $7, now() + make_interval(secs => $8)) RETURNING ${COLUMNS}`,
      [job.id, job.orgId, job.submittedBy, JSON.stringify(job.principal), job.errorBehavior, JSON.stringify(job.document), job.eventCount, leaseSeconds],
    );
    return oneRowOf("CAPTURE_JOB_INSERT", JOB_ROW, rows);
  }

  /** One job, if the reader may see it. */
  async byId(id: string, reader: JobReader): Promise<JobRow | null> {
    const rows = await this.ds.query(`SELECT ${COLUMNS} FROM "units"."capture_job" j WHERE j."id" = $1::uuid AND ($2::boolean OR j."org_id" = $3)`, [id, reader.all, reader.all ? null : reader.org]);
    return rowsOf("CAPTURE_JOB_BY_ID", JOB_ROW, rows)[0] ?? null;
  }

  /** How many jobs the reader may see. */
  async count(reader: JobReader): Promise<number> {
    const rows = await this.ds.query(`SELECT count(*)::int AS "n" FROM "units"."capture_job" j WHERE ($1::boolean OR j."org_id" = $2)`, [reader.all, reader.all ? null : reader.org]);
    return oneRowOf("CAPTURE_JOB_COUNT", { n: "int" }, rows).n;
  }

  /** A page of the jobs the reader may see, newest first. */
  async page(reader: JobReader, after: readonly KeyValue[] | null, size: number): Promise<JobRow[]> {
    const page = keysetPage({ keys: KEYS, after, size, firstParam: 3 });
    const sql = `SELECT ${COLUMNS} FROM "units"."capture_job" j WHERE ($1::boolean OR j."org_id" = $2) AND ${page.where} ORDER BY ${page.orderBy} ${page.limit}`;
    return rowsOf("CAPTURE_JOB_PAGE", JOB_ROW, await this.ds.query(sql, [reader.all, reader.all ? null : reader.org, ...page.params]));
  }

  /**
   * Claims a running job whose lease ran out (its instance stopped, or it was never claimed), for `leaseSeconds`:
   * the oldest first; null when there is none. Instances never run the same job at once.
   */
  async claimExpired(leaseSeconds: number): Promise<JobWork | null> {
    const rows = await this.ds.query(
      `WITH claimed AS (
         UPDATE "units"."capture_job" j SET "claimed_until" = now() + make_interval(secs => $1)
         WHERE j."id" = (SELECT "id" FROM "units"."capture_job" WHERE "running" AND ("claimed_until" IS NULL OR "claimed_until" < now())
                         ORDER BY "created_at" LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING ${COLUMNS}, j."principal", j."document")
       SELECT * FROM claimed`,
      [leaseSeconds],
    );
    return rowsOf("CAPTURE_JOB_CLAIM", WORK_ROW, rows)[0] ?? null;
  }

  /** A claimed job with its document (the one this instance just accepted). */
  async work(id: string): Promise<JobWork | null> {
    const rows = await this.ds.query(`SELECT ${COLUMNS}, j."principal", j."document" FROM "units"."capture_job" j WHERE j."id" = $1::uuid AND j."running"`, [id]);
    return rowsOf("CAPTURE_JOB_WORK", WORK_ROW, rows)[0] ?? null;
  }

  /** Records a chunk's outcome and extends the lease. */
  async progress(id: string, p: { processed: number; stored: number; duplicates: number; rejected: JobRejection[] }, leaseSeconds: number): Promise<void> {
    await this.ds.query(
      `UPDATE "units"."capture_job" SET "processed" = $2, "stored" = $3, "duplicates" = $4, "rejected" = $5::jsonb, "claimed_until" = now() + make_interval(secs => $6) WHERE "id" = $1::uuid`,
      [id, p.processed, p.stored, p.duplicates, JSON.stringify({ events: p.rejected }), leaseSeconds],
    );
  }

  /** Ends a job: its outcome, and its document dropped. */
  async finish(id: string, p: { processed: number; stored: number; duplicates: number; rejected: JobRejection[]; failure: object | null }): Promise<void> {
    await this.ds.query(
      `UPDATE "units"."capture_job" SET "processed" = $2, "stored" = $3, "duplicates" = $4, "rejected" = $5::jsonb, "failure" = $6::jsonb,
         "running" = false, "document" = NULL, "claimed_until" = NULL, "finished_at" = now() WHERE "id" = $1::uuid`,
      [id, p.processed, p.stored, p.duplicates, JSON.stringify({ events: p.rejected }), p.failure === null ? null : JSON.stringify(p.failure)],
    );
  }
}
