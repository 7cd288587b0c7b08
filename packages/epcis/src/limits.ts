import { EpcisLimitError } from "./errors";

/** Explicit input limits. Every entry point refuses input beyond them with `EpcisLimitError` (`LIMIT_EXCEEDED`). */
export interface EpcisLimits {
  /** Maximum size of a JSON text (UTF-8 bytes) accepted by the string/Buffer entry points. Default 32 MiB. */
  maxBytes: number;
  /** Maximum number of events in one document. Default 50,000 (the REST binding's `GS1-EPCIS-Capture-Limit`). */
  maxEvents: number;
  /** Maximum nesting depth of any JSON value inside an event (extensions, ILMD). Default 32. */
  maxDepth: number;
}

/** Default limits, chosen so that one call stays well under a second and ~200 MB of heap. */
export const DEFAULT_LIMITS: Readonly<EpcisLimits> = Object.freeze({
  maxBytes: 32 * 1024 * 1024,
  maxEvents: 50_000,
  maxDepth: 32,
});

/** Fills missing limits with the defaults. */
export function resolveLimits(limits?: Partial<EpcisLimits>): EpcisLimits {
  return { ...DEFAULT_LIMITS, ...(limits ?? {}) };
}

/** Throws `EpcisLimitError` when `byteLength` is above `limits.maxBytes`. */
export function checkBytes(byteLength: number, limits: EpcisLimits): void {
  if (byteLength > limits.maxBytes) throw new EpcisLimitError("maxBytes", byteLength, limits.maxBytes);
}

/** Throws `EpcisLimitError` when `count` is above `limits.maxEvents`. */
export function checkEventCount(count: number, limits: EpcisLimits): void {
  if (count > limits.maxEvents) throw new EpcisLimitError("maxEvents", count, limits.maxEvents);
}

/** Throws `EpcisLimitError` when `value` nests deeper than `limits.maxDepth` (iterative, no recursion). */
export function checkDepth(value: unknown, limits: EpcisLimits): void {
  // Two parallel stacks rather than a [value, depth] pair per node: no allocation per JSON node (every node of every
  // captured document passes here).
  const values: unknown[] = [value];
  const depths: number[] = [1];
  while (values.length > 0) {
    const v = values.pop();
    const d = depths.pop() as number;
    if (v === null || typeof v !== "object") continue;
    if (d > limits.maxDepth) throw new EpcisLimitError("maxDepth", d, limits.maxDepth);
    if (Array.isArray(v)) {
      for (const child of v) {
        if (child !== null && typeof child === "object") {
          values.push(child);
          depths.push(d + 1);
        }
      }
      continue;
    }
    // for...in over own keys (what Object.values lists) without allocating a values array per object.
    const obj = v as Record<string, unknown>;
    for (const key in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
      const child = obj[key];
      if (child !== null && typeof child === "object") {
        values.push(child);
        depths.push(d + 1);
      }
    }
  }
}
