/**
 * What a reader sees of a stored event, as plain functions. No I/O.
 */

/** The lists of an EPCIS event that hold instance identifiers. */
const INSTANCE_LISTS = ["epcList", "childEPCs", "inputEPCList", "outputEPCList"] as const;
/** The lists of an EPCIS event that hold quantities of a class (`epcClass`). */
const QUANTITY_LISTS = ["quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"] as const;

/**
 * The event as a reader sees it: every identifier it may not read (`mayRead` false) is left out of the event's
 * lists and `parentID`, not replaced by a placeholder; everything else is as captured. Lists that end up empty stay
 * (empty), so the event keeps its EPCIS shape.
 */
export function visibleEventBody(event: Record<string, unknown>, mayRead: (identifier: string) => boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...event };
  for (const list of INSTANCE_LISTS) {
    const value = event[list];
    if (Array.isArray(value)) out[list] = value.filter((id) => typeof id === "string" && mayRead(id));
  }
  for (const list of QUANTITY_LISTS) {
    const value = event[list];
    if (Array.isArray(value)) out[list] = value.filter((q) => !!q && typeof q === "object" && typeof (q as { epcClass?: unknown }).epcClass === "string" && mayRead((q as { epcClass: string }).epcClass));
  }
  if (typeof event["parentID"] === "string" && !mayRead(event["parentID"])) delete out["parentID"];
  return out;
}
