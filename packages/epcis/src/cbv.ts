/**
 * CBV 2.0 standard vocabularies as typed constants, and conversions between their three spellings:
 * the bare JSON form (`shipping`), the Web URI (`https://ref.gs1.org/cbv/BizStep-shipping`) and the
 * URN used by EPCIS 1.x XML (`urn:epcglobal:cbv:bizstep:shipping`).
 */

/** All 41 CBV 2.0 business steps (bare form). */
export const BIZ_STEPS = [
  "accepting", "arriving", "assembling", "collecting", "commissioning", "consigning",
  "creating_class_instance", "cycle_counting", "decommissioning", "departing", "destroying",
  "disassembling", "dispensing", "encoding", "entering_exiting", "holding", "inspecting",
  "installing", "killing", "loading", "other", "packing", "picking", "receiving", "removing",
  "repackaging", "repairing", "replacing", "reserving", "retail_selling", "sampling",
  "sensor_reporting", "shipping", "staging_outbound", "stock_taking", "stocking", "storing",
  "transporting", "unloading", "unpacking", "void_shipping",
] as const;
/** A CBV 2.0 business step short name. */
export type BizStep = (typeof BIZ_STEPS)[number];

/** All 33 CBV 2.0 dispositions (bare form). */
export const DISPOSITIONS = [
  "active", "available", "completeness_inferred", "completeness_verified", "conformant",
  "container_closed", "container_open", "damaged", "destroyed", "dispensed", "disposed", "encoded",
  "expired", "in_progress", "in_transit", "inactive", "mismatch_class", "mismatch_instance",
  "mismatch_quantity", "needs_replacement", "no_pedigree_match", "non_conformant",
  "non_sellable_other", "partially_dispensed", "recalled", "reserved", "retail_sold", "returned",
  "sellable_accessible", "sellable_not_accessible", "stolen", "unavailable", "unknown",
] as const;
/** A CBV 2.0 disposition short name. */
export type Disposition = (typeof DISPOSITIONS)[number];

/** The 3 CBV 2.0 source/destination types. */
export const SOURCE_DESTINATION_TYPES = ["owning_party", "possessing_party", "location"] as const;
/** A CBV 2.0 source/destination type short name. */
export type SourceDestinationType = (typeof SOURCE_DESTINATION_TYPES)[number];

/** The 13 CBV 2.0 business transaction types. */
export const BIZ_TRANSACTION_TYPES = [
  "bol", "cert", "desadv", "inv", "pedigree", "po", "poc", "prodorder", "recadv", "rma", "testprd",
  "testres", "upevt",
] as const;
/** A CBV 2.0 business transaction type short name. */
export type BizTransactionType = (typeof BIZ_TRANSACTION_TYPES)[number];

/** The 2 CBV 2.0 error reasons (error declarations). */
export const ERROR_REASONS = ["did_not_occur", "incorrect_data"] as const;
/** A CBV 2.0 error reason short name. */
export type ErrorReason = (typeof ERROR_REASONS)[number];

/** Sensor report components (CBV 2.0 `Comp-` vocabulary). */
export const SENSOR_COMPONENTS = [
  "x", "y", "z", "axial_distance", "azimuth", "height", "spherical_radius", "polar_angle",
  "elevation_angle", "easting", "northing", "latitude", "longitude", "altitude",
] as const;
/** A sensor report component short name. */
export type SensorComponent = (typeof SENSOR_COMPONENTS)[number];

/** Sensor alert types (`exception` of a sensor report, GS1 Web Vocabulary). */
export const SENSOR_EXCEPTIONS = ["ALARM_CONDITION", "ERROR_CONDITION"] as const;
/** A sensor alert type. */
export type SensorException = (typeof SENSOR_EXCEPTIONS)[number];

