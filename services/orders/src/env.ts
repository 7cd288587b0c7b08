import { defineSubgraphEnv } from "@tracehub/subgraph-kit";

const env = defineSubgraphEnv(4002);

/** Reads and checks the orders service's settings once. */
export const loadEnv = env.load;

/** Every environment variable the orders service reads. */
export const ENV_KEYS = env.keys;
