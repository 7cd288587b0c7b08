import { z } from "zod";

/**
 * Parses `source` (default `process.env`) with a zod object schema once, reporting every problem in
 * one error so an operator can fix the configuration in one go.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, source: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(root)"}: ${issue.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return result.data;
}

const DEV_PRINCIPAL_KEY = "tracehub-dev-principal-key-do-not-use-in-production";

/** Settings every subgraph shares. Production (`NODE_ENV=production`) must set the secrets. */
export const subgraphEnvShape = {
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgres:// URL" }),
  HOST: z.string().default("127.0.0.1"),
  PRINCIPAL_SIGNING_KEY: z.string().min(16, "PRINCIPAL_SIGNING_KEY must be at least 16 characters").default(DEV_PRINCIPAL_KEY),
  /** When set, `/metrics` answers only `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
};

/** Refuses the development default of a secret in production. */
export function requireProductionSecret(nodeEnv: string, name: string, value: string, devDefault: string): void {
  if (nodeEnv === "production" && value === devDefault) {
    throw new Error(`Invalid configuration:\n  ${name}: must be set in production (the development default is public).`);
  }
}

export { DEV_PRINCIPAL_KEY };

/**
 * The settings of a subgraph process: the shared ones, `PORT` (default `defaultPort`) and the service's own
 * (`extra`). Returns the loader and the variable names it reads (docker-compose.yml is checked against them).
 */
export function defineSubgraphEnv<E extends z.ZodRawShape = Record<never, never>>(defaultPort: number, extra?: E) {
  const shared = { ...subgraphEnvShape, PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort) };
  const schema = z.object({ ...shared, ...extra }) as unknown as z.ZodObject<typeof shared & E>;
  return {
    /** Every environment variable the service reads. */
    keys: Object.keys(schema.shape),
    /** Reads and checks the settings once; refuses development secrets in production. */
    load(source: Record<string, string | undefined> = process.env): z.infer<z.ZodObject<typeof shared>> & z.infer<z.ZodObject<E>> {
      const env = parseEnv(schema, source) as z.infer<z.ZodObject<typeof shared>> & z.infer<z.ZodObject<E>>;
      requireProductionSecret(env.NODE_ENV, "PRINCIPAL_SIGNING_KEY", env.PRINCIPAL_SIGNING_KEY, DEV_PRINCIPAL_KEY);
      return env;
    },
  };
}
