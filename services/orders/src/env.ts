import { defineSubgraphEnv } from "@tracehub/subgraph-kit";
import { z } from "zod";

const env = defineSubgraphEnv(4002, {
  /** The units subgraph's URL: orders reads unit facts from its internal endpoints and delivers order events there through the outbox. */
  UNITS_URL: z.string().url().default("http://127.0.0.1:4001/graphql"),
});

/** Reads and checks the orders service's settings once. */
export const loadEnv = env.load;

/** Every environment variable the orders service reads. */
export const ENV_KEYS = env.keys;
