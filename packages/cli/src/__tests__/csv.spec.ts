import { type CsvRecord, CsvReader, csvLayout, csvRowEvent } from "../csv";

/** Reads `text` in pieces of `size` characters. */
function read(text: string, size = text.length): CsvRecord[] {
  const reader = new CsvReader();
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...reader.push(text.slice(i, i + size)));
  out.push(...reader.end());
  return out;
}

const NOW = "2026-03-01T10:00:00.000Z";

describe("CsvReader", () => {
  it.each([1, 2, 5, 1000])("reads quoted cells with commas, doubled quotes and line breaks, %i characters at a time", (size) => {
    const text = 'gtin,serial,lot\r\n09506000134352,"A,1","L ""x"""\r\n09506000134352,"multi\r\nline",L2\r\n09506000134352,B,\r\n';
    expect(read(text, size)).toEqual([
      { line: 1, cells: ["gtin", "serial", "lot"] },
      { line: 2, cells: ["09506000134352", "A,1", 'L "x"'] },
      { line: 3, cells: ["09506000134352", "multi\rline", "L2"] },
      { line: 5, cells: ["09506000134352", "B", ""] },
    ]);
  });

  it("reads LF, CRLF and CR line ends alike, skips blank lines, and takes a last line without a line end", () => {
    expect(read("a,b\n1,2\r\n\r\n3,4\r5,6").map((r) => [r.line, r.cells])).toEqual([
      [1, ["a", "b"]],
      [2, ["1", "2"]],
      [4, ["3", "4"]],
      [5, ["5", "6"]],
    ]);
  });

  it("refuses a quote inside an unquoted cell, text after a closing quote and an unclosed quote, naming the line", () => {
    expect(() => read('a,b\n1,x"y\n')).toThrow(/line 2: a quote inside an unquoted cell/);
    expect(() => read('a,b\n1,"x"y\n')).toThrow(/line 2: text after a closing quote/);
    expect(() => read('a,b\n1,"x\n')).toThrow(/line 2: a quoted cell is never closed/);
  });
});

describe("csvLayout", () => {
  it("finds the columns in any order and case, with a byte order mark", () => {
    expect(csvLayout(["\ufeffSerial", " GTIN ", "location"])).toEqual({ serial: 0, gtin: 1, location: 2 });
  });

  it("refuses a header without gtin or serial, and unknown or repeated columns", () => {
    expect(() => csvLayout(["gtin", "lot"])).toThrow(/no "serial" column/);
    expect(() => csvLayout(["gtin", "serial", "colour"])).toThrow(/unknown column "colour"/);
    expect(() => csvLayout(["gtin", "serial", "GTIN"])).toThrow(/"gtin" appears twice/);
  });
});

describe("csvRowEvent", () => {
  const layout = csvLayout(["gtin", "serial", "lot", "expiry", "location"]);

  it("makes a commissioning ObjectEvent with the unit's Digital Link, the lot and expiry as ILMD and the GLN as read point and business location", () => {
    const made = csvRowEvent({ line: 2, cells: ["9506000134352", "AB/1", "L1", "2030-06-30", "9506000000008"] }, layout, NOW);
    expect(made).toEqual({
      event: {
        type: "ObjectEvent",
        eventTime: NOW,
        eventTimeZoneOffset: "+00:00",
        epcList: ["https://id.gs1.org/01/09506000134352/21/AB%2F1"],
        action: "ADD",
        bizStep: "commissioning",
        disposition: "active",
        readPoint: { id: "https://id.gs1.org/414/9506000000008" },
        bizLocation: { id: "https://id.gs1.org/414/9506000000008" },
        ilmd: { "cbvmda:lotNumber": "L1", "cbvmda:itemExpirationDate": "2030-06-30" },
      },
    });
  });

  it("leaves out ILMD and locations that the row does not give", () => {
    const made = csvRowEvent({ line: 2, cells: ["09506000134352", "X", "", "", ""] }, layout, NOW) as { event: Record<string, unknown> };
    expect(made.event).not.toHaveProperty("ilmd");
    expect(made.event).not.toHaveProperty("readPoint");
    expect(made.event["epcList"]).toEqual(["https://id.gs1.org/01/09506000134352/21/X"]);
  });

  it.each([
    [["09506000134353", "X"], /line 7: .*check digit/],
    [["09506000134352", "A B"], /line 7: .*space/],
    [["09506000134352", ""], /line 7: no serial/],
    [["", "X"], /line 7: no gtin/],
    [["09506000134352", "X", "L1", "2030-02-30"], /line 7: .*not a calendar date/],
    [["09506000134352", "X", "", "", "9506000000009"], /line 7: .*\(414\).*check digit/],
    [["09506000134352", "X", "", "", "", "extra"], /line 7: 6 cells, but the header has 5 columns/],
  ])("refuses the row %j with its line number", (cells, problem) => {
    const made = csvRowEvent({ line: 7, cells }, layout, NOW);
    expect(made).toHaveProperty("problem");
    expect((made as { problem: string }).problem).toMatch(problem);
  });
});
