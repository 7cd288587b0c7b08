import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloGateway, type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import { ANONYMOUS, type JwtSettings, PRINCIPAL_HEADER, type Principal, requestBinding, signPrincipal } from "@tracehub/auth";
// The metrics module alone: the kit's index loads type-graphql, which the gateway does not use.
import { createLogger, requestLogPlugin } from "@tracehub/subgraph-kit/log";
import { injectTraceContext, tracedRequests } from "@tracehub/subgraph-kit/tracing";
import type { Logger } from "pino";
import { serviceMetrics } from "@tracehub/subgraph-kit/metrics";
import express from "express";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ErrorCode, GatewayErrorCode, gatewayError } from "./errors";
import { ApiKeyDirectory } from "./api-keys";
import { type AuditOptions, AuditTrail, auditPlugin } from "./audit";
import { dashboardRouter } from "./dashboard";
import { epcisRestRouter } from "./epcis/rest";
import { EpcisException, sendProblem } from "./epcis/problem";
import { exportRouter } from "./exports";
import { labelRouter } from "./labels";
import { type ResolverOptions, digitalLinkResolver, isResolverPath } from "./resolver/router";
import { type TrackingOptions, trackingRouter } from "./tracking";
import { type Authentication, Authenticator, apiKeyScopeRefusal } from "./authenticate";
import { countryOfAddress } from "./geoip";
import { authenticateAndLimit, clientAddressOf, parseTrustProxy, securityHeaders } from "./http-security";
import { DEFAULT_QUERY_LIMITS, type QueryLimits, assertWithinLimits, isPublicOperation, isTokenLimitError, limitValidationRules } from "./limits";
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from "./rate-limit";
import { CircuitBreaker, DEFAULT_SUBGRAPH_RESILIENCE, type SubgraphResilienceOptions, resilientDataSource } from "./resilience";
import { keepAliveFetcher } from "./subgraph-client";
import { MemberDirectory } from "./members";
import { ScopeDirectory } from "./principal-scope";
import { isRegisteredPublicDocument, operationHash, publicOperationByHash, publicOperationManifest } from "./public-operations";
import { type GatewaySubscriptions, type WebSocketLimits, serveGatewaySubscriptions } from "./subscriptions/server";

/** The gateway's per-request context. */
export interface GatewayContext extends BaseContext {
  principal: Principal;
  /** The client's address (honouring the trust-proxy setting), for the audit log. */
  clientAddress?: string;
  /** This request's id: answered in `x-request-id`, recorded in the audit log, sent on to the subgraphs. */
  requestId?: string;
  /** The country the caller's address is in (offline IP database), signed into the principal; never the address. */
  clientCountry?: string;
  /** Set by the bulk HTTP routes (exports, label sheets): their subgraph calls get the long timeout. */
  bulkWork?: boolean;
}

/** The header that carries a request's id (in the gateway's answer, and to the subgraphs). */
export const REQUEST_ID_HEADER = "x-request-id";

