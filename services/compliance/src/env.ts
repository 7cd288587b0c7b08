import { DEV_PRINCIPAL_KEY, parseEnv, requireProductionSecret, subgraphEnvShape } from "@tracehub/subgraph-kit";
import { z } from "zod";

const schema = z.object({
  ...subgraphEnvShape,
  PORT: z.coerce.number().int().min(0).max(65535).default(4004),
});

/** The compliance service's settings, parsed once from the environment. */
export type ComplianceEnv = z.infer<typeof schema>;

/** Reads and checks the compliance service's settings. */
export function loadEnv(source: Record<string, string | undefined> = process.env): ComplianceEnv {
  const env = parseEnv(schema, source);
  requireProductionSecret(env.NODE_ENV, "PRINCIPAL_SIGNING_KEY", env.PRINCIPAL_SIGNING_KEY, DEV_PRINCIPAL_KEY);
  return env;
}
