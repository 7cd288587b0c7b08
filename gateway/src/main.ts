import { readFileSync } from "node:fs";
import { SUPERGRAPH_PATH, loadGatewayEnv, startGateway } from "./index";
import { gatewayLimitsFromEnv, jwtSettingsFromEnv } from "./env";
import { startTracing } from "@tracehub/subgraph-kit/tracing";

/** The entry point's addition to a listen error: which setting moves the port. */
function listenAdvice(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "EADDRINUSE" || code === "EACCES") return ": set GATEWAY_PORT to a free port";
  if (code === "EADDRNOTAVAIL") return ": set HOST to an address of this machine";
  return "";
}

async function main(): Promise<void> {
  const env = loadGatewayEnv();
  // Traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (off by default); flushed at a clean stop.
  const stopTracing = startTracing("gateway");
  const starting = startGateway({
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, "utf8"),
    subgraphUrls: { units: env.UNITS_URL, orders: env.ORDERS_URL, suppliers: env.SUPPLIERS_URL, compliance: env.COMPLIANCE_URL },
    jwt: jwtSettingsFromEnv(env),
    scopeCacheMs: env.SCOPE_CACHE_SECONDS * 1000,
    apiKeyCacheMs: env.API_KEY_CACHE_SECONDS * 1000,
    principalKey: env.PRINCIPAL_SIGNING_KEY,
    port: env.GATEWAY_PORT,
    host: env.HOST,
    maxQueryDepth: env.MAX_QUERY_DEPTH,
    maxQueryFields: env.MAX_QUERY_FIELDS,
    maxBodyBytes: env.MAX_BODY_BYTES,
    ...gatewayLimitsFromEnv(env),
  });
  // Signals are ours from the start: one during start-up stops the gateway as soon as it is up (Ctrl-C on
  // `npm start` reaches every process at once), and the second of SIGINT and SIGTERM changes nothing.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`[gateway] ${signal}: closing subscribers, draining requests`);
    starting
      .then((gateway) => gateway.stop())
      .then(() => stopTracing?.())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(`[gateway] shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const gateway = await starting;
  if (!stopping) console.log(`[gateway] ready at ${gateway.url}`);
}

main().catch((error: unknown) => {
  console.error(`[gateway] ${error instanceof Error ? error.message : String(error)}${listenAdvice(error)}`);
  process.exit(1);
});
