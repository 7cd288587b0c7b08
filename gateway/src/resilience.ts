import { AsyncLocalStorage } from "node:async_hooks";
import { EventEmitter } from "node:events";
import type { GraphQLDataSource, RemoteGraphQLDataSource } from "@apollo/gateway";
import { GatewayErrorCode } from "./errors";
import { logLine } from "@tracehub/subgraph-kit/log";

/** How the gateway treats a slow or failing subgraph. */
export interface SubgraphResilienceOptions {
  /** Longest wait for one subgraph answer, body included (SUBGRAPH_TIMEOUT_MS). */
  timeoutMs: number;
  /**
   * The same for a mutation fetch (SUBGRAPH_MUTATION_TIMEOUT_MS): a capture of 10,000 events or a commissioning
   * of 100,000 serials legitimately takes longer, and cutting one off would not undo it.
   */
  mutationTimeoutMs: number;
  /** Consecutive failures (timeouts, unreachable, HTTP 5xx) that open a subgraph's circuit (SUBGRAPH_BREAKER_FAILURES). */
  breakerFailures: number;
  /** How long an open circuit fails calls fast before one probe may go through (SUBGRAPH_BREAKER_COOLDOWN_MS). */
  breakerCooldownMs: number;
}

export const DEFAULT_SUBGRAPH_RESILIENCE: Readonly<SubgraphResilienceOptions> = Object.freeze({
  timeoutMs: 2_000,
  mutationTimeoutMs: 60_000,
  breakerFailures: 3,
  breakerCooldownMs: 10_000,
});

export type BreakerState = "closed" | "open" | "half-open";

/**
 * One subgraph's circuit breaker. Closed: calls go through and consecutive failures are counted; at
 * `breakerFailures` it opens. Open: calls fail fast; after the cool-down it turns half-open. Half-open: one
 * probe goes through (others fail fast); its success closes the circuit, its failure opens it again.
 * Emits `open`, `half-open` and `closed` on each transition.
 */
export class CircuitBreaker extends EventEmitter {
  private current: BreakerState = "closed";
  private failures = 0;
  private probing = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly service: string,
    private readonly options: Pick<SubgraphResilienceOptions, "breakerFailures" | "breakerCooldownMs">,
  ) {
    super();
  }

  get state(): BreakerState {
    return this.current;
  }

  /** Whether a call may go out now (in half-open, only the one probe). */
  tryAcquire(): boolean {
    if (this.current === "closed") return true;
    if (this.current === "open" || this.probing) return false;
    this.probing = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
    if (this.current !== "closed") this.transition("closed");
  }

  failure(): void {
    this.probing = false;
    this.failures += 1;
    if (this.current === "half-open" || (this.current === "closed" && this.failures >= this.options.breakerFailures)) this.open();
  }

  /** Stops the cool-down timer (the gateway stops). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private open(): void {
    this.transition("open");
    this.dispose();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.transition("half-open");
    }, this.options.breakerCooldownMs);
    this.timer.unref();
  }

  private transition(state: BreakerState): void {
    this.current = state;
    this.emit(state);
  }
}

/** The fetch did not finish within the subgraph timeout. */
class SubgraphTimeoutError extends Error {}

type Fetcher = RemoteGraphQLDataSource["fetcher"];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

/** The timeout of the fetch being made (RemoteGraphQLDataSource calls the fetcher without one). */
const fetchTimeout = new AsyncLocalStorage<number>();

/**
 * Wraps a data source's fetcher so the whole exchange (connect, headers and body) is aborted after the
 * timeout. The body is read inside the deadline and handed on from memory.
 */
function withTimeout(inner: Fetcher, defaultTimeoutMs: number): Fetcher {
  return async (url, init) => {
    const timeoutMs = fetchTimeout.getStore() ?? defaultTimeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await inner(url, { ...init, signal: controller.signal });
      const text = await response.text();
      return buffered(response, text);
    } catch (error) {
      if (controller.signal.aborted) throw new SubgraphTimeoutError(`no answer within ${timeoutMs} ms`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

function buffered(response: FetcherResponse, text: string): FetcherResponse {
  const copy: FetcherResponse = {
    bodyUsed: false,
    url: response.url,
    redirected: response.redirected,
    status: response.status,
    ok: response.ok,
    statusText: response.statusText,
    headers: response.headers,
    text: async () => text,
    json: async () => JSON.parse(text),
    arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
    clone: () => buffered(response, text),
  };
  return copy;
}

type ProcessResult = Awaited<ReturnType<GraphQLDataSource["process"]>>;

function failed(code: string, message: string): ProcessResult {
  return { errors: [{ message, extensions: { code } }] } as unknown as ProcessResult;
}

/** The subgraph's own GraphQL errors when it answered 4xx with a GraphQL body (it is up; the request was refused). */
function answeredErrors(error: unknown): unknown[] | null {
  const extensions = (error as { extensions?: { response?: { status?: number; body?: unknown } } })?.extensions;
  const status = extensions?.response?.status;
  const body = extensions?.response?.body as { errors?: unknown } | undefined;
  if (typeof status === "number" && status >= 400 && status < 500 && Array.isArray(body?.errors) && body.errors.length) return body.errors;
  if (status === 401 || status === 403) return [{ message: (error as Error).message, extensions: { code: (error as { extensions: { code?: string } }).extensions.code } }];
  return null;
}

/**
 * A subgraph data source with a timeout and a circuit breaker. Failures become GraphQL errors of the fetch
 * (SUBGRAPH_TIMEOUT, SUBGRAPH_UNAVAILABLE) instead of exceptions, so the gateway returns what the other
 * subgraphs answered and names the failing one in `extensions.serviceName`.
 */
export function resilientDataSource(
  service: string,
  dataSource: RemoteGraphQLDataSource,
  breaker: CircuitBreaker,
  timeouts: Pick<SubgraphResilienceOptions, "timeoutMs" | "mutationTimeoutMs">,
): GraphQLDataSource {
  dataSource.fetcher = withTimeout(dataSource.fetcher, timeouts.timeoutMs);
  return {
    async process(options) {
      // A mutation, or bulk work an HTTP route runs for its caller (a label sheet, an export page), may take long.
      const long = /^\s*mutation\b/.test(options.request.query ?? "") || (options.context as { bulkWork?: boolean } | undefined)?.bulkWork === true;
      const timeoutMs = long ? timeouts.mutationTimeoutMs : timeouts.timeoutMs;
      if (!breaker.tryAcquire()) {
        return failed(GatewayErrorCode.SubgraphUnavailable, `The ${service} service is unavailable (it failed repeatedly; the gateway retries it shortly).`);
      }
      try {
        const result = await fetchTimeout.run(timeoutMs, () => dataSource.process(options));
        breaker.success();
        return result;
      } catch (error) {
        const errors = answeredErrors(error);
        if (errors) {
          breaker.success();
          return { errors } as unknown as ProcessResult;
        }
        breaker.failure();
        if (error instanceof SubgraphTimeoutError) {
          return failed(GatewayErrorCode.SubgraphTimeout, `The ${service} service did not answer within ${timeoutMs} ms.`);
        }
        const cause = (error as { cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
        const detail = cause ?? (error instanceof Error ? error.message : String(error));
        logLine("warn", `[gateway] ${service} failed: ${error instanceof Error ? error.message : String(error)}`);
        return failed(GatewayErrorCode.SubgraphUnavailable, `The ${service} service is unavailable (${detail}).`);
      }
    },
  };
}
