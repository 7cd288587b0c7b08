import type { EpcisExtension } from "./model";

/**
 * CBV master data attributes carried in an event's `ilmd` (instance/lot master data), such as the lot and expiry
 * a commissioning event gives its units. The EPCIS 2.0 context binds the `cbvmda` prefix to this namespace.
 */
export const CBV_MDA_NAMESPACE = "urn:epcglobal:cbv:mda:";
/** The prefix the EPCIS 2.0 context declares for {@link CBV_MDA_NAMESPACE}. */
export const CBV_MDA_PREFIX = "cbvmda";

/** The CBV master data attributes the hub reads and writes (local names in {@link CBV_MDA_NAMESPACE}). */
export const CbvMasterData = {
  /** Lot or batch number, AI (10). */
  LotNumber: "lotNumber",
  /** Expiry date, `YYYY-MM-DD`, AI (17). */
  ItemExpirationDate: "itemExpirationDate",
  /** Production date, `YYYY-MM-DD`, AI (11). */
  ProductionDate: "productionDate",
  /** Best before date, `YYYY-MM-DD`, AI (15). */
  BestBeforeDate: "bestBeforeDate",
  /** Sell by date, `YYYY-MM-DD`, AI (16). */
  SellByDate: "sellByDate",
} as const;

/** One of {@link CbvMasterData}. */
export type CbvMasterDataAttribute = (typeof CbvMasterData)[keyof typeof CbvMasterData];

/** The key of an attribute in a JSON-LD document's `ilmd` object: `cbvmda:lotNumber`. */
export function cbvMasterDataKey(attribute: CbvMasterDataAttribute): string {
  return `${CBV_MDA_PREFIX}:${attribute}`;
}

/**
 * The text value of CBV master data attribute `attribute` in a normalized event's `ilmd` (or any extension list),
 * or null when absent or not text. Only the CBV namespace counts, whatever prefix the document bound to it: an
 * `example:lotNumber` of another namespace is not the CBV lot number.
 */
export function cbvMasterDataValue(extensions: readonly EpcisExtension[] | undefined, attribute: CbvMasterDataAttribute): string | null {
  if (!extensions) return null;
  for (const x of extensions) {
    if (x.name === attribute && x.namespace === CBV_MDA_NAMESPACE && typeof x.value === "string") return x.value;
  }
  return null;
}
