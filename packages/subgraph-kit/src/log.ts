import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import type { Principal } from "@tracehub/auth";
import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Structured JSON logs (pino), one line per event, for every tracehub process. A GraphQL request is one line at
 * `info` with the gateway's request id (the same id in the gateway's line and in each subgraph's), the operation,
 * its outcome and error codes, its duration and who asked: subject, organization, roles and whether by API key.
 * Never a token, a key, variables or anything a caller sent as data (personal data stays out of logs).
 * `LOG_LEVEL` sets the level (default `info`; `silent` turns logs off).
 */

/**
 * The destination tests set, shared by every copy of this module in the process (a workspace package can load
 * twice, by its real path and by its node_modules link).
 */
const SHARED = Symbol.for("tracehub.log.destination");
type Shared = { [SHARED]?: DestinationStream | null };
let stdout: DestinationStream | null = null;
/** Every logger writes here: to the destination tests set, else to standard output (one shared stream). */
const sink: DestinationStream = {
  write(line: string) {
    ((globalThis as Shared)[SHARED] ?? (stdout ??= pino.destination({ fd: 1, sync: false }))).write(line);
  },
};

/** Where every logger writes (tests collect lines); null: standard output again. */
export function setLogDestination(stream: DestinationStream | null): void {
  (globalThis as Shared)[SHARED] = stream;
}

/** The logger of one process or component (`service` on every line). */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Belt and braces: nothing named like a credential is ever written, wherever it appears.
      redact: { paths: ["authorization", "*.authorization", "token", "*.token", "apiKey", "*.apiKey", "password", "*.password"], censor: "[redacted]" },
    },
    sink,
  );
}

const background = new Map<string, Logger>();

/**
 * Logs a line of work done outside any request (workers, relays, streams, caches): `"[service] message"` becomes a
 * JSON line with `service` and the message. Tests collect these with {@link setLogDestination} like request lines.
 */
export function logLine(level: "info" | "warn" | "error", line: string, fields: Record<string, unknown> = {}): void {
  const match = /^\[([\w-]+)\]\s*/.exec(line);
  const service = match?.[1] ?? "tracehub";
  let logger = background.get(service);
  if (!logger) background.set(service, (logger = createLogger(service)));
  logger[level](fields, match ? line.slice(match[0].length) : line);
}

/** Who asked, as a log line may say it. */
export function principalForLog(principal: Principal | null | undefined): Record<string, unknown> {
  if (!principal || principal.anonymous) return { anonymous: true };
  return { sub: principal.sub, org: principal.org, roles: principal.roles, ...(principal.apiKeyScopes ? { apiKey: true } : {}) };
}

/**
 * Logs each GraphQL request once it is answered: request id (from `requestId(context, headers)`), operation name and
 * type, outcome and error codes, duration, principal.
 */
export function requestLogPlugin<TContext extends BaseContext>(
  log: Logger,
  who: (context: TContext) => { requestId: string | null; principal: Principal | null | undefined },
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          if (!log.isLevelEnabled("info")) return;
          const { requestId, principal } = who(ctx.contextValue);
          const body = ctx.response.body;
          const errors = body.kind === "single" ? (body.singleResult.errors ?? []) : [];
          const codes = [...new Set(errors.map((e) => String(e.extensions?.code ?? "UNKNOWN")))];
          log.info(
            {
              requestId: requestId ?? ctx.request.http?.headers.get("x-request-id") ?? null,
              operation: ctx.operationName ?? null,
              type: ctx.operation?.operation ?? "invalid",
              outcome: codes.length ? "error" : "ok",
              ...(codes.length ? { codes } : {}),
              ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
              principal: principalForLog(principal),
            },
            "graphql request",
          );
        },
      };
    },
  };
}
