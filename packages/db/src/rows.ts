/**
 * Rows checked at the store boundary: each statement declares the columns it reads and what they hold, and
 * {@link rowsOf} checks every row against that before a store hands it on. A mismatch (a renamed column, a
 * changed type) is a fault that names the statement and the column, not a wrong value that travels on.
 * (`bigint` columns arrive from pg as text; `jsonb` objects as `json`.)
 */

/** What a column holds; a trailing `?` allows NULL. */
export type ColumnKind = "text" | "int" | "bool" | "time" | "text[]" | "json";

/** The columns a statement reads, by name. */
export type RowShape = Readonly<Record<string, ColumnKind | `${ColumnKind}?`>>;

type ValueOf<K extends ColumnKind> = K extends "text"
  ? string
  : K extends "int"
    ? number
    : K extends "bool"
      ? boolean
      : K extends "time"
        ? Date
        : K extends "text[]"
          ? string[]
          : Record<string, unknown>;

/** The typed row a shape describes. */
export type RowOf<S extends RowShape> = {
  -readonly [C in keyof S]: S[C] extends `${infer K extends ColumnKind}?` ? ValueOf<K> | null : S[C] extends ColumnKind ? ValueOf<S[C]> : never;
};

function holds(kind: ColumnKind, value: unknown): boolean {
  switch (kind) {
    case "text":
      return typeof value === "string";
    case "int":
      return typeof value === "number" && Number.isInteger(value);
    case "time":
      return value instanceof Date && !Number.isNaN(value.getTime());
    case "bool":
      return typeof value === "boolean";
    case "text[]":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "json":
      return typeof value === "object" && value !== null && !Array.isArray(value);
  }
}

/** Checks the rows `statement` returned against `shape`; throws naming the statement and column on a mismatch. */
export function rowsOf<S extends RowShape>(statement: string, shape: S, rows: unknown): RowOf<S>[] {
  if (!Array.isArray(rows)) throw new Error(`${statement}: expected rows, got ${typeof rows}.`);
  for (const row of rows) {
    if (typeof row !== "object" || row === null) throw new Error(`${statement}: a row is ${row === null ? "null" : typeof row}.`);
    for (const [column, declared] of Object.entries(shape)) {
      const value = (row as Record<string, unknown>)[column];
      const nullable = declared.endsWith("?");
      if (value === null && nullable) continue;
      if (!holds(declared.replace("?", "") as ColumnKind, value)) throw new Error(`${statement}: column "${column}" is not ${declared} (got ${value === null ? "null" : typeof value}).`);
    }
  }
  return rows as RowOf<S>[];
}

/** The one row a statement must return (INSERT ... RETURNING, an aggregate). */
export function oneRowOf<S extends RowShape>(statement: string, shape: S, rows: unknown): RowOf<S> {
  const [row, extra] = rowsOf(statement, shape, rows);
  if (!row || extra) throw new Error(`${statement}: expected one row, got ${(rows as unknown[]).length}.`);
  return row;
}
