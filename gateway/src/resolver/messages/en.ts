/** The resolver page's words in English (the fallback language). */
export const en = {
  lang: "en",
  title: "Product check",
  verdicts: {
    GENUINE: "Genuine",
    UNKNOWN: "Not a known product",
    INVALID_CODE: "Not a valid code",
    SUSPECT: "Possibly counterfeit",
    ON_HOLD: "On hold",
    DECOMMISSIONED: "Out of circulation",
    EXPIRED: "Expired",
    RECALLED: "Recalled",
  },
  advice: {
    GENUINE: "This product's serial number was issued by its brand owner.",
    UNKNOWN: "This serial number was never issued for this product. Do not use it; contact the seller.",
    INVALID_CODE: "This code is not a valid product code. Scan the 2D code on the pack again.",
    SUSPECT: "This code may have been copied from a genuine pack. Do not use it; contact the seller.",
    ON_HOLD: "The brand owner has put this product on hold while it investigates. Do not use it for now.",
    DECOMMISSIONED: "This pack was taken out of circulation. Do not use it.",
    EXPIRED: "This product is past its expiry date. Do not use it.",
    RECALLED: "This product is under a recall. Do not use it; return it where you bought it.",
  },
  product: "Product",
  brand: "Brand",
  expiry: "Expiry date",
  gtin: "GTIN",
  serial: "Serial number",
  lot: "Lot",
  recall: "Recall notice",
  reasons: "Why",
  report: "Report a suspicious item",
  unknownProduct: "This product is not registered with the hub.",
  notFound: "Nothing is known at this address.",
  badLink: "This is not a valid GS1 Digital Link",
  moreInfo: "From the brand",
  /** A verdict's reasons by code ({name}: a value the hub gives with it). */
  reasonTexts: {
    INVALID_CODE: "The code is not a valid GS1 code of a serialized item.",
    NEVER_ISSUED: "No unit with this GTIN and serial number was ever issued.",
    ATTRIBUTE_MISMATCH: "The {attribute} on the code does not match the one this serial number was issued with.",
    RECALLED: "The unit is under a recall.",
    ON_HOLD: "The brand owner holds this unit while it investigates.",
    OUT_OF_CIRCULATION: "The unit was {status}.",
    EXPIRED_STATUS: "The unit was taken out of circulation as expired.",
    PAST_EXPIRY: "The unit is past its expiry date.",
    IMPOSSIBLE_TRAVEL: "This serial was checked in {from} and in {to}, {minutes} minute(s) apart: one item cannot travel that fast.",
    TOO_MANY_CHECKS: "This serial was checked {checks} times in 24 hours, far more than one item is.",
    TOO_MANY_COUNTRIES: "This serial was checked in {countries} countries within 30 days.",
    CHECKED_AFTER_DISPENSING: "This serial was dispensed already: a dispensed item is not checked again, so this may be a copy.",
    CUSTODY_MISMATCH: "This serial was checked in {country} while the supply chain records it on another continent, not yet sold: the scanned pack is not where the real one is.",
  },
  /** The attributes a code can contradict, as a reason names them. */
  attributeNames: { LOT: "lot (AI 10)", EXPIRY: "expiry date (AI 17 or 7003)", PRODUCTION_DATE: "production date (AI 11)" },
  /** How a unit went out of circulation, as a reason names it. */
  statusNames: { DESTROYED: "destroyed", DECOMMISSIONED: "decommissioned", CONSUMED: "consumed", STOLEN: "stolen" },
  checkedAt: "Checked at",
} as const;

/** The shape every language's messages follow. */
export type Messages = { [K in keyof typeof en]: (typeof en)[K] extends string ? string : { [V in keyof (typeof en)[K]]: string } };
