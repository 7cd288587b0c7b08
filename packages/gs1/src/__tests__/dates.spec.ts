import { Gs1ErrorCode, expandYear, gs1DateToIso, isoToGs1Date, validateElementValue } from "../index";
import { expectGs1Error } from "./helpers";

// GS1 six-digit dates and four-digit times: the century window, leap years, day 00, and the messages a person at
// a scanner reads when a date is wrong.

describe("the GS1 century window", () => {
  it("puts a year 51 or more ahead of the reference year in the previous century, and 50 ahead in this one", () => {
    expect(expandYear(77, 2026)).toBe(1977);
    expect(expandYear(76, 2026)).toBe(2076);
  });

  it("puts a year 50 or more behind the reference year in the next century, and 49 behind in this one", () => {
    expect(expandYear(10, 2060)).toBe(2110);
    expect(expandYear(11, 2060)).toBe(2011);
  });

  it("follows the clock across a new year when no reference year is given", () => {
    jest.useFakeTimers();
    try {
      jest.setSystemTime(new Date("2049-12-31T23:59:59.000Z"));
      expect(gs1DateToIso("000101", false)).toBe("2000-01-01");
      jest.setSystemTime(new Date("2050-01-01T00:00:00.000Z"));
      expect(gs1DateToIso("000101", false)).toBe("2100-01-01");
      jest.setSystemTime(new Date("2049-06-30T12:00:00.000Z"));
      expect(gs1DateToIso("000101", false)).toBe("2000-01-01");
    } finally {
      jest.useRealTimers();
    }
  });
});

describe("reading YYMMDD", () => {
  it("pads months and days, one-digit and two-digit alike", () => {
    expect(gs1DateToIso("250105", false, { referenceYear: 2026 })).toBe("2025-01-05");
    expect(gs1DateToIso("251010", false, { referenceYear: 2026 })).toBe("2025-10-10");
  });

  it("knows leap years: every fourth year, not centuries, but every fourth century", () => {
    expect(gs1DateToIso("240229", false, { referenceYear: 2026 })).toBe("2024-02-29");
    expect(gs1DateToIso("000229", false, { referenceYear: 2026 })).toBe("2000-02-29");
    expectGs1Error(() => gs1DateToIso("250229", false, { referenceYear: 2026 }), Gs1ErrorCode.BAD_DATE, 'The date "250229" has day 29, but 2025-02 has only 28 days.');
    expectGs1Error(() => gs1DateToIso("000229", false, { referenceYear: 1920 }), Gs1ErrorCode.BAD_DATE, "but 1900-02 has only 28 days");
    expectGs1Error(() => gs1DateToIso("000229", false, { referenceYear: 2080 }), Gs1ErrorCode.BAD_DATE, "but 2100-02 has only 28 days");
  });

  it("reads day 00 as the last day of the month where the field allows it", () => {
    expect(gs1DateToIso("250200", true, { referenceYear: 2026 })).toBe("2025-02-28");
    expect(gs1DateToIso("240200", true, { referenceYear: 2026 })).toBe("2024-02-29");
    expect(gs1DateToIso("250400", true, { referenceYear: 2026 })).toBe("2025-04-30");
  });

  it("explains a date that is not six digits, naming the AI when there is one", () => {
    const error = expectGs1Error(() => gs1DateToIso("2501", false), Gs1ErrorCode.BAD_DATE);
    expect(error.message).toBe('The date must be six digits YYMMDD; got "2501".');
    expect(error.detail).toEqual({ ai: undefined, value: "2501" });
    expect(expectGs1Error(() => gs1DateToIso("25a101", false, {}, "17"), Gs1ErrorCode.BAD_DATE).message).toBe('The date in AI (17) must be six digits YYMMDD; got "25a101".');
    expect(expectGs1Error(() => gs1DateToIso("2501011", false, {}, "17"), Gs1ErrorCode.BAD_DATE).detail).toEqual({ ai: "17", value: "2501011" });
  });

  it("explains a month outside 01 to 12", () => {
    expect(expectGs1Error(() => gs1DateToIso("251301", false), Gs1ErrorCode.BAD_DATE).message).toBe('The date "251301" has month 13; months run 01 to 12.');
    const zero = expectGs1Error(() => gs1DateToIso("250001", true, {}, "17"), Gs1ErrorCode.BAD_DATE);
    expect(zero.message).toBe('The date in AI (17) "250001" has month 00; months run 01 to 12.');
    expect(zero.detail).toEqual({ ai: "17", value: "250001" });
  });

  it("explains a day 00 where the field needs a real day", () => {
    expect(expectGs1Error(() => gs1DateToIso("250100", false), Gs1ErrorCode.BAD_DATE).message).toBe('The date "250100" has day 00, which this field does not allow.');
    const error = expectGs1Error(() => gs1DateToIso("250100", false, {}, "7006"), Gs1ErrorCode.BAD_DATE);
    expect(error.message).toBe('The date in AI (7006) "250100" has day 00, which this field does not allow.');
    expect(error.detail).toEqual({ ai: "7006", value: "250100" });
  });

  it("explains a day the month does not have", () => {
    const error = expectGs1Error(() => gs1DateToIso("250431", true, { referenceYear: 2026 }, "17"), Gs1ErrorCode.BAD_DATE);
    expect(error.message).toBe('The date in AI (17) "250431" has day 31, but 2025-04 has only 30 days.');
    expect(error.detail).toEqual({ ai: "17", value: "250431" });
  });
});

