import type http from "node:http";
import type { ApolloGateway } from "@apollo/gateway";
import { AuthError, type JwtSettings, type Principal, bearerToken, verifyAccessToken } from "@tracehub/auth";
import { type ExecutionArgs, GraphQLError, getOperationAST, parse, validate } from "graphql";
import { getVariableValues } from "graphql/execution/values";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { assertWithinLimits } from "../limits";
import { SubscriptionFanout, type FanoutOptions, closeReason } from "./fanout";
import { gatewayInternals } from "./gateway-internals";
import { UpstreamClients } from "./upstream";

/** What the gateway's graphql-ws endpoint needs. */
export interface GatewaySubscriptionOptions extends FanoutOptions {
  httpServer: http.Server;
  gateway: ApolloGateway;
  jwt: JwtSettings;
  principalKey: string;
  subgraphUrls: Record<string, string>;
  limits: { maxDepth: number; maxFields: number };
}

/** The running graphql-ws endpoint. */
export interface GatewaySubscriptions {
  fanout: SubscriptionFanout;
  /** Open client connections. */
  connectionCount(): number;
  stop(): Promise<void>;
}

type ConnectionExtra = { principal?: Principal };

/**
 * Serves graphql-ws on the gateway's `/graphql`. `connection_init` must carry `{ authorization: "Bearer <token>" }`
 * (the same tokens as HTTP): without one the connection closes with 4401 Unauthorized, with a bad one with 4403
 * Forbidden, each with the reason. Only subscriptions are served here (queries and mutations go over HTTP).
 */
export function serveGatewaySubscriptions(options: GatewaySubscriptionOptions): GatewaySubscriptions {
  const wss = new WebSocketServer({ server: options.httpServer, path: "/graphql" });
  const fanout = new SubscriptionFanout(() => gatewayInternals(options.gateway), new UpstreamClients(options.subgraphUrls, options.principalKey), options);
  const server = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      onConnect: async (ctx) => {
        const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        let token: string | null = null;
        try {
          token = typeof raw === "string" ? bearerToken(raw) : null;
        } catch (error) {
          ctx.extra.socket.close(CloseCode.Forbidden, closeReason(error instanceof AuthError ? error.message : "The authorization parameter is malformed."));
          return false;
        }
        if (!token) {
          ctx.extra.socket.close(CloseCode.Unauthorized, closeReason('Authentication required: connectionParams { authorization: "Bearer <token>" }.'));
          return false;
        }
        try {
          ctx.extra.principal = await verifyAccessToken(token, options.jwt);
          return true;
        } catch (error) {
          ctx.extra.socket.close(CloseCode.Forbidden, closeReason(error instanceof AuthError ? error.message : "The access token could not be verified."));
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload): ExecutionArgs | readonly GraphQLError[] => {
        const schema = gatewayInternals(options.gateway).schema;
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError("The query could not be parsed.")];
        }
        const errors = validate(schema, document);
        if (errors.length) return errors;
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        if (!operation) return [new GraphQLError("Unable to identify the operation; name it and pass operationName.", { extensions: { code: "BAD_REQUEST" } })];
        if (operation.operation !== "subscription") {
          return [new GraphQLError("Only subscriptions are served over WebSocket; send queries and mutations over HTTP POST.", { extensions: { code: "BAD_REQUEST" } })];
        }
        try {
          assertWithinLimits(operation, document, options.limits);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
        }
        const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {});
        if (coerced.errors) return coerced.errors;
        const socket = ctx.extra.socket;
        return {
          schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: coerced.coerced,
          contextValue: { principal: ctx.extra.principal, close: (code: number, reason: string) => socket.close(code, reason) },
        };
      },
      subscribe: (args) => {
        const context = args.contextValue as { principal: Principal; close(code: number, reason: string): void };
        try {
          return fanout.subscribe({
            document: args.document,
            operationName: args.operationName ?? null,
            variables: (args.variableValues ?? {}) as Record<string, unknown>,
            principal: context.principal,
            close: context.close,
          });
        } catch (error) {
          return { errors: [error instanceof GraphQLError ? error : new GraphQLError(error instanceof Error ? error.message : String(error))] };
        }
      },
    },
    wss,
  );
  return {
    fanout,
    connectionCount: () => wss.clients.size,
    stop: async () => {
      for (const client of wss.clients) client.terminate();
      await server.dispose();
      await fanout.stop();
    },
  };
}