/** Options for {@link startGateway}. */
export interface GatewayOptions {
  /** The composed supergraph SDL (the checked-in `supergraph.graphql`). */
  supergraphSdl: string;
  /** Where each subgraph listens now (overrides the URLs in the supergraph). */
  subgraphUrls: Record<string, string>;
  /** Access-token verification: HS256 tokens, and an identity provider's RS256/ES256 tokens (`jwt.jwks`). */
  jwt: JwtSettings;
  /** Key that signs the principal header for subgraphs. */
  principalKey: string;
  /**
   * How long an organization's looked-up scope (prefixes, grants, locations) and a person's looked-up membership
   * are reused, in ms (default 5,000): grants, revocations and member changes take effect within it.
   */
  scopeCacheMs?: number;
  /**
   * How long an API key's look-up (valid, or not valid) is reused, in ms (default 5,000): a revoked key is refused
   * within it, and a live graphql-ws connection made with it is closed within it too.
   */
  apiKeyCacheMs?: number;
  port: number;
  host?: string;
  /** Shorthand for `limits.maxDepth`. */
  maxQueryDepth?: number;
  /** Shorthand for `limits.maxFields`. */
  maxQueryFields?: number;
  /** Operation size limits (default {@link DEFAULT_QUERY_LIMITS}). */
  limits?: Partial<QueryLimits>;
  maxBodyBytes?: number;
  /** Most undelivered messages per graphql-ws subscription before the client is closed as too slow (default 1,000). */
  maxQueuedPerSubscriber?: number;
  /** Subgraph timeout and circuit breaker (default {@link DEFAULT_SUBGRAPH_RESILIENCE}). */
  subgraphs?: Partial<SubgraphResilienceOptions>;
  /** Token-bucket rate limits (default {@link DEFAULT_RATE_LIMITS}; `UNLIMITED` turns them off). */
  rateLimits?: RateLimits;
  /** The EPCIS REST binding's capture limits, as the units service applies them (default 16 MB and 10,000 events). */
  epcis?: { maxCaptureBytes?: number; maxCaptureEvents?: number };
  /** Bounds on the graphql-ws endpoint. */
  websocket?: Partial<WebSocketLimits>;
  /** express `trust proxy`: whose `X-Forwarded-For` / `X-Forwarded-Proto` to believe (default false). */
  trustProxy?: boolean | number | string;
  /**
   * Place callers in a country from their address through an offline IP database (default true), for the public
   * authenticity check's log when the client sends no `origin`; the address itself is never passed on.
   */
  geoIp?: boolean;
  /** Serve `/metrics` (Prometheus): with a token, only to `Authorization: Bearer <token>`; false turns it off (default: on, open). */
  metrics?: { token: string | null } | false;
  /** How long stop() lets in-flight requests finish and subscribers acknowledge the close (default 10 s). */
  shutdownGraceMs?: number;
  /** The audit trail of regulators' reads: flush interval, batch and queue bounds (default {@link DEFAULT_AUDIT_OPTIONS}). */
  audit?: Partial<AuditOptions>;
  /** The GS1 Digital Link resolver (`/01/…`): where consumers report a suspicious item, its name. */
  resolver?: Partial<ResolverOptions>;
  /** Customers' live tracking streams (`/track/<token>/events`): poll interval, life and bounds (default {@link DEFAULT_TRACKING_OPTIONS}). */
  tracking?: Partial<TrackingOptions>;
  /** The built web app served at `/app` (default apps/dashboard/dist); false serves none. */
  dashboardDir?: string | false;
}

/** A running gateway. */
export interface RunningGateway {
  url: string;
  port: number;
  httpServer: http.Server;
  /** The graphql-ws endpoint on the same `/graphql` (subscriptions). */
  subscriptions: GatewaySubscriptions;
  /** Each subgraph's circuit breaker, by service name. */
  breakers: Record<string, CircuitBreaker>;
  /** The audit trail of regulators' reads (`flush()` sends what is queued now). */
  audit: AuditTrail;
  /** Stops accepting, closes subscribers with 1001, drains in-flight requests. Safe to call twice. */
  stop(): Promise<void>;
}

/** Sends the caller's principal, signed, with every subgraph request (plans and entity fetches alike). */
class SignedPrincipalDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly principalKey: string,
    fetcher: RemoteGraphQLDataSource["fetcher"],
  ) {
    super({ url, fetcher });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const caller = (context as Partial<GatewayContext>).principal ?? ANONYMOUS;
    const country = (context as Partial<GatewayContext>).clientCountry;
    const principal = country && !caller.country ? { ...caller, country } : caller;
    request.http?.headers.set(PRINCIPAL_HEADER, signPrincipal(principal, this.principalKey, requestBinding(request)));
    const requestId = (context as Partial<GatewayContext>).requestId;
    if (requestId) request.http?.headers.set(REQUEST_ID_HEADER, requestId);
    // The trace goes on to the subgraph: here the active span is Apollo's `gateway.fetch` for this call.
    if (request.http) injectTraceContext(request.http.headers);
  }
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Unauthenticated, http: { status: 401 } } });
}

/** The GraphQL error a refused credential answers with (401, or 503 when it could not be judged). */
function refusedError(refusal: Extract<Authentication, { kind: "refused" }>): GraphQLError {
  return new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, code: refusal.code, http: { status: refusal.status } } });
}

/**
 * Subscriptions go over graphql-ws; anonymous callers may run only the public operations; every operation
 * stays within the size limits. Anonymous callers get no "Did you mean ...?" hints (they would map the schema).
 */
