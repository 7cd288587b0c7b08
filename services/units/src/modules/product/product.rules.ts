import { gs1LinkType, isValidElementValue } from "@tracehub/gs1";

/**
 * The links a brand owner configures for its product: what the GS1 Digital Link resolver serves besides the hub's
 * own product page and verification service. Pure rules: what a link may be, and which links answer a lot.
 */

/** A configured link, as stored. */
export interface ProductLink {
  /** The GS1 link type, short (`instructions`). */
  linkType: string;
  /** The target: an https URL. */
  href: string;
  title: string;
  /** The language of the target (`en`, `de-CH`), or null for any. */
  lang: string | null;
  /** The target's media type (`text/html`, `application/pdf`), or null when not said. */
  mediaType: string | null;
  /** The lot (AI 10) it is for, or null for every unit of the GTIN. */
  lot: string | null;
}

/** A link as a caller gives it. */
export interface ProductLinkInputShape {
  linkType: string;
  href: string;
  title: string;
  lang?: string | null;
  mediaType?: string | null;
  lot?: string | null;
}

/** Most links one product may have. */
export const MAX_PRODUCT_LINKS = 100;

/** Link types the hub answers itself for every serial (its verification service and recall status): not configurable. */
export const HUB_LINK_TYPES: readonly string[] = ["verificationService", "recallStatus"];

const LANGUAGE = /^[a-z]{2,3}(-[A-Z]{2})?$/;
const MEDIA_TYPE = /^[a-z]+\/[a-z0-9][a-z0-9.+-]*$/i;

/** Why a list of links was refused: the field (`links.2.href`) and a sentence. */
export interface LinkProblem {
  field: string;
  message: string;
}

function httpsUrl(value: string): boolean {
  if (value.length > 2000 || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.length > 0 && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}

/** The links checked and normalized (link type short, text trimmed), or the first problem. */
export function checkProductLinks(input: readonly ProductLinkInputShape[]): { links: ProductLink[] } | { problem: LinkProblem } {
  if (input.length > MAX_PRODUCT_LINKS) return { problem: { field: "links", message: `A product may have at most ${MAX_PRODUCT_LINKS} links.` } };
  const links: ProductLink[] = [];
  for (const [i, link] of input.entries()) {
    const at = (field: string) => `links.${i}.${field}`;
    const type = gs1LinkType(link.linkType.trim());
    if (!type) return { problem: { field: at("linkType"), message: `'${link.linkType}' is not a GS1 link type (gs1:instructions, gs1:certificationInfo, ...).` } };
    if (HUB_LINK_TYPES.includes(type)) return { problem: { field: at("linkType"), message: `gs1:${type} is answered by the hub itself for every serial; it cannot be configured.` } };
    const href = link.href.trim();
    if (!httpsUrl(href)) return { problem: { field: at("href"), message: "'href' must be an https URL without credentials, up to 2,000 characters." } };
    const title = link.title.trim();
    if (title.length < 1 || title.length > 200) return { problem: { field: at("title"), message: "'title' must be 1 to 200 characters." } };
    const lang = link.lang?.trim() || null;
    if (lang !== null && !LANGUAGE.test(lang)) return { problem: { field: at("lang"), message: "'lang' must be a language tag such as en, de or de-CH." } };
    const mediaType = link.mediaType?.trim() || null;
    if (mediaType !== null && !MEDIA_TYPE.test(mediaType)) return { problem: { field: at("mediaType"), message: "'mediaType' must be a media type such as text/html or application/pdf." } };
    const lot = link.lot ?? null;
    if (lot !== null && !isValidElementValue("10", lot)) return { problem: { field: at("lot"), message: "'lot' must be 1 to 20 characters of GS1 character set 82." } };
    links.push({ linkType: type, href, title, lang, mediaType, lot });
  }
  return { links };
}

/**
 * The links that answer for a unit of `lot` (null: the GTIN alone): for each link type, the links configured for that
 * lot when there are any; otherwise the GTIN's own (the resolver walks up from the lot to the GTIN). Links for other
 * lots never answer.
 */
export function linksFor<T extends Pick<ProductLink, "linkType" | "lot">>(links: readonly T[], lot: string | null): T[] {
  const forLot = lot === null ? [] : links.filter((l) => l.lot === lot);
  const lotTypes = new Set(forLot.map((l) => l.linkType));
  return links.filter((l) => (l.lot === null && !lotTypes.has(l.linkType)) || (lot !== null && l.lot === lot));
}

/**
 * A Digital Link stem a brand gives for its QR labels: an https URL with a host and optionally a path, no query,
 * fragment or credentials, no trailing slash (null: back to id.gs1.org); undefined when it is not one.
 */
export function digitalLinkStem(value: string): string | null | undefined {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  if (trimmed.length > 200 || !httpsUrl(trimmed)) return undefined;
  const url = new URL(trimmed);
  if (url.search || url.hash || trimmed.endsWith("/") || trimmed.includes("?") || trimmed.includes("#")) return undefined;
  return trimmed;
}
