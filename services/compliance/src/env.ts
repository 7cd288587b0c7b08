import { defineSubgraphEnv } from "@tracehub/subgraph-kit";

const env = defineSubgraphEnv(4004);

/** Reads and checks the compliance service's settings once. */
export const loadEnv = env.load;

/** Every environment variable the compliance service reads. */
export const ENV_KEYS = env.keys;
