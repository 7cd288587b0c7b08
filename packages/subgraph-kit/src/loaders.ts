import DataLoader from "dataloader";
import { retryOnConnectionLoss } from "./reconnect";

/** Largest batch one loader sends in one query. */
export const MAX_BATCH = 1000;

/**
 * A per-request loader of one row per key: `fetch` gets the distinct keys of one tick and returns the
 * rows found, in any order; missing keys resolve to null. `fetch` must only read: it is run again when its
 * connection was dropped under it.
 */
export function loaderByKey<K extends string | number, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(
    async (keys) => {
      const rows = await retryOnConnectionLoss(() => fetch(keys));
      const byKey = new Map(rows.map((row) => [keyOf(row), row]));
      return keys.map((key) => byKey.get(key) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** A per-request loader of many rows per key (one-to-many), in the order `fetch` returns them. `fetch` must only read (see {@link loaderByKey}). */
export function loaderOfMany<K extends string | number, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(
    async (keys) => {
      const rows = await retryOnConnectionLoss(() => fetch(keys));
      const byKey = new Map<K, V[]>();
      for (const row of rows) {
        const key = keyOf(row);
        const list = byKey.get(key);
        if (list) list.push(row);
        else byKey.set(key, [row]);
      }
      return keys.map((key) => byKey.get(key) ?? []);
    },
    { maxBatchSize: MAX_BATCH },
  );
}
