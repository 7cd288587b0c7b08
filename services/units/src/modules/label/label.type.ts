import { Field, ObjectType, registerEnumType } from "type-graphql";
import { LabelFormat, Symbology } from "./label.rules";

registerEnumType(Symbology, {
  name: "Symbology",
  description: "The barcode a label carries.",
  valuesConfig: {
    DATAMATRIX: { description: "GS1 DataMatrix of the element string (the pack's 2D code)." },
    QR: { description: "QR code of the GS1 Digital Link (what a consumer's phone opens)." },
    GS1_128: { description: "GS1-128 linear barcode of the element string (logistic labels: SSCC)." },
  },
});
registerEnumType(LabelFormat, {
  name: "LabelFormat",
  description: "The image format of a label.",
  valuesConfig: { SVG: { description: "SVG text (scales without loss; for printers and pages)." }, PNG: { description: "PNG image, base64-encoded." } },
});

/** A printable label. */
@ObjectType("Label", { description: "A printable barcode for one identifier." })
export class LabelType {
  @Field({ description: "The identifier, as given." })
  code!: string;

  @Field({ description: "What the barcode encodes (the element string, or the Digital Link for QR)." })
  text!: string;

  @Field({ description: "The image: SVG text, or a PNG as base64." })
  content!: string;

  @Field({ description: "The image's media type (image/svg+xml or image/png)." })
  contentType!: string;
}
