import { CANONICAL_DL_STEM, Gs1Error, type Gs1Code, normalizeGtin as gs1NormalizeGtin, parseCode, percentEncodeDlValue } from "@tracehub/gs1";
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
  return { id: unitId(parsed.gtin, parsed.serial), gtin: parsed.gtin, serial: parsed.serial, lot: parsed.lot ?? null, expiry: parsed.expiry ?? null };
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
