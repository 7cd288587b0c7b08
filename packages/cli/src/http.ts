import { CliError } from "./errors";

/** API keys of this hub start with this (suppliers' `API_KEY_PREFIX`); anything else is sent as a bearer token. */
export const API_KEY_PREFIX = "thk_";

/**
 * The `Authorization` value of a credential: `ApiKey <key>` for a hub API key (`thk_...`), `Bearer <jwt>` otherwise.
 * A value that already names its scheme is sent as given.
 */
export function authorizationOf(token: string | undefined): string | undefined {
  if (!token) return undefined;
  if (/^(Bearer|ApiKey)\s/i.test(token)) return token;
  return token.startsWith(API_KEY_PREFIX) ? `ApiKey ${token}` : `Bearer ${token}`;
}

/** An RFC 7807 problem, as the REST binding answers errors. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
}

/** One line for a problem: `title: detail` (or what there is). */
export function problemLine(problem: Problem | null, status: number, statusText = ""): string {
  const parts = [problem?.title, problem?.detail].filter((p): p is string => typeof p === "string" && p.length > 0);
  return parts.length > 0 ? `${parts.join(": ")} (HTTP ${status})` : `HTTP ${status}${statusText ? ` ${statusText}` : ""}`;
}

/** The wait a `Retry-After` value asks for, in ms (seconds or an HTTP date), or undefined. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (value.trim() !== "" && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff: 500 ms, 1 s, 2 s, ... at most 30 s, unless the server said how long (at most 5 min). */
export function backoffMs(attempt: number, retryAfter: number | undefined): number {
  if (retryAfter !== undefined) return Math.min(retryAfter, 300_000);
  return Math.min(30_000, 500 * 2 ** attempt);
}

/** A failure worth trying again: rate limited, a server error, or no answer at all. */
export class TransientError extends Error {
  override readonly name = "TransientError";
  constructor(
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** Settings of {@link HubClient}. */
export interface HubClientOptions {
  /** The gateway's base URL, e.g. `http://127.0.0.1:4000`. */
  url: string;
  /** A JWT or an API key. */
  token?: string | undefined;
  /** Attempts per request on 429, 5xx and network errors (default 8). */
  attempts?: number;
  /** Called before each wait between attempts. */
  onRetry?: (message: string, waitMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** What a GraphQL answer carries. */
interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** The gateway over HTTP: GraphQL at `/graphql` and the REST routes beside it. */
export class HubClient {
  readonly base: string;
  private readonly authorization: string | undefined;
  private readonly attempts: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: HubClientOptions) {
    this.base = options.url.replace(/\/+$/, "").replace(/\/graphql$/, "");
    this.authorization = authorizationOf(options.token);
    this.attempts = Math.max(1, options.attempts ?? 8);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * An absolute URL: a path of the CLI's own (`/graphql`, `/epcis/capture`) under the base URL, whatever path it
   * has; anything else (a `Location` the hub answered) resolved against it as a browser would.
   */
  resolve(pathOrUrl: string, own = false): string {
    return own ? `${this.base}${pathOrUrl}` : new URL(pathOrUrl, `${this.base}/`).toString();
  }

  /** Headers of every request: the credential, when there is one. */
  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.authorization ? { authorization: this.authorization } : {}), ...extra };
  }

  /**
   * Sends a request, trying again after 429, 5xx and network errors with exponential backoff (honouring
   * `Retry-After`); answers any other response as it is.
   * @throws CliError once every attempt failed, with the last reason and `hint`.
   */
  async request(method: string, pathOrUrl: string, init: { body?: string | Buffer; headers?: Record<string, string>; hint?: string; followed?: boolean } = {}): Promise<Response> {
    let last = "";
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      let response: Response;
      try {
        response = await fetch(this.resolve(pathOrUrl, !init.followed), { method, headers: this.headers(init.headers), ...(init.body !== undefined ? { body: init.body } : {}) });
      } catch (error) {
        last = `no answer from ${this.base} (${causeOf(error)})`;
        if (attempt + 1 < this.attempts) await this.wait(last, backoffMs(attempt, undefined));
        continue;
      }
      if (response.status !== 429 && response.status < 500) return response;
      const problem = await readProblem(response);
      last = problemLine(problem, response.status, response.statusText);
      if (attempt + 1 < this.attempts) await this.wait(last, backoffMs(attempt, retryAfterMs(response.headers.get("retry-after"))));
    }
    throw new CliError(`${method} ${pathOrUrl} failed ${this.attempts} times (last: ${last})${init.hint ? `: ${init.hint}` : ""}`);
  }

  /**
   * Runs a GraphQL operation.
   * @throws CliError `CODE: message` of the first GraphQL error, or the HTTP failure.
   */
  async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await this.request("POST", "/graphql", { body: JSON.stringify({ query, variables }), headers: { "content-type": "application/json", accept: "application/json" } });
    const text = await response.text();
    let body: GraphQLBody<T>;
    try {
      body = JSON.parse(text) as GraphQLBody<T>;
    } catch {
      throw new CliError(`The hub answered HTTP ${response.status} with something that is not JSON: ${text.slice(0, 200)}`);
    }
    const error = body.errors?.[0];
    if (error) throw new CliError(`${error.extensions?.code ?? "ERROR"}: ${error.message}`);
    if (!response.ok || !body.data) throw new CliError(`The hub answered HTTP ${response.status} without data`);
    return body.data;
  }

  private async wait(message: string, ms: number): Promise<void> {
    this.options.onRetry?.(message, ms);
    await this.sleep(ms);
  }
}

/** The problem in a response body, when it is one (JSON with a title or detail). */
export async function readProblem(response: Response): Promise<Problem | null> {
  try {
    const text = await response.text();
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === "object") {
      const b = body as Problem & { errors?: { message?: string; extensions?: { code?: string } }[] };
      if (b.title || b.detail) return b;
      // GraphQL-style errors from other gateway routes.
      const first = b.errors?.[0];
      if (first?.message) return { title: first.extensions?.code ?? "Error", detail: first.message };
    }
    return null;
  } catch {
    return null;
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
