import {
  GS,
  Gs1ErrorCode,
  formatElementString,
  gs1CheckDigit,
  hasValidCheckDigit,
  normalizeGtin,
  readBracketedElementString,
  readScanData,
  validateElementValue,
  validateElements,
} from "../index";
import { expectGs1Error } from "./helpers";

// The rules of single AI values and of element strings, with the code, message and detail of each refusal:
// programs branch on the code, people act on the message, and the detail says where the problem is.

describe("check digits", () => {
  it("needs at least two digits, all of them digits, to hold a check digit", () => {
    expect(hasValidCheckDigit("")).toBe(false);
    expect(hasValidCheckDigit("7")).toBe(false);
    expect(hasValidCheckDigit("17")).toBe(true);
    expect(hasValidCheckDigit("0950600013435A")).toBe(false);
    expect(hasValidCheckDigit("0950600013435/")).toBe(false);
    expect(hasValidCheckDigit("09506000134:52")).toBe(false);
  });

  it("explains a body with other characters, with the body as detail", () => {
    const error = expectGs1Error(() => gs1CheckDigit("12A4"), Gs1ErrorCode.INVALID_CHARACTER);
    expect(error.message).toBe('Check digits are computed over digits only; "12A4" contains other characters.');
    expect(error.detail).toEqual({ value: "12A4" });
    expect(expectGs1Error(() => gs1CheckDigit(""), Gs1ErrorCode.EMPTY_INPUT).message).toBe("Cannot compute a check digit of an empty number.");
  });
});

describe("GTINs", () => {
  it("explains a GTIN with other characters", () => {
    const error = expectGs1Error(() => normalizeGtin("0950600013435X"), Gs1ErrorCode.INVALID_CHARACTER);
    expect(error.message).toBe('A GTIN has digits only; "0950600013435X" contains other characters.');
    expect(error.detail).toEqual({ value: "0950600013435X" });
    expectGs1Error(() => normalizeGtin(""), Gs1ErrorCode.INVALID_CHARACTER);
  });

  it("tells too short, too long and an undefined length in between apart", () => {
    expect(expectGs1Error(() => normalizeGtin("1234567"), Gs1ErrorCode.TOO_SHORT).message).toBe('A GTIN has 8, 12, 13 or 14 digits; "1234567" has 7.');
    expect(expectGs1Error(() => normalizeGtin("123456789"), Gs1ErrorCode.BAD_VALUE).detail).toEqual({ value: "123456789" });
    expectGs1Error(() => normalizeGtin("12345678901"), Gs1ErrorCode.BAD_VALUE, "has 11");
    expectGs1Error(() => normalizeGtin("123456789012345"), Gs1ErrorCode.TOO_LONG, "has 15");
  });

  it("names the check digit found and the one expected", () => {
    const error = expectGs1Error(() => normalizeGtin("09506000134353"), Gs1ErrorCode.BAD_CHECK_DIGIT);
    expect(error.message).toBe("GTIN 09506000134353 has check digit 3, but its digits give 2: re-scan or re-key the number.");
    expect(error.detail).toEqual({ value: "09506000134353" });
  });
});