/** The 72 standard measurement types of a sensor report (GS1 Web Vocabulary, bare form). */
export const MEASUREMENT_TYPES = [
  "AbsoluteHumidity", "AbsorbedDose", "AbsorbedDoseRate", "Acceleration", "Radioactivity", "Altitude",
  "AmountOfSubstance", "AmountOfSubstancePerUnitVolume", "Angle", "AngularAcceleration",
  "AngularMomentum", "AngularVelocity", "Area", "Capacitance", "Conductance", "Conductivity", "Count",
  "Density", "Dimensionless", "DoseEquivalent", "DoseEquivalentRate", "DynamicViscosity",
  "ElectricCharge", "ElectricCurrent", "ElectricCurrentDensity", "ElectricFieldStrength", "Energy",
  "Exposure", "Force", "Frequency", "Illuminance", "Inductance", "Irradiance", "KinematicViscosity",
  "Length", "LinearMomentum", "Luminance", "LuminousFlux", "LuminousIntensity", "MagneticFlux",
  "MagneticFluxDensity", "MagneticVectorPotential", "Mass", "MassConcentration", "MassFlowRate",
  "MassPerAreaTime", "MemoryCapacity", "MolalityOfSolute", "MolarEnergy", "MolarMass", "MolarVolume",
  "Power", "Pressure", "RadiantFlux", "RadiantIntensity", "RelativeHumidity", "Resistance",
  "Resistivity", "SolidAngle", "SpecificVolume", "Speed", "SurfaceDensity", "SurfaceTension",
  "Temperature", "Time", "Torque", "Voltage", "Volume", "VolumeFlowRate", "VolumeFraction",
  "VolumetricFlux", "Wavenumber",
] as const;
/** A standard sensor measurement type. */
export type MeasurementType = (typeof MEASUREMENT_TYPES)[number];

/** The CBV vocabularies that have bare/URN/Web URI spellings. */
export enum CbvVocabulary {
  BizStep = "bizStep",
  Disposition = "disposition",
  BizTransactionType = "bizTransactionType",
  SourceDestinationType = "sourceDestinationType",
  ErrorReason = "errorReason",
  Component = "component",
}

/** Base of CBV 2.0 Web URIs. */
export const CBV_WEB_BASE = "https://ref.gs1.org/cbv/";
/** Base of the GS1 Web Vocabulary as declared by the EPCIS 2.0 JSON-LD context (`gs1:` prefix). */
export const GS1_VOC_BASE = "https://gs1.org/voc/";

interface VocabularySpec {
  readonly values: readonly string[];
  readonly set: ReadonlySet<string>;
  /** Web URI term prefix, e.g. `BizStep-`. */
  readonly webPrefix: string;
  /** URN prefix, e.g. `urn:epcglobal:cbv:bizstep:` (undefined when the vocabulary has none). */
  readonly urnPrefix: string | undefined;
}

function spec(values: readonly string[], webPrefix: string, urnPrefix: string | undefined): VocabularySpec {
  return { values, set: new Set(values), webPrefix, urnPrefix };
}

const SPECS: Record<CbvVocabulary, VocabularySpec> = {
  [CbvVocabulary.BizStep]: spec(BIZ_STEPS, "BizStep-", "urn:epcglobal:cbv:bizstep:"),
  [CbvVocabulary.Disposition]: spec(DISPOSITIONS, "Disp-", "urn:epcglobal:cbv:disp:"),
  [CbvVocabulary.BizTransactionType]: spec(BIZ_TRANSACTION_TYPES, "BTT-", "urn:epcglobal:cbv:btt:"),
  [CbvVocabulary.SourceDestinationType]: spec(SOURCE_DESTINATION_TYPES, "SDT-", "urn:epcglobal:cbv:sdt:"),
  [CbvVocabulary.ErrorReason]: spec(ERROR_REASONS, "ER-", "urn:epcglobal:cbv:er:"),
  [CbvVocabulary.Component]: spec(SENSOR_COMPONENTS, "Comp-", undefined),
};

/** True when `value` is a standard bare value of `vocabulary`. */
export function isCbvValue(vocabulary: CbvVocabulary, value: string): boolean {
  return SPECS[vocabulary].set.has(value);
}

