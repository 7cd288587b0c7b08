import { readFileSync } from "node:fs";
import { SUPERGRAPH_PATH, loadGatewayEnv, startGateway } from "./index";
import { gatewayLimitsFromEnv } from "./env";

async function main(): Promise<void> {
  const env = loadGatewayEnv();
  const gateway = await startGateway({
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, "utf8"),
    subgraphUrls: { units: env.UNITS_URL, orders: env.ORDERS_URL, suppliers: env.SUPPLIERS_URL, compliance: env.COMPLIANCE_URL },
    jwt: {
      secret: env.JWT_SECRET,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      maxLifetimeSeconds: env.JWT_MAX_LIFETIME_SECONDS,
      clockSkewSeconds: env.JWT_CLOCK_SKEW_SECONDS,
    },
    scopeCacheMs: env.SCOPE_CACHE_SECONDS * 1000,
    principalKey: env.PRINCIPAL_SIGNING_KEY,
    port: env.GATEWAY_PORT,
    host: env.HOST,
    maxQueryDepth: env.MAX_QUERY_DEPTH,
    maxQueryFields: env.MAX_QUERY_FIELDS,
    maxBodyBytes: env.MAX_BODY_BYTES,
    ...gatewayLimitsFromEnv(env),
  });
  console.log(`[gateway] ready at ${gateway.url}`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`[gateway] ${signal}: closing subscribers, draining requests`);
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`[gateway] shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`[gateway] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
