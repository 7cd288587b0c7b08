/**
 * `@tracehub/gs1`: parse, validate, convert and encode GS1 identifiers (element strings, scan data,
 * Digital Link URIs, EPC URIs and RFID EPC binary). Pure TypeScript: no I/O, no runtime dependencies.
 *
 * @packageDocumentation
 */
export { Gs1Error, Gs1ErrorCode, isGs1Error } from "./errors";
export type { Gs1ErrorDetail } from "./errors";
export { gs1CheckDigit, hasValidCheckDigit, normalizeGtin } from "./check-digit";
export { expandYear, gs1DateToIso, isoToGs1Date } from "./dates";
export type { Gs1DateOptions } from "./dates";
export { AI_TABLE, getAiDefinition, isDlPrimaryKey } from "./ai-table";
export type { AiComponent, AiDefinition, Gs1Charset } from "./ai-table";
export { CSET82, isCset82 } from "./charset";
export {
  GS,
  formatElementString,
  readBracketedElementString,
  readScanData,
  validateElementValue,
  validateElements,
} from "./element-string";
export type { ElementStringFormatOptions, ElementValidationOptions, Gs1Element } from "./element-string";
export { CANONICAL_DL_STEM, isDigitalLinkShaped, percentEncodeDlValue, readDigitalLink } from "./digital-link";
export type { DigitalLinkParseOptions, ParsedDigitalLink } from "./digital-link";
export { GS1_LINK_TYPES, GS1_VOCABULARY, gs1LinkType } from "./link-types";
export { gs1PrefixCountry } from "./prefix-country";
export {
  EPC_BINARY_SCHEMES,
  PATTERN_SCHEMES,
  escapeEpcComponent,
  formatEpcPatternUri,
  formatEpcUri,
  formatTagUri,
  identityToElements,
  maxFilter,
  parseEpcPatternUri,
  parseEpcUri,
  patternClassElements,
} from "./epc-uri";
export type { EpcBinaryScheme, EpcIdentity, EpcIdentityScheme, EpcPattern, EpcPatternScheme, ParsedEpcUri } from "./epc-uri";
export { decodeEpcBinary, encodeEpcBinary } from "./epc-binary";
export type { DecodedEpcBinary } from "./epc-binary";
export {
  canonicalIdentifier,
  canonicalUnitId,
  codeFromElements,
  gtinClassId,
  lgtinClassId,
  parseCode,
  toDigitalLink,
  toElementString,
  toEpcHex,
  toEpcIdentity,
  toEpcTagUri,
  toEpcUri,
  tryCanonicalIdentifier,
  unitKey,
} from "./code";
export type {
  CanonicalIdentifierOptions,
  CompanyPrefixOptions,
  EpcTagOptions,
  Gs1Code,
  Gs1CodeKind,
  Gs1CodeLike,
  Gs1KeyFields,
  Gs1InputForm,
  ParseCodeOptions,
  ToDigitalLinkOptions,
  ToElementStringOptions,
} from "./code";
export { canonicalIdKind, isValidElementValue, readCanonicalId } from "./canonical-id";
export type { CanonicalIdKind, CanonicalIdParts, ReadCanonicalIdOptions } from "./canonical-id";
export {
  COMPANY_PREFIX_MAX_LENGTH,
  COMPANY_PREFIX_MIN_LENGTH,
  candidateCompanyPrefixes,
  companyPrefixDigits,
  isCompanyPrefix,
  owningCompanyPrefix,
} from "./company-prefix";
