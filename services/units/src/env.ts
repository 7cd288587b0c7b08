import { defineSubgraphEnv } from "@tracehub/subgraph-kit";

const env = defineSubgraphEnv(4001);

/** Reads and checks the units service's settings once. */
export const loadEnv = env.load;

/** Every environment variable the units service reads. */
export const ENV_KEYS = env.keys;
