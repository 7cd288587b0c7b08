/**
 * Keyset ("seek") pagination, the SQL half: given the ordered key columns of a list and the position after which
 * the next page starts (a decoded cursor), builds the WHERE condition, the ORDER BY and the LIMIT of one page.
 * Column names come only from code and are checked as identifiers (then quoted); position values and the limit
 * are always bound parameters. subgraph-kit's `encodeCursor`/`decodeCursor`/`toPage` are the GraphQL half.
 */

/** Sort direction of one key column. */
export type KeyDirection = "ASC" | "DESC";

/** One key column of a list's order. */
export interface KeyColumn {
  /**
   * The column: `name` or `alias.name`, each part a plain identifier (letters, digits, `_`, not starting with a
   * digit). It is quoted as written, so write it in the case the table has (`createdAt` for TypeORM columns).
   * Key columns must be NOT NULL: SQL comparisons with NULL are never true, so rows with a NULL key would vanish.
   */
  column: string;
  /** Default `ASC`. */
  direction?: KeyDirection;
}

/** A value of a decoded position, bound as a parameter (never written into the SQL). */
export type KeyValue = string | number | bigint | boolean | Date;

/** What {@link keysetPage} needs. */
export interface KeysetPageInput {
  /**
   * The list's order, most significant first. Together the keys must identify a row (end with a unique column,
   * such as the primary key), or rows that tie on every key could be skipped or repeated between pages.
   */
  keys: readonly KeyColumn[];
  /** The position to continue after: one value per key, in key order; null or undefined for the first page. */
  after?: readonly KeyValue[] | null;
  /** Rows per page. The LIMIT is `size + 1`, so the extra row tells whether a next page exists (see `toPage`). */
  size: number;
  /** Number of the first placeholder to use (`$n`), after the statement's own parameters. Default 1. */
  firstParam?: number;
}

/** The fragments of one page's statement and their bound parameters. */
export interface KeysetPage {
  /**
   * The condition "after the position", parenthesised, e.g. `(("rank", "id") > ($2, $3))`; `TRUE` on the first
   * page, so a statement can always say `WHERE <filters> AND ${page.where}`.
   */
  where: string;
  /** The ORDER BY list without the keywords, e.g. `"rank" ASC, "id" ASC`. */
  orderBy: string;
  /** `LIMIT $n`: the limit is bound too. */
  limit: string;
  /** The parameters, for `$firstParam` onwards, in order: the position's values, then `size + 1`. */
  params: KeyValue[];
  /** The number of the next free placeholder, for parameters the statement adds after these. */
  nextParam: number;
  /** `size + 1`, the number of rows the statement may return. */
  take: number;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** How many key columns a list may have; more is a design mistake, not a need. */
export const MAX_KEY_COLUMNS = 8;

/** Quotes a column reference written `name` or `alias.name`, after checking each part is a plain identifier. */
export function quoteColumn(column: string): string {
  const parts = typeof column === "string" ? column.split(".") : [];
  if (parts.length < 1 || parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part))) {
    throw new Error(`Keyset column ${JSON.stringify(column)} is not an identifier (name or alias.name of letters, digits and _).`);
  }
  return parts.map((part) => `"${part}"`).join(".");
}

function isKeyValue(value: unknown): value is KeyValue {
  switch (typeof value) {
    case "string":
    case "bigint":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value);
    default:
      return value instanceof Date && !Number.isNaN(value.getTime());
  }
}

/** A run of consecutive keys with the same direction: compared as one row value. */
interface Run {
  columns: string[];
  placeholders: string[];
  direction: KeyDirection;
}

const tuple = (items: string[]): string => (items.length === 1 ? (items[0] as string) : `(${items.join(", ")})`);

/**
 * The SQL of one keyset page. Keys with one direction compare as a single row value, which an index on those
 * columns serves: `(a, b) > ($1, $2)` (`<` for DESC). Mixed directions are split into runs of one direction,
 * each compared as a row value once the runs before it are equal:
 * `(a, b) > ($1, $2) OR ((a, b) = ($1, $2) AND c < $3)`.
 *
 * Throws (a programming error, not the caller's) for a bad column, a repeated column, a position that does not
 * match the keys, a NULL or non-scalar value, or a bad size or placeholder number. Decode and check cursors with
 * subgraph-kit's `decodeCursor` first: it answers BAD_USER_INPUT for a forged one.
 */
export function keysetPage(input: KeysetPageInput): KeysetPage {
  const { keys, after, size } = input;
  const firstParam = input.firstParam ?? 1;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_KEY_COLUMNS) {
    throw new Error(`A keyset needs 1 to ${MAX_KEY_COLUMNS} key columns; got ${Array.isArray(keys) ? keys.length : typeof keys}.`);
  }
  if (!Number.isSafeInteger(size) || size < 1) throw new Error(`Keyset page size must be a positive integer; got ${String(size)}.`);
  if (!Number.isSafeInteger(firstParam) || firstParam < 1) throw new Error(`Keyset firstParam must be a positive integer; got ${String(firstParam)}.`);

  const quoted = keys.map((key) => quoteColumn(key.column));
  const seen = new Set<string>();
  for (const column of quoted) {
    if (seen.has(column)) throw new Error(`Keyset column ${column} is listed twice.`);
    seen.add(column);
  }
  const directions = keys.map((key) => {
    const direction = key.direction ?? "ASC";
    if (direction !== "ASC" && direction !== "DESC") throw new Error(`Keyset direction must be ASC or DESC; got ${JSON.stringify(direction)}.`);
    return direction;
  });
  const orderBy = quoted.map((column, i) => `${column} ${directions[i]}`).join(", ");

  const params: KeyValue[] = [];
  let where = "TRUE";
  if (after !== null && after !== undefined) {
    if (!Array.isArray(after) || after.length !== keys.length) {
      throw new Error(`A keyset position needs one value per key (${keys.length}); got ${Array.isArray(after) ? after.length : typeof after}.`);
    }
    after.forEach((value, i) => {
      if (!isKeyValue(value)) throw new Error(`Keyset position value ${i} (${quoted[i]}) must be a string, finite number, bigint, boolean or valid Date; got ${value === null ? "null" : typeof value}.`);
      params.push(value);
    });
    const runs: Run[] = [];
    quoted.forEach((column, i) => {
      const direction = directions[i] as KeyDirection;
      const placeholder = `$${firstParam + i}`;
      const last = runs.at(-1);
      if (last && last.direction === direction) {
        last.columns.push(column);
        last.placeholders.push(placeholder);
      } else {
        runs.push({ columns: [column], placeholders: [placeholder], direction });
      }
    });
    const branches = runs.map((run, r) => {
      const equalBefore = runs.slice(0, r).map((prior) => `${tuple(prior.columns)} = ${tuple(prior.placeholders)}`);
      const beyond = `${tuple(run.columns)} ${run.direction === "ASC" ? ">" : "<"} ${tuple(run.placeholders)}`;
      return equalBefore.length === 0 ? beyond : `(${[...equalBefore, beyond].join(" AND ")})`;
    });
    where = `(${branches.join(" OR ")})`;
  }
  const take = size + 1;
  const limitParam = firstParam + params.length;
  params.push(take);
  return { where, orderBy, limit: `LIMIT $${limitParam}`, params, nextParam: limitParam + 1, take };
}
