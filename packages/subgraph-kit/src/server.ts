import http from "node:http";
import type { ServiceMetrics } from "./metrics";
import type { AddressInfo } from "node:net";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServer, type BaseContext } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { type Principal, GRAPHQL_WS_BINDING, PRINCIPAL_HEADER, STREAM_CURSOR_EXTENSION, STREAM_POSITIONS_PARAM, STREAM_TRACE_EXTENSION, internalBinding, isAuthError, requestBinding, verifyPrincipal } from "@tracehub/auth";
import { ErrorCode, SubscriptionCloseCode } from "@tracehub/errors";
import express from "express";
import { type ExecutionResult, GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { DomainError, formatError } from "./errors";
import { createLogger, requestLogPlugin } from "./log";
import { tracedRequests } from "./tracing";

/** What every subgraph context carries. */
export interface SubgraphContext extends BaseContext {
  /** The caller, as the gateway signed it. */
  principal: Principal;
  /**
   * In a resumable subscription: the cursor of the stream position it is at. Its subscribe function sets the
   * position it starts after, and its field resolver the position of each event; the gateway is told it (see
   * `STREAM_POSITIONS_PARAM`).
   */
  streamCursor?: string;
  /** In a resumable subscription: the `traceparent` of the request that stored the current event, when it was traced. */
  streamTraceParent?: string | null;
}

/** Options for {@link startSubgraphServer}. */
export interface SubgraphServerOptions<TCtx extends SubgraphContext> {
  /** Service name, for logs and health. */
  name: string;
  /** The federated schema. */
  schema: GraphQLSchema;
  /** Key that verifies the gateway's principal header. */
  principalKey: string;
  /** Builds the rest of the per-request context (fresh DataLoaders) for a verified principal. */
  context: (principal: Principal) => TCtx | Promise<TCtx>;
  /** Port (0 = any free port). */
  port: number;
  /** Interface to bind (default 127.0.0.1: subgraphs are not meant to be public). */
  host?: string;
  /** Largest request body accepted (default 1 MB). */
  bodyLimit?: string;
  /**
   * Serve the schema's subscriptions over graphql-ws on the same `/graphql` path. The gateway connects with
   * the signed principal in `connectionParams["x-tracehub-principal"]`; an unsigned or forged one closes the
   * connection with 4403.
   */
  subscriptions?: boolean;
  /** Runs first when the server stops (e.g. to stop a stream tailer and end its subscriptions). */
  onStop?: () => Promise<void>;
  /**
   * Internal endpoints for other tracehub processes (never part of the supergraph): `POST /internal/<name>` with a
   * JSON body, answered with the handler's JSON result. The caller must send a principal signed with the
   * principal key for exactly that call (`internalBinding(name, body)` of @tracehub/auth).
   */
  internal?: Record<string, InternalHandler>;
  /** More to report on `/health` (e.g. outbox backlog and dead messages), merged into its JSON. */
  health?: () => Promise<Record<string, unknown>>;
  /** Throws when the service cannot serve (its database unreachable): `/ready` answers 503 then. */
  ready?: () => Promise<void>;
  /** The process's metrics (`/metrics`); the server adds its GraphQL request plugin. */
  metrics?: ServiceMetrics;
  /** When set, `/metrics` answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string | null;
}

/**
 * An internal endpoint: the verified calling principal and the JSON body in, a JSON result out (200). A handler
 * whose contract has another status for an expected answer (e.g. 404 for an unknown credential) sets it with
 * `reply.status(code)` before returning the body.
 */
export type InternalHandler = (body: unknown, caller: Principal, reply: { status(code: number): void }) => Promise<unknown>;

/** A running subgraph. */
export interface RunningSubgraph {
  /** The GraphQL endpoint. */
  url: string;
  port: number;
  /** The underlying HTTP server (to attach WebSocket servers). */
  httpServer: http.Server;
  /** Stops accepting requests, drains in-flight ones and closes. */
  stop(): Promise<void>;
}

/**
 * Serves a subgraph over HTTP at `/graphql` (Apollo Server 5 on express 5), with `/health`.
 * Every GraphQL request must carry a principal signed by the gateway; unsigned or forged ones are
 * answered with `UNAUTHENTICATED` and never reach a resolver.
 */
export async function startSubgraphServer<TCtx extends SubgraphContext>(options: SubgraphServerOptions<TCtx>): Promise<RunningSubgraph> {
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(tracedRequests(app));
  // Longer than the gateway's idle sockets, so the gateway never reuses a socket we just closed.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  const log = createLogger(options.name);
  const server = new ApolloServer<TCtx>({
    schema: options.schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // The process entry point owns shutdown: Apollo's own signal handlers would stop the server a second time.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginInlineTraceDisabled(),
      // No cache hints are declared anywhere, and the gateway answers no-store on its own: Apollo's cache-control
      // plugin only cost a hook on every resolved field (with it, Apollo wraps every resolver; about 3% of units' CPU on
      // a 1,000-event provenance).
      ApolloServerPluginCacheControlDisabled(),
      ...(options.metrics ? [options.metrics.plugin] : []),
      // The request id comes from the gateway's x-request-id header, so one id joins the gateway's line and ours.
      requestLogPlugin<TCtx>(log, (ctx) => ({ requestId: null, principal: (ctx as SubgraphContext).principal })),
    ],
  });
  await server.start();

  app.get("/health", async (_req, res) => {
    let extra: Record<string, unknown>;
    try {
      extra = (await options.health?.()) ?? {};
    } catch (error) {
      extra = { healthError: error instanceof Error ? error.message : String(error) };
    }
    res.json({ service: options.name, ok: true, ...extra });
  });
  // Ready: alive and able to serve (its database answers). Load balancers and orchestrators route by it.
  app.get("/ready", async (_req, res) => {
    try {
      await options.ready?.();
      res.json({ service: options.name, ready: true });
    } catch (error) {
      res.status(503).json({ service: options.name, ready: false, reason: error instanceof Error ? error.message : String(error) });
    }
  });
  if (options.metrics) app.get("/metrics", options.metrics.handler(options.metricsToken ?? null));
  app.use(
    "/graphql",
    express.json({ limit: options.bodyLimit ?? "1mb" }),
    expressMiddleware(server, {
      context: async ({ req }) => {
        let principal: Principal;
        try {
          principal = verifyPrincipal(req.header(PRINCIPAL_HEADER), options.principalKey, requestBinding((req.body ?? {}) as Record<string, unknown>));
        } catch (error) {
          const message = isAuthError(error) ? error.message : "The principal header could not be verified.";
          throw new GraphQLError(message, { extensions: { code: ErrorCode.Unauthenticated, http: { status: 401 } } });
        }
        return options.context(principal);
      },
    }),
  );
  // Body errors answer JSON, never Express's HTML page (which would show a stack trace and file paths).
  const bodyErrors = (limit: string) => (error: { type?: string; status?: number; message?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (error?.type === "entity.too.large") {
      res.status(413).json({ errors: [{ message: `The request body exceeds ${limit}.`, extensions: { code: ErrorCode.LimitExceeded } }] });
      return;
    }
    if (error?.type === "entity.parse.failed") {
      res.status(400).json({ errors: [{ message: "The request body is not valid JSON.", extensions: { code: ErrorCode.BadRequest } }] });
      return;
    }
    next(error);
  };
  app.use(bodyErrors(options.bodyLimit ?? "1mb"));

  for (const [name, handler] of Object.entries(options.internal ?? {})) {
    app.post(`/internal/${name}`, express.json({ limit: "256kb" }), async (req, res) => {
      let caller: Principal;
      try {
        caller = verifyPrincipal(req.header(PRINCIPAL_HEADER), options.principalKey, internalBinding(name, req.body));
      } catch (error) {
        res.status(401).json({ error: { code: ErrorCode.Unauthenticated, message: isAuthError(error) ? error.message : "The principal could not be verified." } });
        return;
      }
      try {
        let status = 200;
        const result = await handler(req.body, caller, { status: (code) => void (status = code) });
        res.status(status).json(result);
      } catch (error) {
        if (error instanceof DomainError) {
          res.status(400).json({ error: { code: error.code, message: error.message, ...(error.reason === undefined ? {} : { reason: error.reason }) } });
          return;
        }
        log.error({ err: error, endpoint: name }, "internal endpoint failed");
        res.status(500).json({ error: { code: ErrorCode.Internal, message: "Internal error; it has been logged." } });
      }
    });
  }
  app.use(bodyErrors("256kb"));
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    log.error({ err: error }, "request failed");
    res.status(500).json({ errors: [{ message: "Internal error; it has been logged.", extensions: { code: ErrorCode.Internal } }] });
  });

  try {
    await listen(httpServer, options.port, options.host ?? "127.0.0.1");
  } catch (error) {
    await options.onStop?.();
    await server.stop();
    throw error;
  }
  // The WebSocket server joins once the port is ours: before, a listen error would also reach graphql-ws, which
  // logs it as an internal error of its own.
  const ws = options.subscriptions ? serveSubscriptions(httpServer, options) : null;
  const { port } = httpServer.address() as AddressInfo;
  let stopping: Promise<void> | null = null;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}/graphql`,
    port,
    httpServer,
    stop: () =>
      (stopping ??= (async () => {
        await options.onStop?.();
        if (ws) {
          // dispose() closes each client with 1001 (going away) and waits for it; one that never answers is cut off.
          const cutoff = setTimeout(() => {
            for (const client of ws.wss.clients) client.terminate();
          }, 5_000);
          try {
            await ws.server.dispose();
          } finally {
            clearTimeout(cutoff);
          }
        }
        await server.stop();
        if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      })()),
  };
}

/**
 * Listens on `port` of `host`. A port that cannot be opened rejects with an error saying which and why
 * (`error.code` kept: EADDRINUSE, EACCES, EADDRNOTAVAIL), for the entry point to add what to set.
 */
function listen(httpServer: http.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      httpServer.off("listening", listening);
      const why =
        error.code === "EADDRINUSE"
          ? `port ${port} on ${host} is in use`
          : error.code === "EACCES"
            ? `port ${port} on ${host} needs privileges (ports below 1024)`
            : error.code === "EADDRNOTAVAIL"
              ? `${host} is not an address of this machine`
              : `cannot listen on ${host}:${port}: ${error.message}`;
      reject(Object.assign(new Error(`${why} (${error.code ?? "listen failed"})`), { code: error.code }));
    };
    const listening = () => {
      httpServer.off("error", failed);
      resolve();
    };
    httpServer.once("error", failed);
    httpServer.once("listening", listening);
    httpServer.listen(port, host);
  });
}

/** Formats errors for graphql-ws the way HTTP answers them (codes kept, internals masked). */
function formatWsErrors(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
  return errors.map((e) => formatError(e.toJSON(), e));
}

function positionsWanted(params: Readonly<Record<string, unknown>> | undefined): boolean {
  return params?.[STREAM_POSITIONS_PARAM] === true;
}

function streamCursorOf(context: unknown): string | undefined {
  const cursor = (context as Partial<SubgraphContext> | null | undefined)?.streamCursor;
  return typeof cursor === "string" ? cursor : undefined;
}

function isAsyncIterator(value: unknown): value is AsyncIterableIterator<ExecutionResult> {
  return !!value && typeof value === "object" && Symbol.asyncIterator in value && typeof (value as { next?: unknown }).next === "function";
}

/** `rest`, after one message `first`; ending it ends `rest`. */
function startingWith(first: ExecutionResult, rest: AsyncIterableIterator<ExecutionResult>): AsyncIterableIterator<ExecutionResult> {
  let sent = false;
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    next: () => {
      if (sent) return rest.next();
      sent = true;
      return Promise.resolve({ value: first, done: false });
    },
    return: (value?: unknown) => rest.return?.(value) ?? Promise.resolve({ value: undefined, done: true }),
    throw: (error?: unknown) => rest.throw?.(error) ?? Promise.reject(error),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** graphql-ws on the subgraph's HTTP server; the principal comes signed in `connectionParams`. */
function serveSubscriptions<TCtx extends SubgraphContext>(httpServer: http.Server, options: SubgraphServerOptions<TCtx>) {
  const wss = new WebSocketServer({ server: httpServer, path: "/graphql" });
  const server = useServer<Record<string, unknown>, { principal?: Principal }>(
    {
      schema: options.schema,
      onConnect: (ctx) => {
        try {
          const header = ctx.connectionParams?.[PRINCIPAL_HEADER];
          ctx.extra.principal = verifyPrincipal(typeof header === "string" ? header : undefined, options.principalKey, GRAPHQL_WS_BINDING);
          return true;
        } catch (error) {
          ctx.extra.socket.close(SubscriptionCloseCode.Forbidden, isAuthError(error) ? error.message : "The principal could not be verified.");
          return false;
        }
      },
      context: (ctx) => options.context(ctx.extra.principal as Principal),
      onOperation: (ctx, _id, _payload, args, result) => {
        const cursor = positionsWanted(ctx.connectionParams) ? streamCursorOf(args.contextValue) : undefined;
        if (cursor === undefined || !isAsyncIterator(result)) return undefined;
        return startingWith({ extensions: { [STREAM_CURSOR_EXTENSION]: cursor } }, result);
      },
      onNext: (ctx, _id, _payload, args, result) => {
        const { errors, ...rest } = result as ExecutionResult;
        const formatted = (errors ? { ...rest, errors: formatWsErrors(errors) } : rest) as ExecutionResult;
        const cursor = positionsWanted(ctx.connectionParams) ? streamCursorOf(args.contextValue) : undefined;
        if (cursor === undefined) return formatted;
        const traceparent = (args.contextValue as Partial<SubgraphContext> | null | undefined)?.streamTraceParent;
        return { ...formatted, extensions: { ...formatted.extensions, [STREAM_CURSOR_EXTENSION]: cursor, ...(traceparent ? { [STREAM_TRACE_EXTENSION]: traceparent } : {}) } };
      },
      onError: (_ctx, _id, _payload, errors) => formatWsErrors(errors) as unknown as GraphQLError[],
    },
    wss,
  );
  return { wss, server };
}
