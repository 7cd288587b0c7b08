import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloGateway, type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import { ANONYMOUS, AuthError, type JwtSettings, PRINCIPAL_HEADER, type Principal, bearerToken, requestBinding, signPrincipal, verifyAccessToken } from "@tracehub/auth";
import express from "express";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { assertWithinLimits, isPublicOperation } from "./limits";
import { ScopeDirectory } from "./principal-scope";
import { type GatewaySubscriptions, serveGatewaySubscriptions } from "./subscriptions/server";

/** The gateway's per-request context. */
export interface GatewayContext extends BaseContext {
  principal: Principal;
}

/** Options for {@link startGateway}. */
export interface GatewayOptions {
  /** The composed supergraph SDL (the checked-in `supergraph.graphql`). */
  supergraphSdl: string;
  /** Where each subgraph listens now (overrides the URLs in the supergraph). */
  subgraphUrls: Record<string, string>;
  /** Access-token verification. */
  jwt: JwtSettings;
  /** Key that signs the principal header for subgraphs. */
  principalKey: string;
  /** How long an organization's looked-up scope (prefixes, grants) is reused, in ms (default 5,000). */
  scopeCacheMs?: number;
  port: number;
  host?: string;
  maxQueryDepth?: number;
  maxQueryFields?: number;
  maxBodyBytes?: number;
  /** Most undelivered messages per graphql-ws subscription before the client is closed as too slow (default 1,000). */
  maxQueuedPerSubscriber?: number;
}

/** A running gateway. */
export interface RunningGateway {
  url: string;
  port: number;
  httpServer: http.Server;
  /** The graphql-ws endpoint on the same `/graphql` (subscriptions). */
  subscriptions: GatewaySubscriptions;
  stop(): Promise<void>;
}

/** Sends the caller's principal, signed, with every subgraph request (plans and entity fetches alike). */
class SignedPrincipalDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly principalKey: string,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const principal = (context as Partial<GatewayContext>).principal ?? ANONYMOUS;
    request.http?.headers.set(PRINCIPAL_HEADER, signPrincipal(principal, this.principalKey, requestBinding(request)));
  }
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
}

/** Anonymous callers may run only the public operations; every operation stays within the size limits. */
function doorPlugin(limits: { maxDepth: number; maxFields: number }): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (!operation) return;
          if (contextValue.principal.anonymous && !isPublicOperation(operation, document)) {
            throw unauthenticated("Authentication is required for this operation: send 'Authorization: Bearer <token>'. Without one, only verifyAuthenticity is available.");
          }
          assertWithinLimits(operation, document, limits);
        },
      };
    },
  };
}

/** Keeps codes; hides internals of unexpected failures. */
function formatGatewayError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { stacktrace: _drop, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (!extensions.code) extensions.code = "INTERNAL_SERVER_ERROR";
  if (extensions.code === "INTERNAL_SERVER_ERROR" && !extensions.serviceName) {
    console.error("[gateway] internal error:", formatted.message);
    return { message: "Internal error; it has been logged.", ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: "INTERNAL_SERVER_ERROR" } };
  }
  return { ...formatted, extensions };
}

/**
 * Starts the gateway: @apollo/gateway on a static supergraph behind Apollo Server 5 on express 5, at
 * `/graphql`, with `/health`. Verifies access tokens and forwards the principal to subgraphs, signed.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new SignedPrincipalDataSource(options.subgraphUrls[name] ?? url ?? "", options.principalKey),
  });
  const scopes = new ScopeDirectory({
    suppliersUrl: options.subgraphUrls.suppliers ?? "",
    principalKey: options.principalKey,
    ...(options.scopeCacheMs !== undefined ? { ttlMs: options.scopeCacheMs } : {}),
  });
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    formatError: formatGatewayError,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      doorPlugin({ maxDepth: options.maxQueryDepth ?? 15, maxFields: options.maxQueryFields ?? 2_000 }),
    ],
  });
  await server.start();
  const limits = { maxDepth: options.maxQueryDepth ?? 15, maxFields: options.maxQueryFields ?? 2_000 };
  const subscriptions = serveGatewaySubscriptions({
    httpServer,
    gateway,
    jwt: options.jwt,
    principalKey: options.principalKey,
    subgraphUrls: options.subgraphUrls,
    limits,
    ...(options.maxQueuedPerSubscriber ? { maxQueuedPerSubscriber: options.maxQueuedPerSubscriber } : {}),
  });

  const bodyLimit = options.maxBodyBytes ?? 8 * 1024 * 1024;
  app.get("/health", (_req, res) => {
    res.json({ service: "gateway", ok: true });
  });
  app.use(
    "/graphql",
    express.json({ limit: bodyLimit }),
    expressMiddleware(server, {
      context: async ({ req }): Promise<GatewayContext> => {
        let token: string | null;
        let principal: Principal;
        try {
          token = bearerToken(req.header("authorization"));
          if (!token) return { principal: ANONYMOUS };
          principal = await verifyAccessToken(token, options.jwt);
        } catch (error) {
          throw unauthenticated(error instanceof AuthError ? error.message : "The access token could not be verified.");
        }
        return { principal: await scopes.withScope(principal) };
      },
    }),
  );
  app.use((error: { type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (error?.type === "entity.too.large") {
      res.status(413).json({ errors: [{ message: `The request body exceeds ${bodyLimit} bytes.`, extensions: { code: "LIMIT_EXCEEDED" } }] });
      return;
    }
    if (error?.type === "entity.parse.failed") {
      res.status(400).json({ errors: [{ message: "The request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } }] });
      return;
    }
    next(error);
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}/graphql`,
    port,
    httpServer,
    subscriptions,
    stop: async () => {
      await subscriptions.stop();
      await server.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
