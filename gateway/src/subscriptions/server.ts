import type http from "node:http";
import type { ApolloGateway } from "@apollo/gateway";
import type { Principal } from "@tracehub/auth";
import { ErrorCode, SubscriptionCloseCode } from "@tracehub/errors";
import { type DocumentNode, type ExecutionArgs, GraphQLError, getOperationAST, parse, specifiedRules, validate } from "graphql";
import { getVariableValues } from "graphql/execution/values";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { type Authenticator, apiKeyScopeRefusal } from "../authenticate";
import { needsMembership } from "../members";
import { type QueryLimits, assertWithinLimits, isTokenLimitError, limitValidationRules } from "../limits";
import type { RateLimiter } from "../rate-limit";
import { SubscriptionFanout, type FanoutOptions, closeReason } from "./fanout";
import { gatewayInternals } from "./gateway-internals";
import { UpstreamClients } from "./upstream";

/** Bounds on the graphql-ws endpoint (WS_* variables). */
export interface WebSocketLimits {
  /** Largest message once connection_init is accepted (the ws server's maxPayload). */
  maxPayloadBytes: number;
  /** Largest message before connection_init is accepted; a larger one closes the socket with 1009. */
  maxPreAuthPayloadBytes: number;
  /** Time a new socket has to send connection_init (graphql-ws closes it with 4408 after). */
  connectionInitTimeoutMs: number;
  /** Sockets from one client address that have not authenticated yet; more are closed with 1013. */
  maxUnauthenticatedPerAddress: number;
}

export const DEFAULT_WEBSOCKET_LIMITS: Readonly<WebSocketLimits> = Object.freeze({
  maxPayloadBytes: 1024 * 1024,
  maxPreAuthPayloadBytes: 64 * 1024,
  connectionInitTimeoutMs: 3_000,
  maxUnauthenticatedPerAddress: 10,
});

/** What the gateway's graphql-ws endpoint needs. */
export interface GatewaySubscriptionOptions extends FanoutOptions {
  httpServer: http.Server;
  gateway: ApolloGateway;
  /** Judges `connectionParams.authorization` the way HTTP judges `Authorization`. */
  authenticator: Authenticator;
  /**
   * Within how long a connection made with an API key ends once the key is revoked or expires, or one of a person
   * once it is removed from its organization or its roles change (default 5 s, the key cache time): it checks every
   * half of it, with an answer at most that old.
   */
  apiKeyRecheckMs?: number;
  principalKey: string;
  subgraphUrls: Record<string, string>;
  limits: QueryLimits;
  websocket?: Partial<WebSocketLimits>;
  /** The client address of an upgrade request (honouring the trust-proxy setting). */
  clientAddress?: (req: http.IncomingMessage) => string;
  /** Charges each connection attempt to its address. */
  rateLimiter?: RateLimiter;
  /**
   * Adds what the caller's organization owns and was granted (its scope, looked up in suppliers) to a verified
   * principal, as on HTTP; subgraphs limit what a subscriber sees by it. Looked up at each subscription, and again
   * every `rescopeEveryMs` while it is open.
   */
  withScope?: (principal: Principal, maxAgeMs?: number) => Promise<Principal>;
  /**
   * How often the scopes of organizations with open subscriptions are looked up again (default 2 s), with an
   * answer at most half as old: a subscription whose scope changed (a grant, a revocation, a new location) is moved
   * to the new one, on the same subscription, within about this time plus one look-up.
   */
  rescopeEveryMs?: number;
  /**
   * Told of every subscription accepted (validated, within the limits), before it starts: the audit trail
   * records the ones regulators start. Must not throw or wait.
   */
  onSubscriptionRead?: (
    principal: Principal | undefined,
    read: { operationName: string | null; document: string; variables: Record<string, unknown> | null; clientAddress: string | null },
  ) => void;
  /** How long {@link GatewaySubscriptions.stop} waits for clients to acknowledge the close before cutting them off. */
  closeGraceMs?: number;
}

