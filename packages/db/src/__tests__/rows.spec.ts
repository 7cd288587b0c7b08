import { oneRowOf, rowsOf } from "../rows";

const SHAPE = { id: "text", organizationId: "text?", n: "int", createdAt: "time", lots: "text[]" } as const;
const good = { id: "a", organizationId: null, n: 3, createdAt: new Date("2025-01-02T03:04:05Z"), lots: ["L1"] };

describe("rows checked at the store boundary", () => {
  it("passes rows that hold what the statement declares, nulls only where allowed", () => {
    const rows = rowsOf("S", SHAPE, [good, { ...good, organizationId: "org" }]);
    expect(rows.map((r) => r.organizationId)).toEqual([null, "org"]);
  });

  it.each([
    ["a missing column", { ...good, id: undefined }, 'S: column "id" is not text (got undefined).'],
    ["NULL in a column that allows none", { ...good, n: null }, 'S: column "n" is not int (got null).'],
    ["a number that is not an integer", { ...good, n: 1.5 }, 'S: column "n" is not int (got number).'],
    ["a time as text", { ...good, createdAt: "2025-01-02" }, 'S: column "createdAt" is not time (got string).'],
    ["an invalid date", { ...good, createdAt: new Date(Number.NaN) }, 'S: column "createdAt" is not time (got object).'],
    ["an array holding a number", { ...good, lots: ["L1", 2] }, 'S: column "lots" is not text[] (got object).'],
    ["a text where an array belongs", { ...good, lots: "{L1}" }, 'S: column "lots" is not text[] (got string).'],
  ])("refuses %s, naming the statement and the column", (_name, row, message) => {
    expect(() => rowsOf("S", SHAPE, [row])).toThrow(message);
  });

  it("refuses a result that is not rows", () => {
    expect(() => rowsOf("S", SHAPE, { rows: [] })).toThrow("S: expected rows, got object.");
    expect(() => rowsOf("S", SHAPE, [null])).toThrow("S: a row is null.");
  });

  it("takes exactly one row where a statement returns one", () => {
    expect(oneRowOf("S", SHAPE, [good]).id).toBe("a");
    expect(() => oneRowOf("S", SHAPE, [])).toThrow("S: expected one row, got 0.");
    expect(() => oneRowOf("S", SHAPE, [good, good])).toThrow("S: expected one row, got 2.");
  });
});