function doorPlugin(limits: QueryLimits): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue, request, schema }) {
          if (!operation) {
            throw gatewayError(
              GatewayErrorCode.BadRequest,
              request.operationName
                ? `The document has no operation named '${request.operationName}'.`
                : "The document has several operations: name the one to run in 'operationName'.",
              400,
            );
          }
          if (operation.operation === "subscription") {
            throw gatewayError(
              GatewayErrorCode.SubscriptionOverHttp,
              "Subscriptions are served over WebSocket (the graphql-transport-ws protocol, graphql-ws) on this same /graphql path, not over HTTP.",
              400,
            );
          }
          const isPublic = isPublicOperation(operation, document);
          if (contextValue.principal.anonymous && !isPublic) {
            throw unauthenticated(
              "Authentication is required for this operation: send 'Authorization: Bearer <token>' or 'Authorization: ApiKey <key>'. Without one, only the registered public operations (verifyAuthenticity, publicProductFacts, trackOrder; GET /public-operations.json) are available.",
            );
          }
          const missingScope = isPublic ? null : apiKeyScopeRefusal(contextValue.principal, operation.operation);
          if (missingScope) throw gatewayError(GatewayErrorCode.Forbidden, missingScope, 403);
          assertWithinLimits(schema, operation, document, request.variables ?? {}, limits);
          // After the size limits, so an oversized document hears that first.
          if (contextValue.principal.anonymous && !isRegisteredPublicDocument(request.query, document)) {
            throw unauthenticated(
              "Without credentials, only the registered public operations run (VerifyAuthenticity, VerifyVerdict, PublicProductFacts, TrackOrder): send one by its hash in 'extensions.persistedQuery.sha256Hash', or its exact document, as listed at GET /public-operations.json. Authenticate to run other documents.",
            );
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (!contextValue.principal?.anonymous || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          if (result.errors) result.errors = result.errors.map((e) => ({ ...e, message: withoutSuggestions(e.message) }));
        },
      };
    },
  };
}

/**
 * Persisted queries, for the registered public operations only: a request that names one by its hash
 * (`extensions.persistedQuery.sha256Hash`) runs that document. A hash the gateway does not know is refused with
 * PERSISTED_QUERY_NOT_FOUND (callers cannot register documents: nothing caller-chosen is stored), and a document
 * sent beside a hash must be the one the hash names.
 */
function persistedPublicOperations(req: express.Request, res: express.Response, next: express.NextFunction): void {
  const body = req.body as { query?: unknown; extensions?: { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } } | undefined;
  const persisted = body?.extensions?.persistedQuery;
  if (!body || typeof body !== "object" || persisted === undefined) return next();
  const refuse = (code: string, message: string) => void res.status(400).json({ errors: [{ message, extensions: { code } }] });
  if (typeof persisted !== "object" || persisted === null || persisted.version !== 1 || typeof persisted.sha256Hash !== "string") {
    return refuse(GatewayErrorCode.BadRequest, "extensions.persistedQuery must be { version: 1, sha256Hash: <hex> }.");
  }
  const operation = publicOperationByHash(persisted.sha256Hash.toLowerCase());
  if (!operation) {
    return refuse(
      ErrorCode.PersistedQueryNotFound,
      "No registered operation has this hash. The gateway persists only its public operations (GET /public-operations.json lists them); send other documents in full, with credentials.",
    );
  }
  if (body.query !== undefined && body.query !== null && (typeof body.query !== "string" || operationHash(body.query) !== operation.id)) {
    return refuse(GatewayErrorCode.BadRequest, "The document sent is not the one extensions.persistedQuery.sha256Hash names.");
  }
  body.query = operation.body;
  const { persistedQuery: _served, ...extensions } = body.extensions ?? {};
  body.extensions = extensions;
  next();
}

/** Drops graphql-js's "Did you mean ...?" hints from a message. */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, "");
}

/** Keeps codes; hides internals of unexpected failures. */
function formatGatewayError(formatted: GraphQLFormattedError, error: unknown, log: Logger): GraphQLFormattedError {
  const { stacktrace: _drop, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (!extensions.code) extensions.code = ErrorCode.Internal;
  // Apollo Server re-labels validation and parse errors; the limits' own code is kept.
  const original = (error as { originalError?: { extensions?: Record<string, unknown> } } | undefined)?.originalError;
  if (extensions.code === "GRAPHQL_VALIDATION_FAILED" && original?.extensions?.code === GatewayErrorCode.LimitExceeded) {
    extensions.code = GatewayErrorCode.LimitExceeded;
    extensions.limit = original.extensions.limit;
  }
  if (extensions.code === "GRAPHQL_PARSE_FAILED" && isTokenLimitError(formatted.message)) {
    return { message: "The document has too many tokens (MAX_QUERY_TOKENS).", extensions: { code: GatewayErrorCode.LimitExceeded, limit: "tokens" } };
  }
  if (extensions.code === ErrorCode.Internal && !extensions.serviceName) {
    log.error({ message: formatted.message, path: formatted.path }, "internal error");
    return { message: "Internal error; it has been logged.", ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: ErrorCode.Internal } };
  }
  return { ...formatted, extensions };
}

