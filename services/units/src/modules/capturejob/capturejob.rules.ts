/**
 * Capture jobs, the pure part: how a document accepted for background capture is cut into the documents each
 * step captures, how a step's refusals map back onto the whole document, and what a job's state says.
 */

/** An event of the whole document that the capture refused. */
export interface JobRejection {
  eventIndex: number;
  path: string;
  message: string;
}

/** A capture failure of the whole document (it was not valid EPCIS, say): nothing of it was stored. */
export interface JobFailure {
  code: string;
  reason: string | null;
  message: string;
}

/** Events captured per step when invalid events do not roll the whole document back. */
export const JOB_CHUNK_EVENTS = 1_000;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Where a document keeps its events: an EPCISDocument's `eventList`, or a query document's results. */
export function eventListOf(document: unknown): { events: unknown[]; path: string } | null {
  if (!isObject(document) || !isObject(document["epcisBody"])) return null;
  const body = document["epcisBody"];
  if (Array.isArray(body["eventList"])) return { events: body["eventList"], path: "$.epcisBody.eventList" };
  const results = body["queryResults"];
  if (isObject(results) && isObject(results["resultsBody"]) && Array.isArray(results["resultsBody"]["eventList"])) {
    return { events: results["resultsBody"]["eventList"], path: "$.epcisBody.queryResults.resultsBody.eventList" };
  }
  return null;
}

/**
 * The part of `document` holding events `[start, end)`: the same context, header and dates, the events as an
 * EPCISDocument's `eventList`, so each part is captured as the whole would be (hash IDs do not depend on the cut).
 */
export function documentPart(document: Record<string, unknown>, events: readonly unknown[], start: number, end: number): Record<string, unknown> {
  const { epcisBody: _body, ...rest } = document;
  return { ...rest, type: "EPCISDocument", epcisBody: { eventList: events.slice(start, end) } };
}

/** A part's refusals, as positions and paths of the whole document. */
export function offsetRejections(rejected: readonly JobRejection[], start: number, listPath: string): JobRejection[] {
  return rejected.map((r) => {
    const index = r.eventIndex + start;
    const local = `$.epcisBody.eventList[${r.eventIndex}]`;
    return { eventIndex: index, path: r.path.startsWith(local) ? `${listPath}[${index}]${r.path.slice(local.length)}` : r.path, message: r.message };
  });
}

/** The steps a job takes: the whole document at once when one invalid event rolls everything back, else chunks. */
export function jobSteps(eventCount: number, rollback: boolean, processed: number, chunk = JOB_CHUNK_EVENTS): { start: number; end: number }[] {
  if (rollback) return processed > 0 ? [] : [{ start: 0, end: eventCount }];
  const steps: { start: number; end: number }[] = [];
  for (let start = processed; start < eventCount; start += chunk) steps.push({ start, end: Math.min(eventCount, start + chunk) });
  return steps;
}

/** A job succeeded when nothing was refused and it did not fail (while running: nothing so far). */
export function jobSucceeded(job: { rejected: readonly unknown[]; failure: unknown }): boolean {
  return job.rejected.length === 0 && !job.failure;
}
