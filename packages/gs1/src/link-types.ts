/**
 * GS1 link types: the `gs1:` terms of the GS1 Web Vocabulary (https://ref.gs1.org/voc/, namespace
 * `https://gs1.org/voc/`) that a GS1 Digital Link resolver's links are typed with, as listed in the vocabulary's
 * link-type section (release 1.x). Short names, without the `gs1:` prefix.
 */
export const GS1_LINK_TYPES: readonly string[] = Object.freeze([
  "activityIdeas",
  "allergenInfo",
  "appDownload",
  "brandHomepageClinical",
  "brandHomepagePatient",
  "careersInfo",
  "certificationInfo",
  "consumerHandlingStorageInfo",
  "defaultLink",
  "defaultLinkMulti",
  "epcis",
  "epil",
  "eventsInfo",
  "faqs",
  "handledBy",
  "hasRetailers",
  "ingredientsInfo",
  "instructions",
  "leaflet",
  "locationInfo",
  "logisticsInfo",
  "loyaltyProgram",
  "masterData",
  "menuInfo",
  "nutritionalInfo",
  "paymentLink",
  "pip",
  "productSustainabilityInfo",
  "promotion",
  "purchaseSuppliesOrAccessories",
  "quickStartGuide",
  "recallStatus",
  "recipeInfo",
  "registerProduct",
  "relatedImage",
  "relatedVideo",
  "review",
  "safetyInfo",
  "scheduleTime",
  "serviceInfo",
  "smartLabel",
  "smpc",
  "socialMedia",
  "statisticInfo",
  "subscribe",
  "support",
  "sustainabilityInfo",
  "traceability",
  "tutorial",
  "userAgreement",
  "verificationService",
  "whatsInTheBox",
]);

const KNOWN = new Set(GS1_LINK_TYPES);

/** The GS1 Web Vocabulary namespace link types live in. */
export const GS1_VOCABULARY = "https://gs1.org/voc/";

/**
 * The short name of a GS1 link type given as `gs1:name`, as a vocabulary URI (`https://gs1.org/voc/name`, or the
 * `https://ref.gs1.org/voc/` form) or bare; null when it names no GS1 link type.
 */
export function gs1LinkType(value: string): string | null {
  const name = value.startsWith("gs1:")
    ? value.slice(4)
    : value.startsWith(GS1_VOCABULARY)
      ? value.slice(GS1_VOCABULARY.length)
      : value.startsWith("https://ref.gs1.org/voc/")
        ? value.slice("https://ref.gs1.org/voc/".length)
        : value;
  return KNOWN.has(name) ? name : null;
}
