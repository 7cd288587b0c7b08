import type http from "node:http";
import { type Context, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { Resource } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";

/**
 * OpenTelemetry traces for every hub process: off unless an OTLP endpoint is configured
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, OTLP over HTTP; `OTEL_SDK_DISABLED=true`
 * turns it off again). When on, a process traces:
 * - each HTTP request it serves (a server span, continuing the caller's W3C `traceparent`);
 * - each SQL statement run inside a traced request (`pg.query`: the statement text, never its parameters);
 * - in the gateway, Apollo's own spans (plan, execute, one `gateway.fetch` per subgraph call), whose context goes
 *   to the subgraph in `traceparent`;
 * - each outbox delivery, continuing the trace of the request that wrote the message;
 * - in the gateway, each movement's delivery to live subscribers, continuing the trace of the capture that stored it.
 * Off, every helper here is a no-op through the OpenTelemetry API's default (non-recording) tracer.
 */
const TRACER = "tracehub";

let provider: BasicTracerProvider | null = null;

/** Whether this environment asks for traces. */
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if ((env.OTEL_SDK_DISABLED ?? "").toLowerCase() === "true") return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

/**
 * Starts tracing for this process when configured (see above); returns a function that flushes and stops it, or
 * null when tracing is off. Call once, first thing in a process's entry point.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): (() => Promise<void>) | null {
  if (provider || !tracingConfigured(env)) return null;
  const started = new BasicTracerProvider({
    resource: new Resource({ "service.name": env.OTEL_SERVICE_NAME || `tracehub-${serviceName}` }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  started.register({ contextManager: new AsyncLocalStorageContextManager().enable(), propagator: new W3CTraceContextPropagator() });
  provider = started;
  tracePostgres();
  return async () => {
    await started.shutdown();
    provider = null;
  };
}

function tracer() {
  return trace.getTracer(TRACER);
}

/** The route a span is named after: the path's first segment, never identifiers or query strings. */
function routeOf(url: string | undefined): string {
  const path = (url ?? "/").split("?")[0] ?? "/";
  const first = path.split("/")[1] ?? "";
  return `/${first}`;
}

/**
 * Wraps a server's request listener: each request runs in a server span that continues the caller's trace
 * (`traceparent`). The request and response emitters are bound to it, so body parsing and everything after it
 * stay in the span's context.
 */
export function tracedRequests(listener: http.RequestListener): http.RequestListener {
  return (req, res) => {
    if (!provider) {
      listener(req, res);
      return;
    }
    const parent = propagation.extract(context.active(), req.headers);
    const route = routeOf(req.url);
    const span = tracer().startSpan(
      `${req.method ?? "GET"} ${route}`,
      { kind: SpanKind.SERVER, attributes: { "http.request.method": req.method ?? "GET", "http.route": route } },
      parent,
    );
    const ctx = trace.setSpan(parent, span);
    context.bind(ctx, req);
    context.bind(ctx, res);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      span.setAttribute("http.response.status_code", res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once("finish", end);
    res.once("close", end);
    context.with(ctx, () => listener(req, res));
  };
}

/** Writes the active trace context into outgoing headers (anything with `set(name, value)`, like Fetch `Headers`, or a plain object). */
export function injectTraceContext(headers: { set(name: string, value: string): void } | Record<string, string>, ctx: Context = context.active()): void {
  if (!provider) return;
  if (typeof headers.set === "function") {
    const target = headers as { set(name: string, value: string): void };
    propagation.inject(ctx, target, { set: (_carrier, key, value) => target.set(key, value) });
  } else propagation.inject(ctx, headers);
}

/** The active trace context as a `traceparent` string, to store beside work done later (an outbox message); null when not traced. */
export function currentTraceParent(): string | null {
  if (!provider) return null;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/**
 * Runs `work` in a new span and ends it when `work` settles (a throw marks it as an error). Its parent is the active
 * span, or, for work done later on behalf of a request (an outbox delivery), `continues.traceparent`: that request's
 * trace, and never whatever happens to be active (a relay round woken by one request delivers others' messages too),
 * so a message written outside any trace starts a trace of its own.
 */
export async function inSpan<T>(
  name: string,
  attributes: Record<string, string | number | boolean>,
  work: (span: Span) => Promise<T>,
  continues?: { traceparent: string | null },
): Promise<T> {
  if (!provider) return work(trace.wrapSpanContext({ traceId: "0".repeat(32), spanId: "0".repeat(16), traceFlags: 0 }));
  const parent = continues ? (continues.traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent: continues.traceparent }) : ROOT_CONTEXT) : context.active();
  const span = tracer().startSpan(name, { attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

let pgPatched = false;

/**
 * One span per SQL statement run inside a traced request or delivery (`pg.query`, with the statement's text,
 * never its parameters). Statements of idle background pollers have no active span and make none.
 */
function tracePostgres(): void {
  if (pgPatched) return;
  pgPatched = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require("pg") as { Client: { prototype: { query: (...args: unknown[]) => unknown; database?: string } } };
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function tracedQuery(this: { database?: string }, ...args: unknown[]): unknown {
    const active = trace.getSpan(context.active());
    if (!provider || !active) return original.apply(this, args);
    const config = args[0] as string | { text?: string; submit?: unknown } | undefined;
    const text = typeof config === "string" ? config : (config?.text ?? "");
    const span = tracer().startSpan(
      "pg.query",
      { kind: SpanKind.CLIENT, attributes: { "db.system": "postgresql", "db.statement": text.slice(0, 2_000), ...(this.database ? { "db.name": this.database } : {}) } },
      context.active(),
    );
    const finish = (error?: unknown) => {
      if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      span.end();
    };
    const callbackAt = args.findIndex((a) => typeof a === "function");
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (error: unknown, result: unknown) => void;
      args[callbackAt] = (error: unknown, result: unknown) => {
        finish(error);
        callback(error, result);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args) as { then?: unknown; once?: (event: string, fn: (e?: unknown) => void) => void };
    if (result && typeof result.then === "function") {
      (result as Promise<unknown>).then(
        () => finish(),
        (error: unknown) => finish(error),
      );
    } else if (result && typeof result.once === "function") {
      result.once("end", () => finish());
      result.once("error", (error) => finish(error));
    } else {
      finish();
    }
    return result;
  };
}
