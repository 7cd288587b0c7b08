import http from "node:http";
import type { AddressInfo } from "node:net";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServer, type BaseContext } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { type Principal, AuthError, PRINCIPAL_HEADER, verifyPrincipal } from "@tracehub/auth";
import express from "express";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { formatError } from "./errors";

/** What every subgraph context carries. */
export interface SubgraphContext extends BaseContext {
  /** The caller, as the gateway signed it. */
  principal: Principal;
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
}

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
  const httpServer = http.createServer(app);
  // Longer than the gateway's idle sockets, so the gateway never reuses a socket we just closed.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  const server = new ApolloServer<TCtx>({
    schema: options.schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled()],
  });
  await server.start();

  app.get("/health", (_req, res) => {
    res.json({ service: options.name, ok: true });
  });
  app.use(
    "/graphql",
    express.json({ limit: options.bodyLimit ?? "1mb" }),
    expressMiddleware(server, {
      context: async ({ req }) => {
        let principal: Principal;
        try {
          principal = verifyPrincipal(req.header(PRINCIPAL_HEADER), options.principalKey);
        } catch (error) {
          const message = error instanceof AuthError ? error.message : "The principal header could not be verified.";
          throw new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
        }
        return options.context(principal);
      },
    }),
  );
  app.use((error: { type?: string; status?: number; message?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (error?.type === "entity.too.large") {
      res.status(413).json({ errors: [{ message: `The request body exceeds ${options.bodyLimit ?? "1mb"}.`, extensions: { code: "LIMIT_EXCEEDED" } }] });
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
    stop: async () => {
      await server.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
