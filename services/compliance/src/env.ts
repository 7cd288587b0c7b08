import { defineSubgraphEnv } from "@tracehub/subgraph-kit";
import { z } from "zod";

const env = defineSubgraphEnv(4004, {
  /** The units subgraph's URL: issued recalls are delivered to its internal endpoint through the outbox. */
  UNITS_URL: z.string().url().default("http://127.0.0.1:4001/graphql"),
});

/** Reads and checks the compliance service's settings once. */
export const loadEnv = env.load;

/** Every environment variable the compliance service reads. */
export const ENV_KEYS = env.keys;
