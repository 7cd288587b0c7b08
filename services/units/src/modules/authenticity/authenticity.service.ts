import { Gs1Error } from "@tracehub/gs1";
import { BadUserInput, parseUnitCode } from "@tracehub/subgraph-kit";
import type { ProductLoaders } from "../product/product.loader";
import type { UnitLoaders } from "../unit/unit.loader";
import { AuthenticityVerdict, authenticityVerdict, codeClaims } from "./authenticity.rules";
import type { AuthenticityResultType } from "./authenticity.type";

const MESSAGES: Record<AuthenticityVerdict, string> = {
  [AuthenticityVerdict.GENUINE]: "This product is genuine: its serial number was issued by the brand owner.",
  [AuthenticityVerdict.UNKNOWN]: "This serial number was never issued for this product. It may be counterfeit; do not use it and contact the seller.",
  [AuthenticityVerdict.INVALID_CODE]: "This code is not a valid product code. Scan the 2D code on the pack again.",
  [AuthenticityVerdict.SUSPECT]: "This code does not match the pack its serial number was issued for. It may be counterfeit; do not use it and contact the seller.",
  [AuthenticityVerdict.INACTIVE]: "This pack was taken out of circulation (destroyed, decommissioned, used up or stolen). Do not use it.",
  [AuthenticityVerdict.EXPIRED]: "This product is past its expiry date. Do not use it.",
  [AuthenticityVerdict.RECALLED]: "This product is under a recall. Do not use it; return it where you bought it.",
};

/** Longest code the public check reads. */
const MAX_CODE_LENGTH = 512;

/** The public authenticity check. */
export class AuthenticityService {
  constructor(private readonly loaders: Pick<UnitLoaders, "unitById"> & Pick<ProductLoaders, "productByGtin">) {}

  /** Judges a scanned code; never throws for bad codes (they are a verdict). */
  async verify(code: string): Promise<AuthenticityResultType> {
    const checkedAt = new Date();
    let key: ReturnType<typeof parseUnitCode> | null = null;
    if (code.length <= MAX_CODE_LENGTH) {
      try {
        key = parseUnitCode(code);
      } catch (error) {
        if (!(error instanceof BadUserInput) && !(error instanceof Gs1Error)) throw error;
      }
    }
    const unit = key ? await this.loaders.unitById.load(key.id) : null;
    const judgement = authenticityVerdict({
      parsed: key !== null,
      unit,
      claims: key ? codeClaims(key, checkedAt.getUTCFullYear()) : [],
      today: checkedAt.toISOString().slice(0, 10),
    });
    const product = key ? await this.loaders.productByGtin.load(key.gtin) : null;
    return { ...judgement, message: MESSAGES[judgement.verdict], gtin: key?.gtin ?? null, productName: product?.name ?? null, checkedAt };
  }
}
