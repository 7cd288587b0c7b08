/**
 * `@tracehub/epcis`: EPCIS 2.0 JSON-LD validation, normalisation into the hub's event model, CBV 2.0 vocabularies,
 * CBV 2.0 event hash IDs, EPCIS document export, and the EPCIS 1.2 / 2.0 XML binding (`parseEpcisXml`, `toEpcisXml`).
 * Everything works offline (schema and context are shipped).
 */
export * from "./cbv";
export { CBV_MDA_NAMESPACE, CBV_MDA_PREFIX, CbvMasterData, cbvMasterDataKey, cbvMasterDataValue } from "./master-data";
export type { CbvMasterDataAttribute } from "./master-data";
export { EPCIS_CONTEXT_URL, KNOWN_EPCIS_CONTEXT_URLS, epcisContextDocument, resolveContext, expandCurie } from "./context";
export type { ContextOptions, JsonLdContext, ResolvedContext } from "./context";
export { EpcisError, EpcisErrorCode, EpcisLimitError, EpcisValidationError } from "./errors";
export type { EpcisValidationIssue } from "./errors";
export { DEFAULT_LIMITS } from "./limits";
export type { EpcisLimits } from "./limits";
export { EPCIS_JSON_SCHEMA_PATH, EPCIS_QUERY_SCHEMA_PATH } from "./schema";
export { EVENT_TYPES, TIME_ZONE_OFFSET, isWellFormedTime, identifierProblem } from "./rules";
export { validateEpcisDocument, validateEpcisQuery, parseEpcisJson } from "./validate";
export type { EpcisValidationResult, ValidateOptions } from "./validate";
export {
  eventHashId, preHashString, hashIdFromPreHash, documentHashIds, documentPreHashStrings, documentIgnoreFields, eventsOf,
  canonicalTime, canonicalNumber, HASH_ID_VERSION, HASH_ALGORITHM_VERSIONS,
} from "./hash";
export type { HashOptions, HashAlgorithmVersion, DocumentHashOptions } from "./hash";
export { canonicalEpcisIdentifier, cbvHashIdentifier, digitalLinkToEpcUri, isGs1Identifier } from "./identifiers";
export type { CompanyPrefixLength } from "./identifiers";
export { allEpcs } from "./model";
export type {
  EpcisEvent, EpcisEventType, EpcisAction, EpcisExtension, QuantityElement, BizTransaction, SourceOrDestination, EpcisLocation,
  SensorElement, SensorMetadata, SensorReport, ErrorDeclaration, PersistentDisposition, RawEvent, EpcRole, EpcReference,
} from "./model";
export { normalizeEpcisDocument, normalizeEpcisEvent, toBareCbvForms, toUtcIso } from "./normalize";
export type { NormalizeOptions } from "./normalize";
export { EpcFormat, toEpcisDocument } from "./export";
export type { ExportOptions } from "./export";
export { parseEpcisXml, toEpcisXml, EPCIS_XML_NS_1, EPCIS_XML_NS_2 } from "./xml";
export type { ParseEpcisXmlOptions, ToEpcisXmlOptions } from "./xml";
export { readQueryParameters, readQueryBody, QueryParameterError, QUERY_EVENT_TYPES, SUPPORTED_QUERY_PARAMETERS } from "./query-filter";
export type { EpcisQueryFilter } from "./query-filter";
