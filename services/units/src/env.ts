import { defineSubgraphEnv } from "@tracehub/subgraph-kit";
import { z } from "zod";
import { DEFAULT_FUTURE_TOLERANCE_SECONDS } from "./modules/capture/capture.rules";

const env = defineSubgraphEnv(4001, {
  /** How far ahead of the hub's clock an event time may be (clock skew), in seconds; later ones are refused. */
  EVENT_FUTURE_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(DEFAULT_FUTURE_TOLERANCE_SECONDS),
  /** The suppliers subgraph (webhooks look up what their organization may see there, as the gateway does). */
  SUPPLIERS_URL: z.string().url().default("http://127.0.0.1:4003/graphql"),
  /** Whether webhooks may be http and point at loopback or private hosts: "true" in development, "false" in production by default. */
  WEBHOOK_PRIVATE_TARGETS: z.enum(["true", "false"]).optional(),
  /** Units a recall's marking worker marks per transaction. */
  RECALL_MARKING_BATCH_SIZE: z.coerce.number().int().min(1).max(200_000).default(20_000),
});

/** Reads and checks the units service's settings once. */
export const loadEnv = env.load;

/** Every environment variable the units service reads. */
export const ENV_KEYS = env.keys;
