import { keysetPage, quoteColumn } from "..";

describe("keysetPage", () => {
  it("starts the first page with TRUE, the ORDER BY of the keys and a bound LIMIT of size + 1", () => {
    expect(keysetPage({ keys: [{ column: "rank" }, { column: "id" }], size: 20 })).toEqual({
      where: "TRUE",
      orderBy: `"rank" ASC, "id" ASC`,
      limit: "LIMIT $1",
      params: [21],
      nextParam: 2,
      take: 21,
    });
  });

  it("compares keys of one direction as one row value", () => {
    const asc = keysetPage({ keys: [{ column: "createdAt" }, { column: "id" }], after: ["2026-01-01T00:00:00.000Z", "b"], size: 2 });
    expect(asc).toMatchObject({ where: `(("createdAt", "id") > ($1, $2))`, orderBy: `"createdAt" ASC, "id" ASC`, limit: "LIMIT $3", params: ["2026-01-01T00:00:00.000Z", "b", 3] });
    const desc = keysetPage({ keys: [{ column: "u.rank", direction: "DESC" }, { column: "u.id", direction: "DESC" }], after: [5, "x"], size: 10 });
    expect(desc).toMatchObject({ where: `(("u"."rank", "u"."id") < ($1, $2))`, orderBy: `"u"."rank" DESC, "u"."id" DESC`, params: [5, "x", 11] });
    expect(keysetPage({ keys: [{ column: "seq" }], after: ["42"], size: 1 }).where).toBe(`("seq" > $1)`);
  });

  it("splits mixed directions into runs, each compared once the runs before it are equal", () => {
    const page = keysetPage({ keys: [{ column: "rank", direction: "DESC" }, { column: "name" }, { column: "id" }], after: [3, "m", "k"], size: 5 });
    expect(page.where).toBe(`("rank" < $1 OR ("rank" = $1 AND ("name", "id") > ($2, $3)))`);
    expect(page.orderBy).toBe(`"rank" DESC, "name" ASC, "id" ASC`);
    const alternating = keysetPage({ keys: [{ column: "a" }, { column: "b", direction: "DESC" }, { column: "c" }], after: [1, 2, 3], size: 5 });
    expect(alternating.where).toBe(`("a" > $1 OR ("a" = $1 AND "b" < $2) OR ("a" = $1 AND "b" = $2 AND "c" > $3))`);
  });

  it("numbers its placeholders after the statement's own", () => {
    const page = keysetPage({ keys: [{ column: "rank" }, { column: "id" }], after: [1, "a"], size: 3, firstParam: 3 });
    expect(page).toMatchObject({ where: `(("rank", "id") > ($3, $4))`, limit: "LIMIT $5", params: [1, "a", 4], nextParam: 6 });
    expect(keysetPage({ keys: [{ column: "id" }], size: 3, firstParam: 2 })).toMatchObject({ limit: "LIMIT $2", params: [4], nextParam: 3 });
  });

  it("never writes a value into the SQL", () => {
    const hostile = `x'); DROP TABLE units; --`;
    const page = keysetPage({ keys: [{ column: "name" }, { column: "id" }], after: [hostile, hostile], size: 1 });
    expect(`${page.where} ${page.orderBy} ${page.limit}`).not.toContain("DROP");
    expect(page.params).toEqual([hostile, hostile, 2]);
  });

  it("refuses columns that are not identifiers, and repeated ones", () => {
    for (const column of ["", "a b", `a"b`, "1abc", "a.b.c", "lower(name)", "a;--", ".a", "a.", "naïve"]) {
      expect(() => keysetPage({ keys: [{ column }], size: 1 })).toThrow(/not an identifier/);
    }
    expect(() => keysetPage({ keys: [{ column: "id" }, { column: "id", direction: "DESC" }], size: 1 })).toThrow(/listed twice/);
    expect(quoteColumn("_a1.B_2")).toBe(`"_a1"."B_2"`);
  });

  it("refuses bad directions, sizes, placeholder numbers and key counts", () => {
    expect(() => keysetPage({ keys: [{ column: "id", direction: "asc" as "ASC" }], size: 1 })).toThrow(/ASC or DESC/);
    for (const size of [0, -1, 1.5, Number.NaN]) expect(() => keysetPage({ keys: [{ column: "id" }], size })).toThrow(/page size/);
    for (const firstParam of [0, 2.5]) expect(() => keysetPage({ keys: [{ column: "id" }], size: 1, firstParam })).toThrow(/firstParam/);
    expect(() => keysetPage({ keys: [], size: 1 })).toThrow(/1 to 8 key columns/);
    expect(() => keysetPage({ keys: Array.from({ length: 9 }, (_, i) => ({ column: `c${i}` })), size: 1 })).toThrow(/1 to 8 key columns/);
  });

  it("refuses a position that does not match the keys, or holds NULL or a non-scalar", () => {
    const keys = [{ column: "rank" }, { column: "id" }];
    expect(() => keysetPage({ keys, after: [1], size: 1 })).toThrow(/one value per key \(2\); got 1/);
    expect(() => keysetPage({ keys, after: [1, 2, 3], size: 1 })).toThrow(/one value per key/);
    for (const bad of [null, undefined, { a: 1 }, [1], Number.NaN, Number.POSITIVE_INFINITY, new Date(Number.NaN)]) {
      expect(() => keysetPage({ keys, after: [1, bad as never], size: 1 })).toThrow(/position value 1 \("id"\)/);
    }
    expect(keysetPage({ keys, after: [10n, true], size: 1 }).params).toEqual([10n, true, 2]);
    const when = new Date("2026-03-01T10:00:00.000Z");
    expect(keysetPage({ keys, after: [when, "a"], size: 1 }).params[0]).toBe(when);
  });
});