describe("AI values", () => {
  it("refuses an AI the table does not have, and an empty value", () => {
    const unknown = expectGs1Error(() => validateElementValue("23", "1"), Gs1ErrorCode.UNKNOWN_AI);
    expect(unknown.message).toBe("(23) is not a GS1 Application Identifier this system knows.");
    expect(unknown.detail).toEqual({ ai: "23" });
    const empty = expectGs1Error(() => validateElementValue("10", ""), Gs1ErrorCode.TOO_SHORT);
    expect(empty.message).toBe("AI (10) BATCH/LOT has no value.");
    expect(empty.detail).toEqual({ ai: "10", value: "" });
  });

  it("explains a value too long or too short for its field", () => {
    expect(() => validateElementValue("10", "A".repeat(20))).not.toThrow();
    const long = expectGs1Error(() => validateElementValue("10", "A".repeat(21)), Gs1ErrorCode.TOO_LONG);
    expect(long.message).toBe(`AI (10) BATCH/LOT: "${"A".repeat(21)}" has 21 characters; at most 20 are allowed.`);
    expect(long.detail).toEqual({ ai: "10", value: "A".repeat(21) });
    const fixed = expectGs1Error(() => validateElementValue("01", "0950600013435"), Gs1ErrorCode.TOO_SHORT);
    expect(fixed.message).toBe('AI (01) GTIN: "0950600013435" has 13 characters; exactly 14 are needed.');
    expect(fixed.detail).toEqual({ ai: "01", value: "0950600013435" });
    expect(expectGs1Error(() => validateElementValue("7007", "2501"), Gs1ErrorCode.TOO_SHORT).message).toBe(
      'AI (7007) HARVEST DATE: "2501" has 4 characters; at least 6 are needed.',
    );
  });

  it("explains a value whose optional part is cut short, with the field's layout", () => {
    const error = expectGs1Error(() => validateElementValue("7007", "250101250", { referenceYear: 2026 }), Gs1ErrorCode.TOO_SHORT);
    expect(error.message).toBe('AI (7007) HARVEST DATE: "250101250" does not have the required layout (N6 [N6]).');
    expect(error.detail).toEqual({ ai: "7007", value: "250101250" });
    expect(() => validateElementValue("7007", "250101", { referenceYear: 2026 })).not.toThrow();
    expect(() => validateElementValue("7007", "250101250131", { referenceYear: 2026 })).not.toThrow();
    expectGs1Error(() => validateElementValue("7007", "250101250132", { referenceYear: 2026 }), Gs1ErrorCode.BAD_DATE, '"250132"');
  });

  it("explains a character the field does not allow, with its position in the value", () => {
    const digit = expectGs1Error(() => validateElementValue("01", "0950600013435A"), Gs1ErrorCode.INVALID_CHARACTER);
    expect(digit.message).toBe("AI (01) GTIN: \"0950600013435A\" contains 'A' at position 14; this field allows digits only.");
    expect(digit.detail).toEqual({ ai: "01", value: "0950600013435A", position: 13 });
    // In the serial of a GRAI: the position counts from the start of the whole value.
    const serial = expectGs1Error(() => validateElementValue("8003", "00614141123452A B"), Gs1ErrorCode.INVALID_CHARACTER, "a space at position 16");
    expect(serial.detail).toEqual({ ai: "8003", value: "00614141123452A B", position: 15 });
  });

  it("explains a wrong check digit inside a value", () => {
    const error = expectGs1Error(() => validateElementValue("01", "09506000134353"), Gs1ErrorCode.BAD_CHECK_DIGIT);
    expect(error.message).toBe("AI (01) GTIN: 09506000134353 ends in check digit 3, but its digits give 2. Re-scan the code or check the number.");
    expect(error.detail).toEqual({ ai: "01", value: "09506000134353" });
  });

  it("needs a GRAI to start with the digit 0", () => {
    expect(() => validateElementValue("8003", "00614141123452SN")).not.toThrow();
    const error = expectGs1Error(() => validateElementValue("8003", "10614141123452SN"), Gs1ErrorCode.BAD_VALUE);
    expect(error.message).toBe("AI (8003) GRAI: the value must start with the digit 0; it starts with 1.");
    expect(error.detail).toEqual({ ai: "8003", value: "1" });
  });

  it("refuses a leading zero in a component/part serial (AI 8011), but not a lone 0 or a trailing one", () => {
    for (const value of ["0", "10", "1234"]) expect(() => validateElementValue("8011", value)).not.toThrow();
    const error = expectGs1Error(() => validateElementValue("8011", "0123"), Gs1ErrorCode.BAD_VALUE);
    expect(error.message).toBe('AI (8011) CPID SERIAL: "0123" must not start with 0.');
    expect(error.detail).toEqual({ ai: "8011", value: "0123" });
  });

  it("takes only 0 or 1 for a yes/no field", () => {
    for (const value of ["0", "1"]) expect(() => validateElementValue("4321", value)).not.toThrow();
    const error = expectGs1Error(() => validateElementValue("4321", "2"), Gs1ErrorCode.BAD_VALUE);
    expect(error.message).toBe("AI (4321) DANGEROUS GOODS: must be 0 (no) or 1 (yes); got 2.");
    expect(error.detail).toEqual({ ai: "4321", value: "2" });
  });

  it("takes only '-' as the optional last character of a temperature (AI 4330)", () => {
    for (const value of ["000123", "000123-"]) expect(() => validateElementValue("4330", value)).not.toThrow();
    const error = expectGs1Error(() => validateElementValue("4330", "000123X"), Gs1ErrorCode.BAD_VALUE);
    expect(error.message).toBe("AI (4330) MAX TEMP F.: the optional last character must be '-'; got 'X'.");
    expect(error.detail).toEqual({ ai: "4330", value: "X" });
  });

  it("checks the piece number of an individual trade item piece (AI 8006) against the total", () => {
    for (const piece of ["0101", "0102", "0202"]) expect(() => validateElementValue("8006", `09506000134352${piece}`)).not.toThrow();
    for (const piece of ["0302", "0002", "0100"]) {
      const error = expectGs1Error(() => validateElementValue("8006", `09506000134352${piece}`), Gs1ErrorCode.BAD_VALUE);
      expect(error.message).toBe(`AI (8006) ITIP: piece ${piece.slice(0, 2)} of total ${piece.slice(2)} is not a valid piece number.`);
      expect(error.detail).toEqual({ ai: "8006", value: piece });
    }
  });
});

