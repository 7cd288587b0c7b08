import { Gs1Error, parseCode } from "@tracehub/gs1";
import { BadUserInput } from "@tracehub/subgraph-kit";
import bwipjs from "bwip-js";
import { LabelFormat, MAX_LABELS, type Symbology, WRITER_NAME, labelText } from "./label.rules";
import type { LabelType } from "./label.type";

/** Printable labels of GS1 identifiers (any form in, the symbology's text out), drawn by bwip-js. */
export class LabelService {
  constructor(private readonly stem: string | null = null) {}

  /**
   * One label per code, in order; BAD_USER_INPUT naming the code that is not a GS1 identifier. A QR label's Digital
   * Link is on the stem its product's brand configured (`stemOf`, by GTIN), else on the hub's default stem.
   */
  async render(codes: readonly string[], format: LabelFormat, symbology: Symbology, stemOf: (gtin: string) => Promise<string | null> = async () => null): Promise<LabelType[]> {
    if (codes.length < 1 || codes.length > MAX_LABELS) throw new BadUserInput(`'codes' must hold 1 to ${MAX_LABELS} codes.`, { field: "codes" });
    const refuse = (error: unknown, i: number): never => {
      if (error instanceof Gs1Error) throw new BadUserInput(`'codes[${i}]' is not a valid GS1 code: ${error.message}`, { field: `codes[${i}]`, gs1Code: error.code });
      throw error;
    };
    const parsed = codes.map((code, i) => {
      try {
        return parseCode(code);
      } catch (error) {
        return refuse(error, i);
      }
    });
    // QR labels carry the Digital Link on the stem the product's brand configured (one look-up per GTIN, batched).
    const gtinOf = (i: number) => parsed[i]?.elements.find((e) => e.ai === "01")?.value ?? null;
    const stems = symbology === "QR" ? await Promise.all(parsed.map((_, i) => (gtinOf(i) ? stemOf(gtinOf(i) as string) : null))) : [];
    const texts = parsed.map((code, i) => {
      try {
        return labelText(code, symbology, stems[i] ?? this.stem);
      } catch (error) {
        return refuse(error, i);
      }
    });
    const out: LabelType[] = [];
    for (const [i, text] of texts.entries()) {
      const options = {
        bcid: WRITER_NAME[symbology],
        text,
        scale: 3,
        paddingwidth: 4,
        paddingheight: 4,
        backgroundcolor: "FFFFFF",
        ...(symbology === "GS1_128" ? { height: 12, includetext: true } : {}),
      };
      const content = format === LabelFormat.SVG ? bwipjs.toSVG(options) : (await bwipjs.toBuffer(options)).toString("base64");
      out.push({ code: codes[i] as string, text, content, contentType: format === LabelFormat.SVG ? "image/svg+xml" : "image/png" });
    }
    return out;
  }
}
