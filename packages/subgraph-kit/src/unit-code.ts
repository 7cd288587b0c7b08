import { CANONICAL_DL_STEM, Gs1Error, type Gs1Code, canonicalIdentifier, canonicalUnitId, normalizeGtin as gs1NormalizeGtin, parseCode, percentEncodeDlValue } from "@tracehub/gs1";
import { BadUserInput } from "./errors";

/** A unit's identity read from any code a user has in hand. */
export interface UnitKey {
  /** Canonical Digital Link URI: the unit's id. */
  id: string;
  gtin: string;
  serial: string;
  /** Lot and expiry when the code carried them (element strings and Digital Links may). */
  lot: string | null;
  expiry: string | null;
  /** Every other AI the code carried, raw, keyed by AI digits (e.g. `{ "11": "250101" }`). */
  attributes: Readonly<Record<string, string>>;
}

function rethrowAsBadInput(field: string, error: unknown): never {
  if (error instanceof Gs1Error) {
    throw new BadUserInput(`'${field}' is not a valid GS1 code: ${error.message}`, { field, gs1Code: error.code });
  }
  throw error;
}

/**
 * Reads a serialized unit's code in any form (element string, scan data, Digital Link on any host, EPC
 * URN, tag URI, RFID hex). A malformed code, or one that names no serialized item, is BAD_USER_INPUT
 * naming `field` and the problem.
 */
export function parseUnitCode(code: string, field = "code"): UnitKey {
  let parsed: Gs1Code;
  try {
    parsed = parseCode(code);
  } catch (error) {
    rethrowAsBadInput(field, error);
  }
  if (parsed.kind !== "sgtin" || !parsed.gtin || parsed.serial === undefined) {
    throw new BadUserInput(`'${field}' names no serialized item (it reads as ${parsed.kind}): a unit code needs a GTIN (01) and a serial number (21).`, { field });
  }
  return { id: unitId(parsed.gtin, parsed.serial), gtin: parsed.gtin, serial: parsed.serial, lot: parsed.lot ?? null, expiry: parsed.expiry ?? null, attributes: parsed.attributes };
}

/**
 * The canonical id of the unit with this GTIN-14 and serial: `https://id.gs1.org/01/{gtin}/21/{serial}`,
 * the same string as `canonicalUnitId` of @tracehub/gs1, built without re-parsing (commissioning makes
 * 100,000 of them in one call).
 */
export function unitId(gtin14: string, serial: string): string {
  return `${CANONICAL_DL_STEM}/01/${gtin14}/21/${percentEncodeDlValue(serial)}`;
}

/** Validates a GTIN-8/12/13/14 (check digit included) and returns it as 14 digits; BAD_USER_INPUT otherwise. */
export function normalizeGtin(input: string, field = "gtin"): string {
  try {
    return gs1NormalizeGtin(input.trim());
  } catch (error) {
    rethrowAsBadInput(field, error);
  }
}

/** Instance kinds a unit code may name. */
const INSTANCE_KINDS = new Set(["sgtin", "sscc", "grai", "giai"]);

/**
 * The canonical id of any unit a code names: a serialized item (SGTIN), a logistic unit (SSCC) or an
 * asset (GRAI with serial, GIAI), from any GS1 form. BAD_USER_INPUT when the code is malformed or names
 * a class (a GTIN without serial, a lot) rather than one physical thing.
 */
export function anyUnitId(code: string, field = "code"): string {
  let parsed: Gs1Code;
  try {
    parsed = parseCode(code);
  } catch (error) {
    rethrowAsBadInput(field, error);
  }
  if (!INSTANCE_KINDS.has(parsed.kind)) {
    throw new BadUserInput(`'${field}' names a ${parsed.kind}, not one physical unit: give an SGTIN (GTIN + serial), SSCC, GRAI or GIAI.`, { field });
  }
  return canonicalUnitId(parsed);
}

/** URI schemes accepted for non-GS1 locations and identifiers (CBV 2.0 allows private URNs and HTTP URIs). */
const URI = /^(urn:[a-z0-9][a-z0-9-]{0,31}:\S+|https?:\/\/\S+)$/i;

/**
 * A location in any GS1 form (element string with (414)/(254), SGLN URN, Digital Link) as its canonical
 * Digital Link; any other URI as given (CBV 2.0 allows private location URNs). BAD_USER_INPUT otherwise.
 */
export function locationId(code: string, field = "location"): string {
  const trimmed = code.trim();
  let parsed: Gs1Code | null = null;
  try {
    parsed = parseCode(trimmed);
  } catch (error) {
    if (!URI.test(trimmed) || /^urn:epc:|^https?:\/\/id\.gs1\.org\//i.test(trimmed)) rethrowAsBadInput(field, error);
  }
  if (parsed) {
    if (parsed.kind !== "sgln" && parsed.kind !== "pgln") {
      throw new BadUserInput(`'${field}' names a ${parsed.kind}, not a location: give a GLN (414), an SGLN URN or a URI.`, { field });
    }
    return canonicalIdentifier(parsed);
  }
  if (!URI.test(trimmed)) throw new BadUserInput(`'${field}' must be a GLN, an SGLN URN or a URI; got ${JSON.stringify(code)}.`, { field });
  return trimmed;
}
