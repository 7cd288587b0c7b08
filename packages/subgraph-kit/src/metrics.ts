import { timingSafeEqual } from "node:crypto";
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import type express from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Most distinct operation names one process labels; the rest count as `other` (callers choose names). */
export const MAX_OPERATION_LABELS = 200;

/** A process's Prometheus metrics: its registry, the GraphQL request plugin and the `/metrics` handler. */
export interface ServiceMetrics {
  registry: Registry;
  /** Counts GraphQL requests per operation, type and outcome, and times them. */
  plugin: ApolloServerPlugin<BaseContext>;
  /** Answers `GET /metrics` in the Prometheus text format (with `token`, only to `Authorization: Bearer <token>`). */
  handler(token?: string | null): express.RequestHandler;
  /** Adds a gauge read at each scrape. */
  gauge(name: string, help: string, read: () => number | Promise<number>): void;
  /** Adds a counter; answers the function that increments it. */
  counter(name: string, help: string): (by?: number) => void;
}

/**
 * The metrics of one tracehub process (`service` is a default label): the process's own (CPU, memory, event-loop
 * lag, GC; `tracehub_` prefix), GraphQL requests per operation (`tracehub_graphql_requests_total` and
 * `tracehub_graphql_request_duration_seconds`), and what the service adds with `gauge`.
 */
export function serviceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: "tracehub_" });
  const requests = new Counter({
    name: "tracehub_graphql_requests_total",
    help: "GraphQL requests answered, by operation name, operation type and outcome (ok, or error when the answer carried errors).",
    labelNames: ["operation", "type", "outcome"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "tracehub_graphql_request_duration_seconds",
    help: "Time from receiving a GraphQL request to sending its answer, by operation name and type.",
    labelNames: ["operation", "type"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const names = new Set<string>();
  const label = (name: string | null | undefined): string => {
    const operation = name ?? "anonymous";
    if (names.has(operation)) return operation;
    if (names.size >= MAX_OPERATION_LABELS) return "other";
    names.add(operation);
    return operation;
  };
  const plugin: ApolloServerPlugin<BaseContext> = {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          const operation = label(ctx.operationName);
          const type = ctx.operation?.operation ?? "invalid";
          const body = ctx.response.body;
          const failed = body.kind === "single" ? (body.singleResult.errors?.length ?? 0) > 0 : false;
          requests.inc({ operation, type, outcome: failed ? "error" : "ok" });
          duration.observe({ operation, type }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
  return {
    registry,
    plugin,
    handler: (token) => async (req, res) => {
      if (token && !sameText(req.get("authorization") ?? "", `Bearer ${token}`)) return void res.status(401).json({ errors: [{ message: "The metrics need the metrics token.", extensions: { code: "UNAUTHENTICATED" } }] });
      res.set("content-type", registry.contentType).send(await registry.metrics());
    },
    gauge(name, help, read) {
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          this.set(await read());
        },
      });
    },
    counter(name, help) {
      const counter = new Counter({ name, help, registers: [registry] });
      return (by = 1) => counter.inc(by);
    },
  };
}

/** Compares a presented secret with the expected one in constant time. */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Gauges of a node-postgres pool (TypeORM's `driver.master` of a PostgreSQL data source): connections open, idle and
 * waited for. A data source that is not one adds nothing.
 */
export function poolGauges(metrics: ServiceMetrics, dataSource: unknown): void {
  const pool = () => (dataSource as { driver?: { master?: { totalCount?: number; idleCount?: number; waitingCount?: number } } }).driver?.master;
  if (!pool()) return;
  metrics.gauge("tracehub_db_pool_connections", "Database connections the pool holds open.", () => pool()?.totalCount ?? 0);
  metrics.gauge("tracehub_db_pool_idle_connections", "Open database connections not in use.", () => pool()?.idleCount ?? 0);
  metrics.gauge("tracehub_db_pool_waiting_requests", "Queries waiting for a database connection.", () => pool()?.waitingCount ?? 0);
}

/** An outbox's state, as `OutboxStore.counts()` of @tracehub/db answers it. */
export interface OutboxCounts {
  pending: number;
  dead: number;
  oldestPendingSeconds: number | null;
}

/**
 * Gauges of a service's transactional outbox: messages waiting, parked as dead, and the age of the oldest waiting
 * one (0 when none waits). One read per scrape serves all three.
 */
export function outboxGauges(metrics: ServiceMetrics, counts: () => Promise<OutboxCounts>): void {
  let read: { at: number; counts: Promise<OutboxCounts> } | null = null;
  const current = () => {
    if (!read || Date.now() - read.at > 1_000) read = { at: Date.now(), counts: counts() };
    return read.counts;
  };
  metrics.gauge("tracehub_outbox_pending_messages", "Outbox messages written and not yet delivered (nor dead).", async () => (await current()).pending);
  metrics.gauge("tracehub_outbox_dead_messages", "Outbox messages parked as dead after their last attempt.", async () => (await current()).dead);
  metrics.gauge("tracehub_outbox_oldest_pending_seconds", "Age of the oldest outbox message waiting for delivery (0 when none waits).", async () => (await current()).oldestPendingSeconds ?? 0);
}

/**
 * What a subgraph serves for operations (spread into `startSubgraphServer`'s options): `/ready` (its database
 * answers), `/metrics` (the process, its GraphQL requests and its connection pool; behind `token` when set).
 */
export function observability(service: string, dataSource: { query(sql: string): Promise<unknown> }, token?: string | null) {
  const metrics = serviceMetrics(service);
  poolGauges(metrics, dataSource);
  return {
    metrics,
    metricsToken: token ?? null,
    ready: async () => {
      await dataSource.query("SELECT 1");
    },
  };
}
