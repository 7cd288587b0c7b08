/**
 * Identifier canonicalisation for EPCIS: EPC URNs (pure identity, class, pattern) and GS1 Digital Link URIs on any
 * host become one canonical form, the constrained `https://id.gs1.org` Digital Link that the CBV 2.0 event hash uses
 * (finest key level, no query string, numeric AIs, 14-digit GTIN). Non-GS1 URIs are kept as given.
 *
 * This is a local adapter: `@tracehub/gs1` was still being written when this package was built, and the hash needs
 * the exact canonicalisation of the CBV 2.0 reference vectors (e.g. which characters of a serial are
 * percent-encoded), so the conversions live here and are checked against those vectors.
 */
import { EpcisError, EpcisErrorCode } from "./errors";

/** Canonical host of GS1 Digital Link URIs. */
export const CANONICAL_DL_HOST = "https://id.gs1.org";

/** GS1 mod-10 check digit of a digit string (without its check digit). */
export function gs1CheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** True when the last digit of `digits` is its GS1 mod-10 check digit. */
export function hasValidCheckDigit(digits: string): boolean {
  return /^\d{2,}$/.test(digits) && gs1CheckDigit(digits.slice(0, -1)) === digits.slice(-1);
}

/** Characters the CBV 2.0 hash reference percent-encodes when moving a URN component into a Digital Link path. */
function dlEncode(s: string): string {
  return s.replace(/[!()*+,:]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

const DIGITS = /^\d+$/;

function splitGcp(body: string, refLength: (gcpLength: number) => number): { gcp: string; ref: string; rest: string | undefined } | undefined {
  const dot = body.indexOf(".");
  if (dot < 6 || dot > 12) return undefined;
  const gcp = body.slice(0, dot);
  if (!DIGITS.test(gcp)) return undefined;
  const n = refLength(gcp.length);
  const afterGcp = body.slice(dot + 1);
  const ref = afterGcp.slice(0, n);
  if (ref.length !== n || (n > 0 && !DIGITS.test(ref))) return undefined;
  const tail = afterGcp.slice(n);
  if (tail === "") return { gcp, ref, rest: undefined };
  if (!tail.startsWith(".")) return undefined;
  return { gcp, ref, rest: tail.slice(1) };
}

const SERIAL_CHARS = /^(?:%[0-9A-Fa-f]{2}|[!'()*+,.0-9:;=A-Za-z_-])+$/;

function gtinFrom(gcp: string, indItem: string): string {
  const raw = indItem.slice(0, 1) + gcp + indItem.slice(1);
  return raw + gs1CheckDigit(raw);
}

/**
 * Converts an EPC pure-identity URN (`urn:epc:id:…`), class URN (`urn:epc:class:lgtin:…`) or pattern URN
 * (`urn:epc:idpat:…:*`) into the canonical Digital Link. Returns `undefined` when `uri` is not such a URN or is
 * malformed (wrong company-prefix/reference lengths, illegal characters).
 */
export function epcUriToDigitalLink(uri: string): string | undefined {
  const m = /^urn:epc:(id|class|idpat):([a-z]+):(.+)$/.exec(uri);
  if (!m) return undefined;
  const [, kind, scheme, body] = m as unknown as [string, string, string, string];
  const H = CANONICAL_DL_HOST;
  const serialOk = (s: string | undefined, max: number): s is string => s !== undefined && s.length > 0 && SERIAL_CHARS.test(s) && decodedLength(s) <= max;
  if (kind === "id") {
    switch (scheme) {
      case "sgtin": case "upui": {
        const p = splitGcp(body, (l) => 13 - l);
        if (!p || !serialOk(p.rest, scheme === "sgtin" ? 20 : 28)) return undefined;
        return `${H}/01/${gtinFrom(p.gcp, p.ref)}/${scheme === "sgtin" ? "21" : "235"}/${dlEncode(p.rest)}`;
      }
      case "sscc": {
        const p = splitGcp(body, (l) => 17 - l);
        if (!p || p.rest !== undefined) return undefined;
        const raw = p.ref.slice(0, 1) + p.gcp + p.ref.slice(1);
        return `${H}/00/${raw}${gs1CheckDigit(raw)}`;
      }
      case "sgln": {
        const p = splitGcp(body, (l) => 12 - l);
        if (!p || !serialOk(p.rest, 20)) return undefined;
        const raw = p.gcp + p.ref;
        const gln = raw + gs1CheckDigit(raw);
        return p.rest === "0" ? `${H}/414/${gln}` : `${H}/414/${gln}/254/${dlEncode(p.rest)}`;
      }
      case "pgln": case "gsin": case "gsrn": case "gsrnp": {
        const total = scheme === "pgln" ? 12 : scheme === "gsin" ? 16 : 17;
        const p = splitGcp(body, (l) => total - l);
        if (!p || p.rest !== undefined) return undefined;
        const raw = p.gcp + p.ref;
        const ai = scheme === "pgln" ? "417" : scheme === "gsin" ? "402" : scheme === "gsrn" ? "8018" : "8017";
        return `${H}/${ai}/${raw}${gs1CheckDigit(raw)}`;
      }
      case "grai": case "gdti": case "sgcn": {
        const p = splitGcp(body, (l) => 12 - l);
        if (!p || !serialOk(p.rest, scheme === "grai" ? 16 : scheme === "gdti" ? 17 : 12)) return undefined;
        if (scheme === "sgcn" && !DIGITS.test(p.rest)) return undefined;
        const raw = (scheme === "grai" ? "0" : "") + p.gcp + p.ref;
        const ai = scheme === "grai" ? "8003" : scheme === "gdti" ? "253" : "255";
        return `${H}/${ai}/${raw}${gs1CheckDigit(raw)}${dlEncode(p.rest)}`;
      }
      case "giai": case "ginc": {
        const dot = body.indexOf(".");
        const gcp = body.slice(0, dot);
        const ref = body.slice(dot + 1);
        if (dot < 6 || dot > 12 || !DIGITS.test(gcp) || !serialOk(ref, 30 - gcp.length)) return undefined;
        return `${H}/${scheme === "giai" ? "8004" : "401"}/${gcp}${dlEncode(ref)}`;
      }
      case "cpi": {
        const first = body.indexOf(".");
        const last = body.lastIndexOf(".");
        if (first < 6 || first > 12 || last <= first) return undefined;
        const gcp = body.slice(0, first);
        const cpRef = body.slice(first + 1, last);
        const serial = body.slice(last + 1);
        if (!DIGITS.test(gcp) || !/^(?:%2[3dfDF]|[0-9A-Z-])+$/.test(cpRef) || !/^\d{1,12}$/.test(serial)) return undefined;
        return `${H}/8010/${dlEncode(gcp + cpRef)}/8011/${serial}`;
      }
      case "itip": {
        const p = splitGcp(body, (l) => 13 - l);
        const r = p?.rest !== undefined ? /^(\d{2})\.(\d{2})\.(.+)$/.exec(p.rest) : null;
        if (!p || !r || !serialOk(r[3], 20)) return undefined;
        return `${H}/8006/${gtinFrom(p.gcp, p.ref)}${r[1]}${r[2]}/21/${dlEncode(r[3] as string)}`;
      }
      default:
        return undefined;
    }
  }
  if (kind === "class") {
    if (scheme !== "lgtin") return undefined;
    const p = splitGcp(body, (l) => 13 - l);
    if (!p || !serialOk(p.rest, 20)) return undefined;
    return `${H}/01/${gtinFrom(p.gcp, p.ref)}/10/${dlEncode(p.rest)}`;
  }
  // idpat: only "any serial of this class" patterns have a Digital Link equivalent.
  if (!body.endsWith(".*")) return undefined;
  const core = body.slice(0, -2);
  switch (scheme) {
    case "sgtin": case "upui": {
      const p = splitGcp(core, (l) => 13 - l);
      return p && p.rest === undefined ? `${H}/01/${gtinFrom(p.gcp, p.ref)}` : undefined;
    }
    case "grai": case "gdti": case "sgcn": {
      const p = splitGcp(core, (l) => 12 - l);
      if (!p || p.rest !== undefined) return undefined;
      const raw = (scheme === "grai" ? "0" : "") + p.gcp + p.ref;
      return `${H}/${scheme === "grai" ? "8003" : scheme === "gdti" ? "253" : "255"}/${raw}${gs1CheckDigit(raw)}`;
    }
    case "itip": {
      const p = splitGcp(core, (l) => 13 - l);
      const r = p?.rest !== undefined ? /^(\d{2})\.(\d{2})$/.exec(p.rest) : null;
      return p && r ? `${H}/8006/${gtinFrom(p.gcp, p.ref)}${r[1]}${r[2]}` : undefined;
    }
    case "cpi": {
      const dot = core.indexOf(".");
      const last = core.lastIndexOf(".");
      if (dot < 6 || dot > 12 || last <= dot) return undefined;
      return `${H}/8010/${dlEncode(core.slice(0, dot) + core.slice(dot + 1, last))}`;
    }
    default:
      return undefined;
  }
}

function decodedLength(s: string): number {
  return s.replace(/%[0-9A-Fa-f]{2}/g, "x").length;
}

const ALPHA_TO_AI: Record<string, string> = {
  gtin: "01", itip: "8006", cpid: "8010", gln: "414", party: "417", gsrnp: "8017", gsrn: "8018", gcn: "255",
  sscc: "00", gdti: "253", ginc: "401", gsin: "402", grai: "8003", giai: "8004", cpv: "22", lot: "10", ser: "21",
};

const PRIMARY_KEYS = ["00", "01", "253", "255", "401", "402", "414", "417", "8003", "8004", "8006", "8010", "8017", "8018"];

/** Final shapes of a constrained canonical Digital Link (CBV 2.0 hash rule 18). */
const CONSTRAINED: readonly RegExp[] = [
  /^\/00\/\d{18}$/,
  /^\/01\/\d{14}(\/(21|10)\/[^/]{1,20})?$/,
  /^\/01\/\d{14}\/235\/[^/]{1,28}$/,
  /^\/253\/\d{13}[^/]{0,17}$/,
  /^\/255\/\d{13}\d{0,12}$/,
  /^\/401\/[^/]{1,30}$/,
  /^\/402\/\d{17}$/,
  /^\/414\/\d{13}(\/254\/[^/]{1,20})?$/,
  /^\/417\/\d{13}$/,
  /^\/8003\/\d{14}[^/]{0,16}$/,
  /^\/8004\/[^/]{1,30}$/,
  /^\/8006\/\d{18}(\/(21|10)\/[^/]{1,20})?$/,
  /^\/8010\/[^/]{1,30}(\/8011\/\d{1,12})?$/,
  /^\/801[78]\/\d{18}$/,
];

/**
 * Rewrites a GS1 Digital Link URI (any host, optional path stem, convenience alphas) into the constrained canonical
 * form: host `https://id.gs1.org`, numeric AIs, GTIN padded to 14 digits, no query string or fragment, no CPV (22),
 * and only the finest level (a lot is dropped when a serial is present). Returns `undefined` for anything else.
 */
export function canonicalDigitalLink(uri: string): string | undefined {
  const m = /^https?:\/\/[^/?#]+(\/[^?#]*)(?:[?#].*)?$/.exec(uri);
  if (!m) return undefined;
  const segments = (m[1] as string).split("/").filter((s, i, a) => !(s === "" && (i === 0 || i === a.length - 1)));
  const numeric = segments.map((s) => ALPHA_TO_AI[s] ?? s);
  let start = -1;
  for (let i = 0; i + 1 < numeric.length; i += 1) {
    if (PRIMARY_KEYS.includes(numeric[i] as string) && /^\d{4}/.test(segments[i + 1] as string)) {
      start = i;
      break;
    }
  }
  if (start < 0) return undefined;
  const pairs: Array<[string, string]> = [];
  for (let i = start; i + 1 < numeric.length; i += 2) pairs.push([numeric[i] as string, segments[i + 1] as string]);
  if ((numeric.length - start) % 2 !== 0) return undefined;
  const first = pairs[0] as [string, string];
  if (first[0] === "01") {
    if (/^\d{8}$|^\d{12,13}$/.test(first[1])) first[1] = first[1].padStart(14, "0");
  }
  let kept = pairs.filter(([ai]) => ai !== "22");
  if ((first[0] === "01" || first[0] === "8006") && kept.some(([ai]) => ai === "21")) kept = kept.filter(([ai]) => ai !== "10");
  const pathPart = kept.map(([ai, v]) => `/${ai}/${v}`).join("");
  if (!CONSTRAINED.some((re) => re.test(pathPart))) return undefined;
  return CANONICAL_DL_HOST + pathPart;
}

/**
 * Canonical form of any identifier found in an EPCIS event: GS1 keys (EPC URN or Digital Link) become the constrained
 * canonical Digital Link; every other URI (`urn:uuid:`, `geo:`, a non-GS1 `https:` URL...) is returned as given.
 */
export function canonicalIdentifier(uri: string): string {
  const v = uri.trim();
  if (v.startsWith("urn:epc:")) return epcUriToDigitalLink(v) ?? v;
  if (v.startsWith("http://") || v.startsWith("https://")) return canonicalDigitalLink(v) ?? v;
  return v;
}

/** True when `uri` is a GS1 identifier this package can canonicalise (EPC URN or GS1 Digital Link). */
export function isGs1Identifier(uri: string): boolean {
  const v = uri.trim();
  if (v.startsWith("urn:epc:")) return epcUriToDigitalLink(v) !== undefined;
  return (v.startsWith("http://") || v.startsWith("https://")) && canonicalDigitalLink(v) !== undefined;
}

/** How to learn the GS1 Company Prefix length of a Digital Link when rendering it as an EPC URN. */
export type CompanyPrefixLength = number | ((canonicalDigitalLink: string) => number | undefined);

function urnEscape(value: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    decoded = value;
  }
  return decoded.replace(/["%&/<>?#]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * Renders a canonical Digital Link as an EPC URN (pure identity, `lgtin` class, or `sgtin`/`grai`/`gdti`
 * pattern for class-level keys). Needs the GS1 Company Prefix length: throws `EpcisError`
 * `NEEDS_COMPANY_PREFIX_LENGTH` without it and `UNSUPPORTED_IDENTIFIER` when the key has no EPC URN.
 */
export function digitalLinkToEpcUri(dl: string, companyPrefixLength: CompanyPrefixLength | undefined): string {
  const canonical = canonicalDigitalLink(dl);
  if (!canonical) throw new EpcisError(EpcisErrorCode.UNSUPPORTED_IDENTIFIER, `not a GS1 Digital Link: ${dl}`);
  const len = typeof companyPrefixLength === "function" ? companyPrefixLength(canonical) : companyPrefixLength;
  if (len === undefined || !Number.isInteger(len) || len < 6 || len > 12) {
    throw new EpcisError(
      EpcisErrorCode.NEEDS_COMPANY_PREFIX_LENGTH,
      `cannot render ${canonical} as an EPC URN without the GS1 Company Prefix length (6..12)`,
    );
  }
  const parts = canonical.slice(CANONICAL_DL_HOST.length + 1).split("/");
  const ai = parts[0] as string;
  const key = parts[1] as string;
  const qAi = parts[2];
  const q = parts[3];
  const gtinUrn = (g: string): string => `${g.slice(1, 1 + len)}.${g.slice(0, 1)}${g.slice(1 + len, 13)}`;
  switch (ai) {
    case "01":
      if (qAi === "21") return `urn:epc:id:sgtin:${gtinUrn(key)}.${urnEscape(q as string)}`;
      if (qAi === "10") return `urn:epc:class:lgtin:${gtinUrn(key)}.${urnEscape(q as string)}`;
      if (qAi === "235") return `urn:epc:id:upui:${gtinUrn(key)}.${urnEscape(q as string)}`;
      return `urn:epc:idpat:sgtin:${gtinUrn(key)}.*`;
    case "00":
      return `urn:epc:id:sscc:${key.slice(1, 1 + len)}.${key.slice(0, 1)}${key.slice(1 + len, 17)}`;
    case "414":
      return `urn:epc:id:sgln:${key.slice(0, len)}.${key.slice(len, 12)}.${qAi === "254" ? urnEscape(q as string) : "0"}`;
    case "417":
      return `urn:epc:id:pgln:${key.slice(0, len)}.${key.slice(len, 12)}`;
    case "8017": case "8018":
      return `urn:epc:id:${ai === "8018" ? "gsrn" : "gsrnp"}:${key.slice(0, len)}.${key.slice(len, 17)}`;
    case "402":
      return `urn:epc:id:gsin:${key.slice(0, len)}.${key.slice(len, 16)}`;
    case "8003": {
      const serial = key.slice(14);
      const base = `${key.slice(1, 1 + len)}.${key.slice(1 + len, 13)}`;
      return serial ? `urn:epc:id:grai:${base}.${urnEscape(serial)}` : `urn:epc:idpat:grai:${base}.*`;
    }
    case "253": case "255": {
      const serial = key.slice(13);
      const scheme = ai === "253" ? "gdti" : "sgcn";
      const base = `${key.slice(0, len)}.${key.slice(len, 12)}`;
      return serial ? `urn:epc:id:${scheme}:${base}.${urnEscape(serial)}` : `urn:epc:idpat:${scheme}:${base}.*`;
    }
    case "8004": case "401":
      return `urn:epc:id:${ai === "8004" ? "giai" : "ginc"}:${key.slice(0, len)}.${urnEscape(key.slice(len))}`;
    case "8006": {
      const base = `${gtinUrn(key.slice(0, 14))}.${key.slice(14, 16)}.${key.slice(16, 18)}`;
      return qAi === "21" ? `urn:epc:id:itip:${base}.${urnEscape(q as string)}` : `urn:epc:idpat:itip:${base}.*`;
    }
    case "8010": {
      let decoded = key;
      try {
        decoded = decodeURIComponent(key);
      } catch {
        /* keep */
      }
      const ref = decoded.slice(len).replace(/[#/]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
      return qAi === "8011" ? `urn:epc:id:cpi:${decoded.slice(0, len)}.${ref}.${q as string}` : `urn:epc:idpat:cpi:${decoded.slice(0, len)}.${ref}.*`;
    }
    default:
      throw new EpcisError(EpcisErrorCode.UNSUPPORTED_IDENTIFIER, `no EPC URN form for ${canonical}`);
  }
}
