import { Gs1Error, gs1PrefixCountry } from "@tracehub/gs1";
import { BadUserInput, normalizeGtin, parseUnitCode } from "@tracehub/subgraph-kit";
import type { ProductLoaders } from "../product/product.loader";
import { toProductLinkType } from "../product/product.mapper";
import type { ProductType } from "../product/product.type";
import type { UnitStatus } from "../unit/unit.rules";
import { AuthenticityVerdict, type UnitRecord, authenticityVerdict, codeClaims } from "./authenticity.rules";
import { type CloneOptions, DEFAULT_CLONE_OPTIONS, cloneFindings, isCountryCode } from "./clone.rules";
import type { VerificationStore } from "./verification.store";
import type { AuthenticityResultType, PublicProductFactsType } from "./authenticity.type";

const MESSAGES: Record<AuthenticityVerdict, string> = {
  [AuthenticityVerdict.GENUINE]: "This product is genuine: its serial number was issued by the brand owner.",
  [AuthenticityVerdict.UNKNOWN]: "This serial number was never issued for this product. It may be counterfeit; do not use it and contact the seller.",
  [AuthenticityVerdict.INVALID_CODE]: "This code is not a valid product code. Scan the 2D code on the pack again.",
  [AuthenticityVerdict.SUSPECT]: "This code may have been copied from a genuine pack. It may be counterfeit; do not use it and contact the seller.",
  [AuthenticityVerdict.DECOMMISSIONED]: "This pack was taken out of circulation (destroyed, decommissioned, used up or stolen). Do not use it.",
  [AuthenticityVerdict.EXPIRED]: "This product is past its expiry date. Do not use it.",
  [AuthenticityVerdict.RECALLED]: "This product is under a recall. Do not use it; return it where you bought it.",
  [AuthenticityVerdict.ON_HOLD]: "The brand owner has put this product on hold while it investigates. Do not use it for now.",
};

/** Longest code the public check reads. */
const MAX_CODE_LENGTH = 512;

/** Statuses of a unit still in the supply chain: not yet with a consumer. */
const IN_SUPPLY_CHAIN: ReadonlySet<string> = new Set(["ACTIVE", "IN_TRANSIT", "RETURNED", "RECALLED"]);

/**
 * The public authenticity check: the verdict, the product's public facts, and for a known serial its clone
 * detection. Each check of a well-formed code is logged (time, the country the client said, verdict; never an
 * address) for the brand owner; a check that points at copies raises CLONE_SUSPECTED on the unit.
 */
export class AuthenticityService {
  constructor(
    private readonly loaders: Pick<ProductLoaders, "productByGtin">,
    private readonly log: VerificationStore,
    private readonly cloneOptions: CloneOptions = DEFAULT_CLONE_OPTIONS,
  ) {}

  /**
   * Judges a scanned code; never throws for bad codes (they are a verdict). `origin`: the client's country (ISO
   * 3166-1 alpha-2); `placed`: the country the gateway placed the caller's address in, used when the client says none.
   */
  async verify(code: string, origin: string | null = null, placed: string | null = null): Promise<AuthenticityResultType> {
    const said = origin === null || origin === undefined || origin === "" ? null : origin.trim().toUpperCase();
    if (said !== null && !isCountryCode(said)) throw new BadUserInput("'origin' must be an ISO 3166-1 alpha-2 country code, such as DE.", { field: "origin" });
    const country = said ?? (placed !== null && isCountryCode(placed) ? placed : null);
    const checkedAt = new Date();
    let key: ReturnType<typeof parseUnitCode> | null = null;
    if (code.length <= MAX_CODE_LENGTH) {
      try {
        key = parseUnitCode(code);
      } catch (error) {
        if (!(error instanceof BadUserInput) && !(error instanceof Gs1Error)) throw error;
      }
    }
    // One statement reads the unit, its product, its recent checks, hold and custody.
    const facts = key ? await this.log.verdictFacts(key.id, key.gtin) : null;
    const unit: (UnitRecord & { disposition: string | null }) | null = facts?.unit ? { ...facts.unit, status: facts.unit.status as UnitStatus } : null;
    const known = unit !== null && unit.commissioned;
    const context = known ? facts : null;
    // Custody says where the unit is while it is in the supply chain (sold or dispensed, a consumer may take it anywhere).
    const custody = {
      countries: (context?.custodyGlns ?? []).map(gs1PrefixCountry).filter((c): c is string => c !== null),
      inSupplyChain: known && IN_SUPPLY_CHAIN.has(unit.status) && unit.disposition !== "dispensed",
    };
    const findings = known && context ? cloneFindings(context.checks, { at: checkedAt, country }, unit.disposition === "dispensed", this.cloneOptions, custody) : [];
    const judgement = authenticityVerdict({
      parsed: key !== null,
      unit,
      claims: key ? codeClaims(key, checkedAt.getUTCFullYear()) : [],
      today: checkedAt.toISOString().slice(0, 10),
      onHold: context?.onHold ?? false,
      clone: findings.map((f) => ({ code: f.reason, values: f.values, text: f.message })),
    });
    if (key) await this.log.record({ unitId: key.id, gtin: key.gtin, at: checkedAt, country, verdict: judgement.verdict, reasons: judgement.reasons });
    if (key && known && findings.length) await this.log.raiseCloneAlert(key.id, `Copies suspected: ${findings.map((f) => f.message).join(" ")}`);
    const product = facts?.product ?? null;
    const recall = key && known && judgement.verdict === AuthenticityVerdict.RECALLED ? await this.log.recallOf(key.id) : null;
    return {
      ...judgement,
      details: judgement.details.map((d) => ({ code: d.code, text: d.text, values: Object.entries(d.values).map(([name, value]) => ({ name, value: String(value) })) })),
      message: MESSAGES[judgement.verdict],
      gtin: key?.gtin ?? null,
      productName: product?.name ?? null,
      product: product ? publicFacts({ ...product, links: (product.links ?? []).map(toProductLinkType) }) : null,
      // A code whose lot or dates contradict the record learns nothing of the record: not even the real expiry.
      expiry: known && judgement.mismatches.length === 0 ? unit.expiry : null,
      recall: recall ?? (judgement.verdict === AuthenticityVerdict.RECALLED ? { reason: null, instructions: null } : null),
      checkedAt,
    };
  }

  /** A product's public facts by GTIN (BAD_USER_INPUT for a malformed GTIN). */
  async productFacts(gtin: string): Promise<PublicProductFactsType | null> {
    const product = await this.loaders.productByGtin.load(normalizeGtin(gtin, "gtin"));
    return product ? publicFacts(product) : null;
  }
}

/** What anyone may know of a product, with the links its brand owner configured. */
function publicFacts(product: Pick<ProductType, "name" | "brand" | "imageUrl" | "links">): PublicProductFactsType {
  return { name: product.name, brand: product.brand, imageUrl: product.imageUrl, configuredLinks: product.links };
}