/**
 * Reduces a CBV value written in any accepted spelling to its bare short name: `shipping`,
 * `urn:epcglobal:cbv:bizstep:shipping`, `https://ref.gs1.org/cbv/BizStep-shipping` and `cbv:BizStep-shipping`
 * all give `shipping`. Returns `undefined` when the value is not a standard value of that vocabulary
 * (a custom URI, or a typo), so callers can keep custom URIs as given.
 */
export function toCbvShortName(vocabulary: CbvVocabulary, value: string): string | undefined {
  const s = SPECS[vocabulary];
  const v = value.trim();
  if (s.set.has(v)) return v;
  let candidate: string | undefined;
  if (s.urnPrefix && v.startsWith(s.urnPrefix)) candidate = v.slice(s.urnPrefix.length);
  else {
    for (const base of [CBV_WEB_BASE, "http://ref.gs1.org/cbv/", "https://gs1.org/voc/", "https://ns.gs1.org/cbv/", "cbv:"]) {
      if (v.startsWith(base + s.webPrefix)) {
        candidate = v.slice(base.length + s.webPrefix.length);
        break;
      }
    }
  }
  return candidate !== undefined && s.set.has(candidate) ? candidate : undefined;
}

/** The CBV 2.0 Web URI of a bare value (`shipping` → `https://ref.gs1.org/cbv/BizStep-shipping`). */
export function cbvWebUri(vocabulary: CbvVocabulary, shortName: string): string {
  return CBV_WEB_BASE + SPECS[vocabulary].webPrefix + shortName;
}

/** The EPCIS 1.x URN of a bare value (`shipping` → `urn:epcglobal:cbv:bizstep:shipping`). */
export function cbvUrn(vocabulary: CbvVocabulary, shortName: string): string {
  const urn = SPECS[vocabulary].urnPrefix;
  return urn ? urn + shortName : cbvWebUri(vocabulary, shortName);
}

/** True when `value` is written in a non-bare standard CBV form (URN or GS1 Web URI), which the JSON binding forbids. */
export function isNonBareCbvForm(value: string): boolean {
  // startsWith first: every CBV value of every event passes here, and almost all are bare.
  return value.startsWith("urn:epcglobal:cbv:") || (value.startsWith("http") && /^https?:\/\/(ref|ns)\.gs1\.org\/cbv\//.test(value));
}

const URN_TO_WEB: ReadonlyArray<readonly [string, string]> = Object.values(SPECS)
  .filter((s) => s.urnPrefix !== undefined)
  .map((s) => [s.urnPrefix as string, CBV_WEB_BASE + s.webPrefix] as const);

/**
 * Rewrites a URN-form CBV value (`urn:epcglobal:cbv:bizstep:x`, `…:disp:`, `…:btt:`, `…:sdt:`, `…:er:`) into
 * its CBV 2.0 Web URI. Other strings are returned unchanged. Used by the event hash (CBV 2.0 hash rule 14).
 */
export function cbvUrnToWebUri(value: string): string {
  if (!value.startsWith("urn:epcglobal:cbv:")) return value;
  for (const [urn, web] of URN_TO_WEB) {
    if (value.startsWith(urn)) return web + value.slice(urn.length);
  }
  return value;
}

/**
 * True when `value` is written as a URI the way EPCIS admits a custom vocabulary value or a business transaction
 * id: `urn:` or `http://` / `https://` followed by at least one character, with no white space anywhere.
 */
export function isVocabularyUri(value: string): boolean {
  return typeof value === "string" && /^(urn:|https?:\/\/)\S+$/.test(value);
}

/**
 * A value of `vocabulary` as the hub stores and filters it: a standard value in any spelling (bare, URN, Web URI)
 * becomes its bare short name (see {@link toCbvShortName}); a custom value written as a URI
 * ({@link isVocabularyUri}) is kept as given (EPCIS lets users extend a vocabulary with their own URIs);
 * anything else (a typo such as `shiping`) is `undefined`, for the caller to refuse naming its field.
 */
export function cbvValueOrUri(vocabulary: CbvVocabulary, value: string): string | undefined {
  return toCbvShortName(vocabulary, value) ?? (isVocabularyUri(value) ? value : undefined);
}
