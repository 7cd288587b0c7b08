import { BadUserInput } from "../errors";
import { isUuid, uuidArgument } from "../ids";
import { decodeCursor, encodeCursor } from "../pagination";

const refused = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof BadUserInput ? { message: error.message, details: error.details } : error;
  }
  return "accepted";
};

describe("cursors", () => {
  it("round-trips positions of the declared shape", () => {
    const position = ["2026-01-01T10:00:00.000Z", "42"];
    expect(decodeCursor(encodeCursor(position), ["time", "bigint"])).toEqual(position);
    expect(decodeCursor(encodeCursor(["6f1c1a2e-8b0e-4c39-9d55-2b1f0c7a9e10"]), ["uuid"])).toEqual(["6f1c1a2e-8b0e-4c39-9d55-2b1f0c7a9e10"]);
    expect(decodeCursor(encodeCursor(["https://id.gs1.org/00/095060000000000015"]), ["text"])).toEqual(["https://id.gs1.org/00/095060000000000015"]);
    expect(decodeCursor(encodeCursor(["2026-01-01T10:00:00.000Z", 7]), ["time", "bigint"])).toEqual(["2026-01-01T10:00:00.000Z", 7]);
    expect(decodeCursor(null, ["text"])).toBeNull();
    expect(decodeCursor(undefined, ["text"])).toBeNull();
  });

  it.each([
    ["not base64 JSON", "!!!", ["text"]],
    ["no position", encodeCursor([]), ["text"]],
    ["too many positions", encodeCursor(["a", "b"]), ["text"]],
    ["a number where text is due", encodeCursor([1]), ["text"]],
    ["a word where a time is due", encodeCursor(["x", "1"]), ["time", "bigint"]],
    ["a time not written by toISOString", encodeCursor(["2026-01-01T10:00:00Z", "1"]), ["time", "bigint"]],
    ["an impossible date", encodeCursor(["2026-02-30T10:00:00.000Z", "1"]), ["time", "bigint"]],
    ["year 0", encodeCursor(["0000-01-01T00:00:00.000Z", "1"]), ["time", "bigint"]],
    ["a year beyond 9999", encodeCursor(["+010000-01-01T00:00:00.000Z", "1"]), ["time", "bigint"]],
    ["a word where a position is due", encodeCursor(["2026-01-01T10:00:00.000Z", "abc"]), ["time", "bigint"]],
    ["a negative position", encodeCursor(["2026-01-01T10:00:00.000Z", -1]), ["time", "bigint"]],
    ["a position beyond 64 bits", encodeCursor(["2026-01-01T10:00:00.000Z", "9223372036854775808"]), ["time", "bigint"]],
    ["a fractional position", encodeCursor(["2026-01-01T10:00:00.000Z", 1.5]), ["time", "bigint"]],
    ["not a UUID", encodeCursor(["------------------------------------"]), ["uuid"]],
  ] as const)("refuses %s as BAD_USER_INPUT naming 'after'", (_name, cursor, shape) => {
    expect(refused(() => decodeCursor(cursor, shape))).toEqual({ message: expect.stringContaining("'after'"), details: { argument: "after" } });
  });

  it("accepts the largest 64-bit position and the last instant of year 9999", () => {
    expect(decodeCursor(encodeCursor(["9999-12-31T23:59:59.999Z", "9223372036854775807"]), ["time", "bigint"])).toHaveLength(2);
  });

  it("refuses a position that is neither text nor a number", () => {
    expect(refused(() => decodeCursor(encodeCursor([{} as unknown as string]), ["text"]))).toMatchObject({ details: { argument: "after" } });
  });
});

describe("UUID arguments", () => {
  it("accepts a UUID in any case and returns it in lower case", () => {
    expect(uuidArgument("6F1C1A2E-8B0E-4C39-9D55-2B1F0C7A9E10", "id", "an order id")).toBe("6f1c1a2e-8b0e-4c39-9d55-2b1f0c7a9e10");
    expect(isUuid("6f1c1a2e-8b0e-4c39-9d55-2b1f0c7a9e10")).toBe(true);
  });

  it.each(["", "x", "1", "------------------------------------", "6f1c1a2e8b0e4c399d552b1f0c7a9e10", "6f1c1a2e-8b0e-4c39-9d55-2b1f0c7a9e1g", " 6f1c1a2e-8b0e-4c39-9d55-2b1f0c7a9e10"])(
    "refuses %j as BAD_USER_INPUT naming the argument",
    (value) => {
      expect(isUuid(value)).toBe(false);
      expect(refused(() => uuidArgument(value, "id", "an order id"))).toEqual({ message: expect.stringMatching(/^'id' must be an order id/), details: { argument: "id" } });
    },
  );
});
