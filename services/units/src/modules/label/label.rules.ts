import { type Gs1Code, toDigitalLink, toElementString } from "@tracehub/gs1";

/**
 * What a label encodes, as plain functions. No I/O; `label.rules.spec.ts` is the specification.
 */

/** The barcode symbologies the hub prints. */
export enum Symbology {
  DATAMATRIX = "DATAMATRIX",
  QR = "QR",
  GS1_128 = "GS1_128",
}

/** The image formats. */
export enum LabelFormat {
  SVG = "SVG",
  PNG = "PNG",
}

/** The barcode writer's name of each symbology (bwip-js `bcid`). */
export const WRITER_NAME: Record<Symbology, string> = {
  [Symbology.DATAMATRIX]: "gs1datamatrix",
  [Symbology.QR]: "qrcode",
  [Symbology.GS1_128]: "gs1-128",
};

/** Most codes one `labels` call renders. */
export const MAX_LABELS = 100;

/**
 * The text a symbology carries for a code: the bracketed element string for GS1 DataMatrix and GS1-128 (the writer
 * turns brackets into FNC1 and separators), the Digital Link for QR (on `stem` when given, else id.gs1.org).
 */
export function labelText(code: Gs1Code, symbology: Symbology, stem: string | null = null): string {
  if (symbology === Symbology.QR) return toDigitalLink(code, stem ? { stem } : {});
  return toElementString(code, { brackets: true });
}
