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
  checkedAt: "Checked at",
} as const;

/** The shape every language's messages follow. */
export type Messages = { [K in keyof typeof en]: (typeof en)[K] extends string ? string : { [V in keyof (typeof en)[K]]: string } };
