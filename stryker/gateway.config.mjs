import { readFileSync } from "node:fs";
import { mutationConfig } from "./base.mjs";

const FANOUT = "gateway/src/subscriptions/fanout.ts";

/** 1-based line of the first line of `file` that starts with `prefix`. */
function lineOf(lines, prefix) {
  const index = lines.findIndex((line) => line.startsWith(prefix));
  if (index < 0) throw new Error(`${FANOUT}: no line starts with '${prefix}'; update stryker/gateway.config.mjs.`);
  return index + 1;
}

// Of the fan-out, the pure functions (close reasons, scope keys, resume detection, upstream failures) and the
// index of shared subscriptions (which requests share one upstream subscription), not the plan execution in
// between, which only integration specs exercise. Found by their declarations, so edits above them do not
// shift the ranges.
const lines = readFileSync(new URL(`../${FANOUT}`, import.meta.url), "utf8").split("\n");
const pure = `${FANOUT}:${lineOf(lines, "export function closeReason")}-${lineOf(lines, "class SharedSubscription") - 1}`;
const index = `${FANOUT}:${lineOf(lines, "export class SubscriptionFanout")}-${lines.length}`;

export default mutationConfig("gateway", ["gateway/src/limits.ts", pure, index]);