describe("writing YYMMDD", () => {
  it("turns an ISO calendar date into YYMMDD", () => {
    expect(isoToGs1Date("2025-01-31")).toBe("250131");
    expect(isoToGs1Date("2024-02-29")).toBe("240229");
    expect(isoToGs1Date("2025-12-01")).toBe("251201");
  });

  it("refuses text that is not YYYY-MM-DD", () => {
    for (const iso of ["2025-1-1", "25-01-01", "2025-01-01T00:00:00Z", "x2025-01-01"]) {
      const error = expectGs1Error(() => isoToGs1Date(iso), Gs1ErrorCode.BAD_DATE);
      expect(error.message).toBe(`Expected an ISO date YYYY-MM-DD; got "${iso}".`);
      expect(error.detail).toEqual({ value: iso });
    }
  });

  it("refuses dates the calendar does not have", () => {
    for (const iso of ["2025-13-01", "2025-00-10", "2025-01-00", "2025-02-29", "2025-04-31"]) {
      const error = expectGs1Error(() => isoToGs1Date(iso), Gs1ErrorCode.BAD_DATE);
      expect(error.message).toBe(`"${iso}" is not a calendar date.`);
      expect(error.detail).toEqual({ value: iso });
    }
  });
});

describe("times and date-times in AI values", () => {
  it("accepts HHMM from 0000 to 2359 in an expiry date and time (AI 7003)", () => {
    expect(() => validateElementValue("7003", "2501010000", { referenceYear: 2026 })).not.toThrow();
    expect(() => validateElementValue("7003", "2501012359", { referenceYear: 2026 })).not.toThrow();
  });

  it("explains an hour or minute out of range, naming the AI", () => {
    const late = expectGs1Error(() => validateElementValue("7003", "2501012400", { referenceYear: 2026 }), Gs1ErrorCode.BAD_DATE);
    expect(late.message).toBe('The time "2400" in AI (7003) is not a valid HHMM (00:00–23:59).');
    expect(late.detail).toEqual({ ai: "7003", value: "2400" });
    expect(expectGs1Error(() => validateElementValue("7003", "2501011260", { referenceYear: 2026 }), Gs1ErrorCode.BAD_DATE).message).toBe(
      'The time "1260" in AI (7003) is not a valid HHMM (00:00–23:59).',
    );
  });

  it("checks the optional time of a test-by date (AI 7011) only when it is there", () => {
    expect(() => validateElementValue("7011", "250101", { referenceYear: 2026 })).not.toThrow();
    expect(() => validateElementValue("7011", "2501012330", { referenceYear: 2026 })).not.toThrow();
    expectGs1Error(() => validateElementValue("7011", "2501012360", { referenceYear: 2026 }), Gs1ErrorCode.BAD_DATE, 'The time "2360" in AI (7011)');
  });

  it("checks the date and the hour of a production date and time (AI 8008)", () => {
    expect(() => validateElementValue("8008", "25010123", { referenceYear: 2026 })).not.toThrow();
    expect(() => validateElementValue("8008", "250101235959", { referenceYear: 2026 })).not.toThrow();
    const error = expectGs1Error(() => validateElementValue("8008", "25010124", { referenceYear: 2026 }), Gs1ErrorCode.BAD_DATE);
    expect(error.message).toBe("AI (8008) PROD TIME: hour 24 is not 00–23.");
    expect(error.detail).toEqual({ ai: "8008", value: "25010124" });
    expectGs1Error(() => validateElementValue("8008", "25010023", { referenceYear: 2026 }), Gs1ErrorCode.BAD_DATE, "AI (8008)", "day 00");
  });

  it("needs a real day in a first freeze date (AI 7006) and allows day 00 in an expiry date (AI 17)", () => {
    expectGs1Error(() => validateElementValue("7006", "250100", { referenceYear: 2026 }), Gs1ErrorCode.BAD_DATE, "AI (7006)", "day 00");
    expect(() => validateElementValue("17", "250100", { referenceYear: 2026 })).not.toThrow();
  });
});
