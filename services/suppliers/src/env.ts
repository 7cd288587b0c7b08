import { defineSubgraphEnv } from "@tracehub/subgraph-kit";

const env = defineSubgraphEnv(4003);

/** Reads and checks the suppliers service's settings once. */
export const loadEnv = env.load;

/** Every environment variable the suppliers service reads. */
export const ENV_KEYS = env.keys;
