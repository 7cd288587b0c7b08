/**
 * FSMA 204 traceability records: the key data elements (KDEs) of each critical tracking event (CTE) a lot went
 * through, read from the EPCIS events that named its units (or the containers they were in).
 */

/** The FSMA 204 critical tracking event an EPCIS business step records (others keep their CBV name). */
const CTE_BY_BIZ_STEP: Record<string, string> = {
  commissioning: "Initial packing",
  packing: "Initial packing",
  shipping: "Shipping",
  departing: "Shipping",
  receiving: "Receiving",
  arriving: "Receiving",
  accepting: "Receiving",
  transforming: "Transformation",
  creating_class_instance: "Transformation",
};

/** The critical tracking event of an event: by business step, a TransformationEvent is a transformation; else "Other (<step>)". */
export function criticalTrackingEvent(type: string, bizStep: string | null): string {
  if (bizStep && CTE_BY_BIZ_STEP[bizStep]) return CTE_BY_BIZ_STEP[bizStep] as string;
  if (type === "TransformationEvent") return "Transformation";
  return `Other (${bizStep ?? type})`;
}

/** The first `source` (or `destination`) of an EPCIS event's list, by type preference: owning party, possessing party, location. */
export function partyOf(list: unknown, key: "source" | "destination"): string | null {
  if (!Array.isArray(list)) return null;
  const entries = list.filter((e): e is Record<string, unknown> => !!e && typeof e === "object" && typeof (e as Record<string, unknown>)[key] === "string");
  const rank = (type: unknown) => {
    const t = String(type ?? "");
    return t.endsWith("owning_party") ? 0 : t.endsWith("possessing_party") ? 1 : t.endsWith("location") ? 2 : 3;
  };
  const best = [...entries].sort((a, b) => rank(a.type) - rank(b.type))[0];
  return best ? (best[key] as string) : null;
}

/** The reference documents of an event (its business transactions), as `type:id` (or `id`), joined by "; ". */
export function referenceDocuments(list: unknown): string | null {
  if (!Array.isArray(list)) return null;
  const docs = list
    .filter((t): t is Record<string, unknown> => !!t && typeof t === "object" && typeof (t as Record<string, unknown>).bizTransaction === "string")
    .map((t) => {
      const type = typeof t.type === "string" ? t.type.replace(/^.*[:/]/, "") : null;
      return type ? `${type}:${t.bizTransaction as string}` : (t.bizTransaction as string);
    });
  return docs.length ? docs.join("; ") : null;
}
