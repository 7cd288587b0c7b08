import { csvCell, csvLine, statusOf } from "../exports";

describe("CSV exports", () => {
  it("writes cells as RFC 4180 asks: quoted when they hold commas, quotes or line breaks", () => {
    expect(csvLine(["a", 1, null, undefined, new Date("2026-01-02T03:04:05.000Z")])).toBe("a,1,,,2026-01-02T03:04:05.000Z\r\n");
    expect(csvCell('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
  });

  it("keeps a spreadsheet from running a text as a formula", () => {
    for (const text of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"]) expect(csvCell(text).replace(/^"/, "").startsWith("'")).toBe(true);
    expect(csvCell(-1)).toBe("-1");
    expect(csvCell("Jane")).toBe("Jane");
  });

  it("answers with the HTTP status the first GraphQL error calls for", () => {
    expect([statusOf("UNAUTHENTICATED"), statusOf("FORBIDDEN"), statusOf("NOT_FOUND"), statusOf("BAD_USER_INPUT"), statusOf("LIMIT_EXCEEDED"), statusOf("SUBGRAPH_UNAVAILABLE")]).toEqual([
      401, 403, 404, 400, 400, 502,
    ]);
  });
});