/** The running graphql-ws endpoint. */
export interface GatewaySubscriptions {
  fanout: SubscriptionFanout;
  /** Open client connections. */
  connectionCount(): number;
  /** Closes every client with 1001 (going away), then ends the upstream subscriptions. Safe to call twice. */
  stop(): Promise<void>;
}

type ConnectionExtra = { principal?: Principal; socket: WebSocket; request: http.IncomingMessage };

/** Per-socket bookkeeping for the pre-authentication bounds and the credential's expiry. */
interface SocketState {
  address: string;
  authenticated: boolean;
  /** The socket sent an oversized message before authenticating (it is being closed). */
  refused: boolean;
  expiresAt: number;
  expiryTimer: NodeJS.Timeout | null;
  /** For a connection made with an API key: the key, and the timer that checks it again. */
  apiKey: string | null;
  /** For a person of an organization: what its token says, and the principal its membership gave (checked again). */
  member: { token: Principal; principal: Principal } | null;
  recheckTimer: NodeJS.Timeout | null;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

/**
 * Serves graphql-ws on the gateway's `/graphql`. `connection_init` must carry `{ authorization: "Bearer <token>" }`
 * or `{ authorization: "ApiKey <key>" }` (the same credentials as HTTP): without one the connection closes with
 * 4401 Unauthorized, with a bad one (or a key without the READ scope) with 4403 Forbidden, each with the reason;
 * when the credential cannot be judged now (suppliers or the identity provider down) with 1013 Try Again Later.
 * The connection closes with 4403 when its token expires, when its API key is found revoked or expired, or when
 * its person is no longer a member of the organization or holds other roles there (both checked again every half
 * `apiKeyRecheckMs`). Only subscriptions are served here (queries and mutations go over HTTP).
 */
export function serveGatewaySubscriptions(options: GatewaySubscriptionOptions): GatewaySubscriptions {
  const ws = { ...DEFAULT_WEBSOCKET_LIMITS, ...options.websocket };
  const clientAddress = options.clientAddress ?? ((req: http.IncomingMessage) => req.socket.remoteAddress ?? "unknown");
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: "/graphql",
    maxPayload: ws.maxPayloadBytes,
    verifyClient: (info, done) => {
      const wait = options.rateLimiter?.takeConnection(clientAddress(info.req)) ?? 0;
      if (wait) done(false, 429, "Too Many Requests", { "Retry-After": String(wait) });
      else done(true);
    },
  });
  const states = new WeakMap<WebSocket, SocketState>();
  const unauthenticated = new Map<string, number>();
  const settle = (state: SocketState) => {
    if (state.authenticated) return;
    state.authenticated = true;
    const left = (unauthenticated.get(state.address) ?? 1) - 1;
    if (left > 0) unauthenticated.set(state.address, left);
    else unauthenticated.delete(state.address);
  };

  // Registered before graphql-ws's own handler, so its message listener sees every message first.
  wss.on("connection", (socket, req) => {
    const state: SocketState = { address: clientAddress(req), authenticated: false, refused: false, expiresAt: Infinity, expiryTimer: null, apiKey: null, member: null, recheckTimer: null };
    states.set(socket, state);
    const count = (unauthenticated.get(state.address) ?? 0) + 1;
    unauthenticated.set(state.address, count);
    if (count > ws.maxUnauthenticatedPerAddress) {
      state.refused = true;
      socket.close(SubscriptionCloseCode.TryAgainLater, closeReason(`Too many unauthenticated connections from your address (limit ${ws.maxUnauthenticatedPerAddress}).`));
    }
    socket.on("message", (data: RawData) => {
      if (state.authenticated || state.refused) return;
      const size = byteLength(data);
      if (size > ws.maxPreAuthPayloadBytes) {
        state.refused = true;
        socket.close(SubscriptionCloseCode.MessageTooBig, closeReason(`Message of ${size} bytes before authentication; the limit is ${ws.maxPreAuthPayloadBytes}.`));
      }
    });
    socket.once("close", () => {
      settle(state);
      if (state.expiryTimer) clearTimeout(state.expiryTimer);
      if (state.recheckTimer) clearTimeout(state.recheckTimer);
      state.recheckTimer = null;
    });
  });

  const expire = (socket: WebSocket) => socket.close(SubscriptionCloseCode.Forbidden, closeReason("The access token expired; reconnect with a fresh token."));
  const watchExpiry = (socket: WebSocket, state: SocketState) => {
    const delay = state.expiresAt - Date.now();
    if (delay <= 0) return expire(socket);
    state.expiryTimer = setTimeout(() => watchExpiry(socket, state), Math.min(delay, MAX_TIMER_MS));
  };

  // A key revoked or expired while its connection is open: checked every half period with an answer at most that
  // old, so the connection ends within the period (a look-up that cannot be made leaves it open; the next decides).
  // Connections of one key share the cached answers: at most one look-up per key per half period.
  // A person's membership is checked the same way: removed, the connection ends; its roles changed, it ends too
  // (the client reconnects and gets the new roles).
  const recheckMs = Math.max(500, (options.apiKeyRecheckMs ?? 5_000) / 2);
  const watchCredential = (socket: WebSocket, state: SocketState) => {
    state.recheckTimer = setTimeout(() => {
      if (socket.readyState !== socket.OPEN) return;
      const recheck = state.apiKey
        ? options.authenticator.recheckApiKey(state.apiKey, recheckMs).then((verdict) => (verdict === "refused" ? "The API key was revoked or has expired." : null))
        : state.member
          ? options.authenticator.recheckMember(state.member.token, state.member.principal, recheckMs).then((verdict) =>
              verdict === "refused"
                ? "You are no longer a member of the organization."
                : verdict === "changed"
                  ? "Your roles in the organization changed; reconnect to use them."
                  : null,
            )
          : null;
      if (!recheck) return;
      void recheck.then(
        (closing) => {
          if (socket.readyState !== socket.OPEN) return;
          if (closing) socket.close(SubscriptionCloseCode.Forbidden, closeReason(closing));
          else watchCredential(socket, state);
        },
        () => watchCredential(socket, state),
      );
    }, recheckMs);
  };

  const rules = [...specifiedRules, ...limitValidationRules(options.limits)];
  const fanout = new SubscriptionFanout(() => gatewayInternals(options.gateway), new UpstreamClients(options.subgraphUrls, options.principalKey), options);
  const server = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      connectionInitWaitTimeout: ws.connectionInitTimeoutMs,
      onConnect: async (ctx) => {
        const socket = ctx.extra.socket;
        const state = states.get(socket);
        if (!state || state.refused) return false;
        const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const authentication = await options.authenticator.authenticate(raw);
        if (authentication.kind === "anonymous") {
          socket.close(CloseCode.Unauthorized, closeReason('Authentication required: connectionParams { authorization: "Bearer <token>" } or { authorization: "ApiKey <key>" }.'));
          return false;
        }
        if (authentication.kind === "refused") {
          socket.close(authentication.status === 503 ? SubscriptionCloseCode.TryAgainLater : SubscriptionCloseCode.Forbidden, closeReason(authentication.message));
          return false;
        }
        const missingScope = apiKeyScopeRefusal(authentication.principal, "subscription");
        if (missingScope) {
          socket.close(SubscriptionCloseCode.Forbidden, closeReason(missingScope));
          return false;
        }
        ctx.extra.principal = options.withScope ? await options.withScope(authentication.principal) : authentication.principal;
        state.expiresAt = authentication.expiresAt;
        state.apiKey = authentication.apiKey ?? null;
        state.member = needsMembership(authentication.token ?? authentication.principal)
          ? { token: authentication.token ?? authentication.principal, principal: authentication.principal }
          : null;
        settle(state);
        watchExpiry(socket, state);
        if (state.apiKey || state.member) watchCredential(socket, state);
        return socket.readyState === socket.OPEN;
      },
      onSubscribe: (ctx, _id, payload): ExecutionArgs | readonly GraphQLError[] => {
        const socket = ctx.extra.socket;
        if (Date.now() >= (states.get(socket)?.expiresAt ?? 0)) {
          expire(socket);
          return [new GraphQLError("The access token expired; reconnect with a fresh token.", { extensions: { code: ErrorCode.Unauthenticated } })];
        }
        const schema = gatewayInternals(options.gateway).schema;
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: options.limits.maxTokens });
        } catch (error) {
          const message = error instanceof Error ? error.message : "The query could not be parsed.";
          if (isTokenLimitError(message)) {
            return [new GraphQLError(`The document has more than ${options.limits.maxTokens} tokens, the limit.`, { extensions: { code: ErrorCode.LimitExceeded, limit: "tokens" } })];
          }
          return [error instanceof GraphQLError ? error : new GraphQLError(message)];
        }
        const errors = validate(schema, document, rules);
        if (errors.length) return errors;
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        if (!operation) return [new GraphQLError("Unable to identify the operation; name it and pass operationName.", { extensions: { code: ErrorCode.BadRequest } })];
        if (operation.operation !== "subscription") {
          return [new GraphQLError("Only subscriptions are served over WebSocket; send queries and mutations over HTTP POST.", { extensions: { code: ErrorCode.BadRequest } })];
        }
        try {
          assertWithinLimits(schema, operation, document, payload.variables ?? {}, options.limits);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
        }
        const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {});
        if (coerced.errors) return coerced.errors;
        options.onSubscriptionRead?.(ctx.extra.principal, {
          operationName: payload.operationName ?? operation.name?.value ?? null,
          document: payload.query,
          variables: payload.variables ?? null,
          clientAddress: states.get(socket)?.address ?? null,
        });
        return {
          schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: coerced.coerced,
          contextValue: { principal: ctx.extra.principal, close: (code: number, reason: string) => socket.close(code, reason) },
        };
      },
      subscribe: async (args) => {
        const context = args.contextValue as { principal: Principal; close(code: number, reason: string): void };
        try {
          return fanout.subscribe({
            document: args.document,
            operationName: args.operationName ?? null,
            variables: (args.variableValues ?? {}) as Record<string, unknown>,
            principal: options.withScope ? await options.withScope(context.principal) : context.principal,
            close: context.close,
          });
        } catch (error) {
          return { errors: [error instanceof GraphQLError ? error : new GraphQLError(error instanceof Error ? error.message : String(error))] };
        }
      },
    },
    wss,
  );

  // Access changes reach open subscriptions: each organization's scope is looked up again (at most once per period,
  // shared by all its subscriptions), and subscriptions whose scope changed move to it.
  const rescopeMs = Math.max(100, options.rescopeEveryMs ?? 2_000);
  let rescoping = false;
  const rescopeTimer = options.withScope
    ? setInterval(() => {
        const withScope = options.withScope;
        if (rescoping || !withScope || fanout.sharedCount === 0) return;
        rescoping = true;
        void fanout.rescopeAll((principal) => withScope(principal, rescopeMs / 2)).finally(() => (rescoping = false));
      }, rescopeMs)
    : null;
  rescopeTimer?.unref();

  let stopping: Promise<void> | null = null;
  const stop = async () => {
    if (rescopeTimer) clearInterval(rescopeTimer);
    // graphql-ws's dispose closes every client with 1001 and waits for them; a client that never answers the
    // close is cut off after the grace period.
    const cutoff = setTimeout(() => {
      for (const client of wss.clients) client.terminate();
    }, options.closeGraceMs ?? 5_000);
    try {
      await server.dispose();
    } finally {
      clearTimeout(cutoff);
    }
    await fanout.stop();
  };
  return {
    fanout,
    connectionCount: () => wss.clients.size,
    stop: () => (stopping ??= stop()),
  };
}
