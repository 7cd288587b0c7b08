import fc from "fast-check";

/**
 * The seed of every fuzz run. Fixed so `npm test` is deterministic; set FUZZ_SEED to explore other inputs,
 * and to replay a failure (its message prints the seed it ran with).
 */
export const FUZZ_SEED = parseSeed(process.env.FUZZ_SEED);

/** Multiplies every part's number of runs (FUZZ_SCALE, default 1), for a longer session by hand. */
export const FUZZ_SCALE = parseScale(process.env.FUZZ_SCALE);

function parseSeed(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 20_260_118;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got ${JSON.stringify(raw)}`);
  return seed | 0;
}

function parseScale(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 1;
  const scale = Number(raw);
  if (!(scale > 0)) throw new Error(`FUZZ_SCALE must be a positive number, got ${JSON.stringify(raw)}`);
  return scale;
}

/** Who sends a request. */
export type Caller = "operator" | "brandOwner" | "anonymous";

/** What came back from the gateway, whatever it was. */
export interface Answer {
  status: number;
  /** The parsed JSON body, or undefined when the body was not JSON. */
  body: unknown;
  text: string;
}

/** Sends one raw HTTP request to the gateway (bodies that are not valid GraphQL requests included). */
export async function send(url: string, init: { body?: string; method?: string; token?: string | null; headers?: Record<string, string> }): Promise<Answer> {
  const response = await fetch(url, {
    method: init.method ?? "POST",
    headers: {
      ...(init.method === "GET" ? {} : { "content-type": "application/json" }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

interface GraphQLErrorBody {
  message?: unknown;
  path?: unknown;
  extensions?: { code?: unknown; serviceName?: unknown };
}

/**
 * Codes that mean the hub failed rather than the caller: an internal error anywhere, a subgraph that
 * answered 5xx or hung (SUBGRAPH_UNAVAILABLE / SUBGRAPH_TIMEOUT), a service that lost its database
 * (SERVICE_UNAVAILABLE). Every part of the hub under test is healthy, so the request itself broke it.
 */
const FAILURE_CODES = new Set(["INTERNAL_SERVER_ERROR", "SUBGRAPH_UNAVAILABLE", "SUBGRAPH_TIMEOUT", "SERVICE_UNAVAILABLE"]);

/**
 * What is wrong with an answer, from the caller's side: a 5xx, a body that is not a GraphQL response, an
 * error without `extensions.code`, an error code that means the hub failed, or (for anonymous callers)
 * a "Did you mean" hint that maps the schema. Empty when the answer is sound.
 */
export function problemsOf(answer: Answer, caller: Caller): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`HTTP ${answer.status}`);
  const body = answer.body as { data?: unknown; errors?: unknown } | undefined;
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    problems.push(`HTTP ${answer.status} with a body that is not a GraphQL response: ${answer.text.slice(0, 300)}`);
    return problems;
  }
  if (body.errors === undefined) {
    if (body.data === undefined || body.data === null) problems.push("neither data nor errors");
    return problems;
  }
  if (!Array.isArray(body.errors) || body.errors.length === 0) {
    problems.push("`errors` is not a non-empty list");
    return problems;
  }
  for (const error of body.errors as GraphQLErrorBody[]) {
    const code = error?.extensions?.code;
    const where = error?.extensions?.serviceName ? ` (from ${String(error.extensions.serviceName)})` : "";
    if (typeof code !== "string" || code === "") problems.push(`an error without extensions.code${where}: ${String(error?.message)}`);
    else if (FAILURE_CODES.has(code)) problems.push(`${code}${where}: ${String(error.message)}`);
    if (caller === "anonymous" && typeof error?.message === "string" && /Did you mean/.test(error.message)) {
      problems.push(`a field suggestion for an anonymous caller: ${error.message}`);
    }
  }
  return problems;
}

/** Throws, describing the request, when the answer has problems. */
export function expectSound(answer: Answer, caller: Caller, request: unknown): void {
  const problems = problemsOf(answer, caller);
  if (problems.length === 0) return;
  throw new Error(
    [
      `The gateway answered a ${caller} badly:`,
      ...problems.map((p) => `  - ${p}`),
      `request: ${truncate(JSON.stringify(request), 4_000)}`,
      `answer: HTTP ${answer.status} ${truncate(answer.text, 2_000)}`,
    ].join("\n"),
  );
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

/**
 * Runs a seeded, bounded property (FUZZ_SEED, `runs` × FUZZ_SCALE runs), shrinking a failure to a small
 * case. The failure names the seed, so `FUZZ_SEED=<seed> npx jest <this file>` replays it.
 */
export async function fuzz<T>(arbitrary: fc.Arbitrary<T>, runs: number, check: (value: T) => Promise<void>): Promise<void> {
  const numRuns = Math.max(1, Math.round(runs * FUZZ_SCALE));
  try {
    await fc.assert(fc.asyncProperty(arbitrary, check), { seed: FUZZ_SEED, numRuns });
  } catch (error) {
    if (error instanceof Error) error.message = `FUZZ_SEED=${FUZZ_SEED} (${numRuns} runs) reproduces this.\n${error.message}`;
    throw error;
  }
}
