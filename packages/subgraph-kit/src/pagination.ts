import { type ClassType, ArgsType, Directive, Field, Int, ObjectType } from "type-graphql";
import { BadUserInput } from "./errors";

/** The largest page a connection answers. */
export const MAX_PAGE_SIZE = 500;
/** The page size when `first` is not given. */
export const DEFAULT_PAGE_SIZE = 20;

/** Arguments of every Relay-style connection field. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `How many items to return (1 to ${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Return the items after this cursor (an `endCursor` or edge `cursor` from an earlier page)." })
  after?: string | null;
}

/** Checks `first` and returns the page size to use. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadUserInput(`'first' must be between 1 and ${MAX_PAGE_SIZE}; got ${first}.`, { argument: "first" });
  }
  return first;
}

/** Encodes a keyset position as an opaque cursor. */
export function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

/**
 * What one position of a keyset cursor holds: any text, a UUID, an instant as `Date.toISOString()` writes it
 * (years 0001 to 9999, which PostgreSQL can store), or a non-negative 64-bit integer (as a string or number).
 */
export type CursorPart = "text" | "uuid" | "time" | "bigint";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BIGINT = 9_223_372_036_854_775_807n;

function isCursorPart(value: unknown, part: CursorPart): boolean {
  switch (part) {
    case "text":
      return typeof value === "string";
    case "uuid":
      return typeof value === "string" && UUID.test(value);
    case "time": {
      if (typeof value !== "string" || value < "0001" || value > "9999-12-31T23:59:59.999Z") return false;
      const ms = Date.parse(value);
      return !Number.isNaN(ms) && new Date(ms).toISOString() === value;
    }
    case "bigint":
      if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0;
      return typeof value === "string" && /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT;
  }
}

/**
 * Decodes a cursor made by {@link encodeCursor} for a connection whose positions have `shape`. A cursor
 * that does not decode, or whose positions do not have that shape (another connection's cursor, a forged
 * one), is BAD_USER_INPUT naming `after`: it never reaches SQL.
 */
export function decodeCursor(cursor: string | null | undefined, shape: readonly CursorPart[]): (string | number)[] | null {
  if (cursor === null || cursor === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === shape.length && value.every((x, i) => isCursorPart(x, shape[i] as CursorPart))) return value as (string | number)[];
  } catch {
    // fall through
  }
  throw new BadUserInput("'after' is not a cursor this API issued for this list; pass an `endCursor` or edge `cursor` from an earlier page of it.", {
    argument: "after",
  });
}

/** Relay page information (shared by every subgraph). */
@Directive("@shareable")
@ObjectType({ description: "Where a page sits in a connection." })
export class PageInfo {
  @Field({ description: "True when more items follow this page." })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the last item on this page; pass it as `after` for the next page." })
  endCursor!: string | null;
}

/** A page of nodes with their cursors, as services return it. */
export interface Page<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * Builds a page from `rows` fetched with `LIMIT size + 1`: trims the extra row and sets `hasNextPage`.
 */
export function toPage<T>(rows: T[], size: number, positionOf: (row: T) => (string | number)[], totalCount: number): Page<T> {
  const items = rows.slice(0, size);
  const edges = items.map((node) => ({ node, cursor: encodeCursor(positionOf(node)) }));
  return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}

/**
 * Declares the `<Name>Edge` and `<Name>Connection` object types for a node type. Call once per node
 * type, at module level.
 */
export function connectionType<T extends object>(node: ClassType<T>, name: string, description: string) {
  @ObjectType(`${name}Edge`, { description: `One ${description} in a page, with its cursor.` })
  class Edge {
    @Field(() => node, { description: `The ${description}.` })
    node!: T;

    @Field({ description: "Opaque position of this edge; pass it as `after` to continue after it." })
    cursor!: string;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${description}s.` })
  class Connection {
    @Field(() => [Edge], { description: "The items on this page, in order." })
    edges!: Edge[];

    @Field(() => PageInfo, { description: "Where this page sits." })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "How many items match in all pages." })
    totalCount!: number;
  }
  return Connection;
}
