import { Gs1Error } from "@tracehub/gs1";
import { BadUserInput, parseUnitCode } from "@tracehub/subgraph-kit";
import type { UnitLoaders } from "../unit/unit.loader";
import { AuthenticityVerdict, authenticityVerdict } from "../unit/unit.rules";
import type { AuthenticityResultType } from "./authenticity.type";

const MESSAGES: Record<AuthenticityVerdict, string> = {
  [AuthenticityVerdict.GENUINE]: "This product is genuine: its serial number was issued by the brand owner.",
  [AuthenticityVerdict.UNKNOWN]: "This serial number was never issued for this product. It may be counterfeit; do not use it and contact the seller.",
  [AuthenticityVerdict.INVALID_CODE]: "This code is not a valid product code. Scan the 2D code on the pack again.",
  [AuthenticityVerdict.INACTIVE]: "This pack was taken out of circulation (destroyed, decommissioned, stolen or expired). Do not use it.",
  [AuthenticityVerdict.RECALLED]: "This product is under a recall. Do not use it; return it where you bought it.",
};

/** Longest code the public check reads. */
const MAX_CODE_LENGTH = 512;

/** The public authenticity check. */
export class AuthenticityService {
  constructor(private readonly loaders: UnitLoaders) {}

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
    const verdict = authenticityVerdict({ parsed: key !== null, status: unit?.status ?? null, commissioned: unit?.commissioned ?? false });
    const product = key ? await this.loaders.productByGtin.load(key.gtin) : null;
    return { verdict, message: MESSAGES[verdict], gtin: key?.gtin ?? null, productName: product?.name ?? null, checkedAt };
  }
}
