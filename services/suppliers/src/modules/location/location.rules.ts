import { isGs1Error, isValidElementValue, parseCode } from "@tracehub/gs1";

/**
 * Most GLNs one organization's scope carries (its oldest locations first). The scope travels signed in a request
 * header to every subgraph, whose HTTP server takes 16 KiB of headers: 500 GLNs are about 8 KB of JSON, 11 KB
 * encoded, which leaves room for the rest of the principal (prefixes, grants) and the request's other headers.
 */
export const MAX_SCOPE_GLNS = 500;

/** Longest location name and address, in characters. */
export const MAX_NAME_LENGTH = 200;
export const MAX_ADDRESS_LENGTH = 500;

/** A checked value, or why it was refused (and which input field, when the check reads several). */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string; field?: string };

const ONLY_DIGITS = /^\d+$/;

/**
 * A location's GLN from any GS1 form of it: the 13 digits, an element string with AI (414), an SGLN EPC URN or a
 * Digital Link (`https://id.gs1.org/414/…`). The check digit must be right, and an extension (254) is refused:
 * a location is a GLN, a sub-location is named by its extension in events.
 */
export function readGln(input: string): Checked<string> {
  const text = input.trim();
  if (isValidElementValue("414", text)) return { ok: true, value: text };
  try {
    const code = parseCode(text);
    if (code.kind !== "sgln" || code.gln === undefined) return { ok: false, problem: `it names a ${code.kind}, not a location: give a GLN (414), an SGLN URN or a Digital Link with /414/.` };
    if (code.extension !== undefined) return { ok: false, problem: `it names extension ${code.extension} of GLN ${code.gln}: register the GLN itself.` };
    return { ok: true, value: code.gln };
  } catch (error) {
    if (!isGs1Error(error)) throw error;
    if (ONLY_DIGITS.test(text)) return { ok: false, problem: `a GLN is 13 digits ending in a valid check digit; got ${JSON.stringify(text)}.` };
    return { ok: false, problem: `it is not a valid GS1 location code: ${error.message}` };
  }
}

/** A location's name: trimmed, 1 to {@link MAX_NAME_LENGTH} characters. */
export function readName(input: string): Checked<string> {
  const name = input.trim();
  return name.length >= 1 && name.length <= MAX_NAME_LENGTH ? { ok: true, value: name } : { ok: false, problem: `'name' must be 1 to ${MAX_NAME_LENGTH} characters.` };
}

/** A location's address: trimmed, at most {@link MAX_ADDRESS_LENGTH} characters; blank is none. */
export function readAddress(input: string | null | undefined): Checked<string | null> {
  const address = input?.trim() ?? "";
  if (address.length > MAX_ADDRESS_LENGTH) return { ok: false, problem: `'address' must be at most ${MAX_ADDRESS_LENGTH} characters.` };
  return { ok: true, value: address.length ? address : null };
}

/** A WGS 84 position: both coordinates or neither, latitude -90..90, longitude -180..180 (degrees). */
export function readPosition(latitude: number | null | undefined, longitude: number | null | undefined): Checked<{ latitude: number; longitude: number } | null> {
  const lat = latitude ?? null;
  const lon = longitude ?? null;
  if (lat === null && lon === null) return { ok: true, value: null };
  if (lat === null || lon === null) return { ok: false, problem: "Give both 'latitude' and 'longitude', or neither.", field: lat === null ? "latitude" : "longitude" };
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) return { ok: false, problem: `'latitude' must be between -90 and 90 degrees; got ${lat}.`, field: "latitude" };
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) return { ok: false, problem: `'longitude' must be between -180 and 180 degrees; got ${lon}.`, field: "longitude" };
  return { ok: true, value: { latitude: lat, longitude: lon } };
}
