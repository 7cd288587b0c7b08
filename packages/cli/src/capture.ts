import { CliError } from "./errors";
import { type HubClient, problemLine, readProblem } from "./http";

/** How a capture treats invalid events: `proceed` stores the valid ones, `rollback` stores none. */
export type ErrorBehaviour = "proceed" | "rollback";

/** A capture job as `GET /epcis/capture/{captureID}` describes it. */
export interface CaptureJob {
  captureID: string;
  createdAt?: string;
  finishedAt?: string;
  running: boolean;
  success: boolean;
  captureErrorBehaviour?: ErrorBehaviour;
  errors?: { type?: string; title?: string; status?: number; detail?: string; instance?: string }[];
  eventCount?: number;
  storedCount?: number;
  duplicateCount?: number;
  rejectedCount?: number;
}

/** What one capture sends. */
export interface CaptureRequest {
  body: string | Buffer;
  contentType: "application/ld+json" | "application/xml";
  errorBehaviour: ErrorBehaviour;
  /** Said when the hub cannot be reached after every attempt (where to resume). */
  hint: string;
}

/**
 * Sends one document to `POST /epcis/capture` and waits for its job to finish (polling `GET /epcis/capture/{id}`
 * until `running` is false). 429, 5xx and network errors are retried by the client.
 * @throws CliError with the problem's title and detail when the hub refuses the document (400, 401, 403, 413, 415).
 */
export async function captureDocument(client: HubClient, request: CaptureRequest, sleep: (ms: number) => Promise<void> = defaultSleep): Promise<CaptureJob> {
  const response = await client.request("POST", "/epcis/capture", {
    body: request.body,
    headers: { "content-type": request.contentType, "gs1-capture-error-behaviour": request.errorBehaviour, accept: "application/json, application/problem+json" },
    hint: request.hint,
  });
  if (response.status !== 202) {
    const problem = await readProblem(response);
    const advice = response.status === 413 ? " (use a smaller --chunk)" : response.status === 404 ? ` (does ${client.base} serve the EPCIS capture interface?)` : "";
    throw new CliError(`capture refused: ${problemLine(problem, response.status, response.statusText)}${advice}`);
  }
  await response.body?.cancel();
  const location = response.headers.get("location");
  if (!location) throw new CliError("capture accepted (202) without a Location header: cannot follow the capture job");
  let wait = 100;
  for (;;) {
    const poll = await client.request("GET", location, { headers: { accept: "application/json" }, hint: request.hint, followed: true });
    if (poll.status !== 200) throw new CliError(`capture job ${location}: ${problemLine(await readProblem(poll), poll.status, poll.statusText)}`);
    const job = (await poll.json()) as CaptureJob;
    if (!job.running) return job;
    await sleep(wait);
    wait = Math.min(1_000, wait * 2);
  }
}

/** One line per error of a job: `title: detail`. */
export function jobReasons(job: CaptureJob): string[] {
  return (job.errors ?? []).map((e) => [e.title, e.detail].filter(Boolean).join(": ") || e.type || "rejected");
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
