import { Arg, Authorized, Ctx, Query, Resolver } from "type-graphql";
import type { UnitsContext } from "../../context";
import { LabelFormat, Symbology } from "./label.rules";
import { LabelType } from "./label.type";

/** Printable labels. */
@Resolver()
export class LabelResolver {
  @Authorized()
  @Query(() => [LabelType], { description: "Printable labels: a GS1 DataMatrix, QR (Digital Link) or GS1-128 barcode per identifier, as SVG or PNG. Also `GET /labels/{datamatrix|qr|gs1-128}/{code}.svg|.png` on the gateway." })
  labels(
    @Arg("codes", () => [String], { description: "The identifiers, any GS1 form (1 to 100)." }) codes: string[],
    @Arg("format", () => LabelFormat, { description: "SVG or PNG." }) format: LabelFormat,
    @Arg("symbology", () => Symbology, { description: "Which barcode." }) symbology: Symbology,
    @Ctx() ctx: UnitsContext,
  ): Promise<LabelType[]> {
    return ctx.labels.render(codes, format, symbology, async (gtin) => (await ctx.loaders.productByGtin.load(gtin))?.digitalLinkStem ?? null);
  }
}
