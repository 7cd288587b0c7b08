import { defineSubgraphEnv } from "@tracehub/subgraph-kit";
import { z } from "zod";
import { DEFAULT_FUTURE_TOLERANCE_SECONDS } from "./modules/capture/capture.rules";

const env = defineSubgraphEnv(4001, {
  /** How far ahead of the hub's clock an event time may be (clock skew), in seconds; later ones are refused. */
  EVENT_FUTURE_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(DEFAULT_FUTURE_TOLERANCE_SECONDS),
});

/** Reads and checks the units service's settings once. */
export const loadEnv = env.load;

/** Every environment variable the units service reads. */
export const ENV_KEYS = env.keys;