describe("element lists", () => {
  it("names every AI that would satisfy a missing requirement", () => {
    const error = expectGs1Error(() => validateElements([{ ai: "21", value: "X" }]), Gs1ErrorCode.MISSING_REQUIRED_AI);
    expect(error.message).toBe("(21) SERIAL needs (01) GTIN or (03) MTO GTIN or (8006) ITIP in the same data; it is missing.");
    expect(error.detail).toEqual({ ai: "21" });
  });

  it("checks nothing across AIs when asked not to", () => {
    expect(validateElements([{ ai: "21", value: "X" }], { checkAssociations: false })).toEqual([{ ai: "21", value: "X" }]);
    expect(
      validateElements(
        [
          { ai: "21", value: "X" },
          { ai: "235", value: "Y" },
        ],
        { checkAssociations: false },
      ),
    ).toHaveLength(2);
  });

  it("does not let an AI satisfy its own requirement", () => {
    expectGs1Error(() => validateElements([{ ai: "235", value: "X" }]), Gs1ErrorCode.MISSING_REQUIRED_AI, "(235) TPX needs (01) GTIN");
  });

  it("refuses AIs that exclude each other, naming both, and matches patterns such as 310n", () => {
    const gtin = { ai: "01", value: "09506000134352" };
    const error = expectGs1Error(() => validateElements([gtin, { ai: "3103", value: "000189" }, { ai: "3102", value: "001890" }]), Gs1ErrorCode.EXCLUDED_AI_COMBINATION);
    expect(error.message).toBe("(3103) NET WEIGHT (kg) and (3102) NET WEIGHT (kg) must not appear together.");
    expect(error.detail).toEqual({ ai: "3103" });
    expect(validateElements([gtin, { ai: "3103", value: "000189" }])).toHaveLength(2);
  });

  it("gives both values of an AI that appears twice", () => {
    const error = expectGs1Error(
      () =>
        validateElements([
          { ai: "01", value: "09506000134352" },
          { ai: "10", value: "A" },
          { ai: "10", value: "B" },
        ]),
      Gs1ErrorCode.DUPLICATE_AI,
    );
    expect(error.message).toBe('(10) BATCH/LOT appears twice with different values ("A" and "B"); one item carries one value.');
    expect(error.detail).toEqual({ ai: "10", value: "B" });
  });
});

