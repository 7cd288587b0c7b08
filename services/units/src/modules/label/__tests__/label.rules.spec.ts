import { parseCode } from "@tracehub/gs1";
import { Symbology, WRITER_NAME, labelText } from "../label.rules";

describe("what a label encodes", () => {
  const unit = parseCode("https://id.gs1.org/01/09506000134352/10/L1/21/ABC%2F123?17=300630");

  it("carries the bracketed element string in a GS1 DataMatrix and a GS1-128", () => {
    expect(labelText(unit, Symbology.DATAMATRIX)).toBe("(01)09506000134352(10)L1(21)ABC/123(17)300630");
    expect(labelText(parseCode("(00)095060000000000121"), Symbology.GS1_128)).toBe("(00)095060000000000121");
  });

  it("carries the Digital Link in a QR code, on the brand's host when given", () => {
    expect(labelText(unit, Symbology.QR)).toBe("https://id.gs1.org/01/09506000134352/10/L1/21/ABC%2F123?17=300630");
    expect(labelText(unit, Symbology.QR, "https://brand.example")).toBe("https://brand.example/01/09506000134352/10/L1/21/ABC%2F123?17=300630");
  });

  it("names bwip-js's symbologies", () => {
    expect(WRITER_NAME).toEqual({ DATAMATRIX: "gs1datamatrix", QR: "qrcode", GS1_128: "gs1-128" });
  });
});
