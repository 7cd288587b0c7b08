import http from "node:http";
import https from "node:https";
import type { RemoteGraphQLDataSource } from "@apollo/gateway";

type Fetcher = RemoteGraphQLDataSource["fetcher"];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

/** How the gateway talks to its subgraphs. */
export interface SubgraphClientOptions {
  /** Most connections open to one subgraph at once (default 256). */
  maxSockets?: number;
  /**
   * How long an idle kept-alive connection is kept (default 30 s). Below the subgraphs' own keep-alive timeout
   * (65 s), so the gateway closes an idle connection before the subgraph does.
   */
  idleMs?: number;
}

/**
 * The gateway's subgraph HTTP client: Node's `http` with a keep-alive agent, the body read into memory. It replaces
 * the data source's default (make-fetch-happen), whose agent library builds an `Error().stack` per request to tell
 * https from http and whose fetch layer copies headers and bodies several times: about a quarter of the gateway's CPU
 * on small public checks (issue 16's profile). Nothing here caches, retries a write, or follows redirects.
 *
 * A query sent on a reused connection that the subgraph closed at that moment (`ECONNRESET` before any answer) is
 * sent once more on a new connection, as Node's documentation advises; a mutation is not (it may have arrived).
 */
export function keepAliveFetcher(options: SubgraphClientOptions = {}): Fetcher & { close(): void } {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 256, timeout: options.idleMs ?? 30_000, scheduling: "lifo" as const };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const fetcher: Fetcher = async (url, init) => {
    const target = new URL(url);
    const method = init?.method ?? "GET";
    const body = typeof init?.body === "string" ? init.body : init?.body === undefined || init.body === null ? undefined : String(init.body);
    const headers: Record<string, string> = { ...(init?.headers as Record<string, string> | undefined) };
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    const send = () =>
      exchange(target, { method, headers, agent: target.protocol === "https:" ? agents.https : agents.http, signal: init?.signal as AbortSignal | undefined }, body);
    try {
      return await send();
    } catch (error) {
      if (error instanceof StaleConnectionError && !isMutation(body)) return send();
      throw error instanceof StaleConnectionError ? error.cause : error;
    }
  };
  return Object.assign(fetcher, {
    /** Closes the idle connections (in-flight ones finish). */
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  });
}

/** A reused connection was reset before any answer came. */
class StaleConnectionError extends Error {}

function isMutation(body: string | undefined): boolean {
  return body !== undefined && /"query"\s*:\s*"\s*mutation\b/.test(body);
}

function exchange(target: URL, options: http.RequestOptions, body: string | undefined): Promise<FetcherResponse> {
  return new Promise((resolve, reject) => {
    const request = (target.protocol === "https:" ? https : http).request(target, options, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => resolve(inMemory(target.href, response, Buffer.concat(chunks).toString("utf8"))));
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      reject(request.reusedSocket && error.code === "ECONNRESET" ? new StaleConnectionError("stale connection", { cause: error }) : error);
    });
    request.end(body);
  });
}

function inMemory(url: string, response: http.IncomingMessage, text: string): FetcherResponse {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const status = response.statusCode ?? 0;
  const answer: FetcherResponse = {
    bodyUsed: false,
    url,
    redirected: false,
    status,
    ok: status >= 200 && status < 300,
    statusText: response.statusMessage ?? "",
    headers,
    text: async () => text,
    json: async () => JSON.parse(text),
    arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
    clone: () => inMemory(url, response, text),
  };
  return answer;
}