describe("reading bracketed element strings", () => {
  it("refuses text that does not start with an AI in brackets", () => {
    const error = expectGs1Error(() => readBracketedElementString("0109506000134352"), Gs1ErrorCode.UNRECOGNIZED_FORMAT);
    expect(error.message).toBe('A bracketed element string starts with "(AI)"; got "0109506000".');
  });

  it("refuses brackets that do not hold 2 to 4 digits, saying where", () => {
    for (const [input, shown] of [
      ["(1)X", "(1)X"],
      ["(12345)X", "(12345"],
      ["(x01)X", "(x01)X"],
      ["(01x)X", "(01x)X"],
      ["(01", "(01"],
    ]) {
      const error = expectGs1Error(() => readBracketedElementString(input as string), Gs1ErrorCode.UNRECOGNIZED_FORMAT);
      expect(error.message).toBe(`Expected an AI in brackets such as "(01)" at position 1; got "${shown}".`);
      expect(error.detail).toEqual({ position: 0 });
    }
  });

  it("refuses an unknown AI, with its position", () => {
    const error = expectGs1Error(() => readBracketedElementString("(01)09506000134352(23)X"), Gs1ErrorCode.UNKNOWN_AI);
    expect(error.message).toBe("(23) at position 19 is not a GS1 Application Identifier this system knows.");
    expect(error.detail).toEqual({ ai: "23", position: 18 });
  });

  it("keeps brackets inside a value that do not open an AI", () => {
    expect(readBracketedElementString("(10)AB(C(21)X")).toEqual([
      { ai: "10", value: "AB(C" },
      { ai: "21", value: "X" },
    ]);
    expect(readBracketedElementString("(10)A(1)B(12345)")).toEqual([{ ai: "10", value: "A(1)B(12345)" }]);
    expect(readBracketedElementString("(10)A\\B(21)X")).toEqual([
      { ai: "10", value: "A\\B" },
      { ai: "21", value: "X" },
    ]);
    expect(readBracketedElementString("(10)AB(")).toEqual([{ ai: "10", value: "AB(" }]);
  });

  it("reads four-digit AIs and AIs right after a value", () => {
    expect(readBracketedElementString("(01)09506000134352(3103)000189(10)L1")).toEqual([
      { ai: "01", value: "09506000134352" },
      { ai: "3103", value: "000189" },
      { ai: "10", value: "L1" },
    ]);
  });
});

describe("reading scan data", () => {
  it("refuses data that does not start with a known AI, without blaming a separator", () => {
    const error = expectGs1Error(() => readScanData("2312345"), Gs1ErrorCode.UNKNOWN_AI);
    expect(error.message).toBe('No GS1 Application Identifier starts at position 1 ("2312…").');
    expect(error.detail).toEqual({ position: 0, value: "2312" });
  });

  it("suggests a missing separator when an unknown AI follows a value", () => {
    const error = expectGs1Error(() => readScanData(`0109506000134352${"23"}99`), Gs1ErrorCode.UNKNOWN_AI);
    expect(error.message).toBe('No GS1 Application Identifier starts at position 17 ("2399…"); a GS separator may be missing after the previous value, or a value is too long.');
    expect(error.detail).toEqual({ position: 16, value: "2399" });
  });

  it("explains a fixed-length value that a separator cuts short", () => {
    const error = expectGs1Error(() => readScanData(`0109506000${GS}10L1`), Gs1ErrorCode.TOO_SHORT);
    expect(error.message).toBe('AI (01) GTIN needs exactly 14 characters; the data has only 8 ("09506000").');
    expect(error.detail).toEqual({ ai: "01", value: "09506000", position: 2 });
  });

  it("takes a variable-length value of the longest allowed length, and explains a longer one", () => {
    expect(readScanData(`10${"L".repeat(20)}`)).toEqual([{ ai: "10", value: "L".repeat(20) }]);
    const error = expectGs1Error(() => readScanData(`10${"L".repeat(21)}`), Gs1ErrorCode.TOO_LONG);
    expect(error.message).toBe(`AI (10) BATCH/LOT: "${"L".repeat(21)}" has 21 characters; at most 20 are allowed. If another AI follows, the GS separator before it is missing.`);
    expect(error.detail).toEqual({ ai: "10", value: "L".repeat(21) });
  });
});

describe("writing element strings", () => {
  const elements = [
    { ai: "01", value: "09506000134352" },
    { ai: "10", value: "L(1" },
    { ai: "17", value: "270531" },
    { ai: "21", value: "S1" },
  ];

  it("writes brackets by default, escaping '(' in values", () => {
    expect(formatElementString(elements)).toBe("(01)09506000134352(10)L\\(1(17)270531(21)S1");
    expect(formatElementString(elements, { brackets: true })).toBe("(01)09506000134352(10)L\\(1(17)270531(21)S1");
  });

  it("writes scan data with a GS after each variable-length value but the last, after the symbology identifier", () => {
    expect(formatElementString(elements, { brackets: false, symbologyId: "]d2" })).toBe(`]d2010950600013435210L(1${GS}1727053121S1`);
    expect(formatElementString(elements.slice(0, 2), { brackets: false })).toBe("010950600013435210L(1");
  });

  it("separates a value of an AI it does not know, as if variable-length", () => {
    expect(
      formatElementString(
        [
          { ai: "23", value: "X" },
          { ai: "10", value: "L" },
        ],
        { brackets: false },
      ),
    ).toBe(`23X${GS}10L`);
  });
});