/**
 * Starts the gateway: @apollo/gateway on a static supergraph behind Apollo Server 5 on express 5, at
 * `/graphql`, with `/health`. Verifies access tokens and forwards the principal to subgraphs, signed.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const limits: QueryLimits = {
    ...DEFAULT_QUERY_LIMITS,
    ...(options.maxQueryDepth ? { maxDepth: options.maxQueryDepth } : {}),
    ...(options.maxQueryFields ? { maxFields: options.maxQueryFields } : {}),
    ...options.limits,
  };
  const resilience = { ...DEFAULT_SUBGRAPH_RESILIENCE, ...options.subgraphs };
  const breakers: Record<string, CircuitBreaker> = {};
  const resilient = (name: string, dataSource: RemoteGraphQLDataSource) =>
    resilientDataSource(name, dataSource, (breakers[name] = new CircuitBreaker(name, resilience)), resilience);
  const fetcher = keepAliveFetcher();
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => resilient(name, new SignedPrincipalDataSource(options.subgraphUrls[name] ?? url ?? "", options.principalKey, fetcher)),
  });
  const scopes = new ScopeDirectory({
    suppliersUrl: options.subgraphUrls.suppliers ?? "",
    principalKey: options.principalKey,
    ...(options.scopeCacheMs !== undefined ? { ttlMs: options.scopeCacheMs } : {}),
  });
  const authenticator = new Authenticator(
    options.jwt,
    new ApiKeyDirectory({
      suppliersUrl: options.subgraphUrls.suppliers ?? "",
      principalKey: options.principalKey,
      ...(options.apiKeyCacheMs !== undefined ? { ttlMs: options.apiKeyCacheMs } : {}),
    }),
    new MemberDirectory({
      suppliersUrl: options.subgraphUrls.suppliers ?? "",
      principalKey: options.principalKey,
      ...(options.scopeCacheMs !== undefined ? { ttlMs: options.scopeCacheMs } : {}),
    }),
  );
  const trustProxy = parseTrustProxy(options.trustProxy);
  const audit = new AuditTrail({ suppliersUrl: options.subgraphUrls.suppliers ?? "", principalKey: options.principalKey }, options.audit);
  const addressOf = clientAddressOf(trustProxy);
  const geoIp = options.geoIp ?? true;
  /** The caller's country, when the look-up is on and finds one (as context, not the address). */
  const placed = (req: express.Request): { clientCountry?: string } => {
    const country = geoIp ? countryOfAddress(addressOf(req)) : null;
    return country ? { clientCountry: country } : {};
  };
  const graceMs = options.shutdownGraceMs ?? 10_000;
  const rateLimiter = new RateLimiter(options.rateLimits ?? DEFAULT_RATE_LIMITS);
  const metrics = serviceMetrics("gateway");
  const gatewayLog = createLogger("gateway");
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);
  app.use(securityHeaders());
  const httpServer = http.createServer(tracedRequests(app));
  const server = new ApolloServer<GatewayContext>({
    gateway,
    formatError: (formatted, error) => formatGatewayError(formatted, error, gatewayLog),
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: limits.maxTokens },
    // No automatic persisted queries: nothing stores caller-chosen documents in the gateway's memory.
    persistedQueries: false,
    validationRules: limitValidationRules(limits),
    // The gateway serves JSON only: no landing page (it would load scripts the CSP forbids).
    // Shutdown is main.ts's job: Apollo's own signal handlers would stop the server a second time.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: graceMs }),
      ApolloServerPluginLandingPageDisabled(),
      doorPlugin(limits),
      auditPlugin<GatewayContext>(audit),
      metrics.plugin as ApolloServerPlugin<GatewayContext>,
      requestLogPlugin<GatewayContext>(gatewayLog, (ctx) => ({ requestId: ctx.requestId ?? null, principal: ctx.principal })),
    ],
  });
  await server.start();
  const bodyLimit = options.maxBodyBytes ?? 8 * 1024 * 1024;
  app.get("/health", (_req, res) => {
    res.json({ service: "gateway", ok: true, auditPending: audit.pending });
  });
  // Ready: every subgraph answers its own /ready (its database is reachable) within two seconds.
  app.get("/ready", async (_req, res) => {
    const checks = await Promise.all(
      Object.entries(options.subgraphUrls).map(async ([name, url]) => {
        try {
          const answer = await fetch(url.replace(/\/graphql\/?$/, "/ready"), { signal: AbortSignal.timeout(2_000) });
          return { name, ready: answer.ok };
        } catch {
          return { name, ready: false };
        }
      }),
    );
    const notReady = checks.filter((c) => !c.ready).map((c) => c.name);
    res.status(notReady.length ? 503 : 200).json({ service: "gateway", ready: notReady.length === 0, ...(notReady.length ? { notReady } : {}) });
  });
  if (options.metrics !== false) app.get("/metrics", metrics.handler(options.metrics?.token ?? null));
  const withRequestId = (_req: express.Request, res: express.Response, next: express.NextFunction) => {
    res.locals.requestId = randomUUID();
    res.setHeader(REQUEST_ID_HEADER, res.locals.requestId as string);
    next();
  };
  const executeAs = async (query: string, variables: Record<string, unknown>, context: Record<string, unknown>) => {
    const response = await server.executeOperation({ query, variables }, { contextValue: context as unknown as GatewayContext });
    if (response.body.kind !== "single") return { errors: [{ message: "The operation answered incrementally.", extensions: { code: "INTERNAL_SERVER_ERROR" } }] };
    return response.body.singleResult as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  };
  // What the HTTP routes beside /graphql run: ordinary operations, with the authenticated caller's context.
  const asCaller = {
    contextOf: async (req: express.Request, res: express.Response, principal: Principal) => ({
      principal: await scopes.withScope(principal),
      clientAddress: addressOf(req),
      requestId: res.locals.requestId as string,
      ...placed(req),
    }),
    execute: executeAs,
  };
  // Exports and label sheets are bulk work (hundreds of rows or drawn barcodes a call): their subgraph calls get the
  // long timeout (SUBGRAPH_MUTATION_TIMEOUT_MS), not the 2 s of an interactive query.
  const asBulkCaller = {
    ...asCaller,
    contextOf: async (req: express.Request, res: express.Response, principal: Principal) => ({ ...(await asCaller.contextOf(req, res, principal)), bulkWork: true }),
  };
  app.use("/exports", withRequestId, authenticateAndLimit(rateLimiter, authenticator), exportRouter(express.Router(), asBulkCaller));
  app.use("/labels", withRequestId, authenticateAndLimit(rateLimiter, authenticator), labelRouter(express.Router(), asBulkCaller));
  app.use(
    "/epcis",
    withRequestId,
    authenticateAndLimit(rateLimiter, authenticator, (res, wait) =>
      sendProblem(res, 429, EpcisException.Implementation, `Too many requests; retry in ${wait} s.`, "Too many requests"),
    ),
    epcisRestRouter({ ...asCaller, maxCaptureBytes: options.epcis?.maxCaptureBytes ?? 16 * 1024 * 1024, maxCaptureEvents: options.epcis?.maxCaptureEvents ?? 10_000 }),
  );
  app.use("/track", withRequestId, authenticateAndLimit(rateLimiter, authenticator), trackingRouter(express.Router(), { execute: executeAs }, options.tracking));
  const resolver = digitalLinkResolver({ execute: executeAs, placed }, options.resolver);
  const limitResolver = authenticateAndLimit(rateLimiter, authenticator);
  app.use((req, res, next) => {
    if (!isResolverPath(req.path)) return next();
    withRequestId(req, res, () => void limitResolver(req, res, () => void resolver(req, res, next)));
  });
  if (options.dashboardDir !== false) app.use("/app", dashboardRouter(options.dashboardDir));
  app.get("/public-operations.json", (_req, res) => {
    res.set({ "cache-control": "public, max-age=300", "access-control-allow-origin": "*" }).json(publicOperationManifest());
  });
  app.use(
    "/graphql",
    withRequestId,
    authenticateAndLimit(rateLimiter, authenticator),
    express.json({ limit: bodyLimit }),
    persistedPublicOperations,
    expressMiddleware(server, {
      context: async ({ req, res }): Promise<GatewayContext> => {
        // Judged once, before the body was read (authenticateAndLimit).
        const authentication = res.locals.authentication as Authentication;
        if (authentication.kind === "refused") throw refusedError(authentication);
        const requestId = res.locals.requestId as string;
        if (authentication.kind === "anonymous") return { principal: ANONYMOUS, requestId, ...placed(req) };
        return { principal: await scopes.withScope(authentication.principal), clientAddress: addressOf(req), requestId, ...placed(req) };
      },
    }),
  );
  app.use((error: { type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (error?.type === "entity.too.large") {
      res.status(413).json({ errors: [{ message: `The request body exceeds ${bodyLimit} bytes.`, extensions: { code: GatewayErrorCode.LimitExceeded } }] });
      return;
    }
    if (error?.type === "entity.parse.failed") {
      res.status(400).json({ errors: [{ message: "The request body is not valid JSON.", extensions: { code: GatewayErrorCode.BadRequest } }] });
      return;
    }
    next(error);
  });
  // JSON for everything else too, never express's HTML pages.
  app.use((_req: express.Request, res: express.Response) => {
    res.status(404).json({
      errors: [
        {
          message:
            "Not found: the gateway serves /graphql, /epcis/... (the EPCIS 2.0 REST binding), /exports/..., /labels/..., /track/<token>/events, GS1 Digital Links (/01/...), /public-operations.json, the web app at /app and /health, /ready and /metrics.",
          extensions: { code: GatewayErrorCode.NotFound },
        },
      ],
    });
  });
  app.use((error: { status?: number; message?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    // body-parser's refusals (unsupported charset or encoding, a corrupt gzip body) are the client's.
    if (typeof error?.status === "number" && error.status >= 400 && error.status < 500) {
      res
        .status(error.status)
        .json({ errors: [{ message: `The request could not be read: ${error.message ?? "bad request"}.`, extensions: { code: GatewayErrorCode.BadRequest } }] });
      return;
    }
    gatewayLog.error({ err: error }, "request failed");
    res.status(500).json({ errors: [{ message: "Internal error; it has been logged.", extensions: { code: GatewayErrorCode.InternalServerError } }] });
  });

  try {
    await listen(httpServer, options.port, options.host ?? "127.0.0.1");
  } catch (error) {
    await server.stop();
    for (const breaker of Object.values(breakers)) breaker.dispose();
    await audit.stop();
    throw error;
  }
  // The WebSocket server joins once the port is ours: before, a listen error would also reach graphql-ws, which
  // logs it as an internal error of its own.
  const subscriptions = serveGatewaySubscriptions({
    httpServer,
    gateway,
    authenticator,
    ...(options.apiKeyCacheMs !== undefined ? { apiKeyRecheckMs: options.apiKeyCacheMs } : {}),
    principalKey: options.principalKey,
    subgraphUrls: options.subgraphUrls,
    limits,
    clientAddress: addressOf,
    onSubscriptionRead: (principal, read) => audit.record(principal, { operationType: "SUBSCRIPTION", ...read }),
    rateLimiter,
    withScope: (principal, maxAgeMs) => scopes.withScope(principal, maxAgeMs),
    closeGraceMs: graceMs,
    ...(options.websocket ? { websocket: options.websocket } : {}),
    ...(options.maxQueuedPerSubscriber ? { maxQueuedPerSubscriber: options.maxQueuedPerSubscriber } : {}),
  });
  metrics.gauge("tracehub_subscribers", "Live GraphQL subscriptions the gateway serves.", () => subscriptions.fanout.subscriberCount);
  metrics.gauge("tracehub_audit_pending", "Audit entries waiting to be written.", () => audit.pending);
  const { port } = httpServer.address() as AddressInfo;
  let stopping: Promise<void> | null = null;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}/graphql`,
    port,
    httpServer,
    subscriptions,
    breakers,
    audit,
    stop: () =>
      (stopping ??= (async () => {
        // Subscribers first, with 1001; then Apollo's drain stops accepting and lets in-flight requests finish.
        await subscriptions.stop();
        await server.stop();
        if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        for (const breaker of Object.values(breakers)) breaker.dispose();
        fetcher.close();
        // Last: what the drained requests queued is sent before the gateway is gone.
        await audit.stop();
      })()),
  };
}

/**
 * Listens on `port` of `host`. A port that cannot be opened rejects with an error saying which and why
 * (`error.code` kept: EADDRINUSE, EACCES, EADDRNOTAVAIL), for the entry point to add what to set.
 * packages/subgraph-kit/src/server.ts has the same function, on purpose: the gateway and subgraph-kit share only
 * @tracehub/auth (credentials) and @tracehub/errors (API error codes), and a socket helper belongs in neither;
 * keep the two in step.
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
