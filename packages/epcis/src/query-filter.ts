import { CbvVocabulary, toCbvShortName } from "./cbv";

/**
 * The EPCIS Query Language parameters the hub answers exactly, read into the hub's event filter: the REST binding's
 * query string (`EQ_bizStep=shipping|receiving`) and a named query's JSON body (`{ "EQ_bizStep": ["shipping"] }`)
 * alike. A parameter the hub cannot answer exactly is refused by name: an answer that ignored a condition would
 * be wrong, not partial.
 */

/** The hub's event filter (GraphQL `EventFilter`), as far as EPCIS query parameters fill it. */
export interface EpcisQueryFilter {
  code?: string;
  eventTypes?: string[];
  bizSteps?: string[];
  dispositions?: string[];
  readPoints?: string[];
  bizLocations?: string[];
  from?: string;
  to?: string;
  recordedFrom?: string;
  recordedTo?: string;
  eventIds?: string[];
}

/** The five EPCIS event types. */
export const QUERY_EVENT_TYPES = ["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"] as const;

type ListKey = "eventTypes" | "bizSteps" | "dispositions" | "readPoints" | "bizLocations" | "eventIds";
const LISTS: Record<string, ListKey> = {
  eventType: "eventTypes",
  EQ_bizStep: "bizSteps",
  EQ_disposition: "dispositions",
  EQ_readPoint: "readPoints",
  EQ_bizLocation: "bizLocations",
  EQ_eventID: "eventIds",
};
type TimeKey = "from" | "to" | "recordedFrom" | "recordedTo";
const TIMES: Record<string, TimeKey> = { GE_eventTime: "from", LT_eventTime: "to", GE_recordTime: "recordedFrom", LT_recordTime: "recordedTo" };

/** The query parameters the hub answers. */
export const SUPPORTED_QUERY_PARAMETERS = [...Object.keys(LISTS), ...Object.keys(TIMES), "MATCH_anyEPC"] as const;

/** A parameter refused: which one, and why. */
export class QueryParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads parameters (each with its values) into a filter. `fixed` are conditions of a resource path
 * (`/bizSteps/shipping/events`), which a parameter of the same kind narrows further but cannot widen.
 */
export function readQueryParameters(parameters: Iterable<[name: string, values: readonly string[]]>, fixed: EpcisQueryFilter = {}): EpcisQueryFilter {
  const filter: EpcisQueryFilter = { ...fixed };
  for (const [name, values] of parameters) {
    if (values.length === 0 || values.some((v) => typeof v !== "string" || v.trim() === "")) throw new QueryParameterError(name, `'${name}' has an empty value.`);
    const list = LISTS[name];
    const time = TIMES[name];
    if (list) {
      if (list === "eventTypes") {
        const unknown = values.filter((v) => !(QUERY_EVENT_TYPES as readonly string[]).includes(v));
        if (unknown.length) throw new QueryParameterError(name, `'eventType' takes ${QUERY_EVENT_TYPES.join(", ")}; got ${unknown.join(", ")}.`);
      }
      // A standard business step or disposition in any spelling (bare, CBV 1.2 URN, CBV 2.0 Web URI) is matched as the
      // hub stores it, bare; a custom URI is kept as given.
      const vocabulary = list === "bizSteps" ? CbvVocabulary.BizStep : list === "dispositions" ? CbvVocabulary.Disposition : null;
      const given = vocabulary ? values.map((v) => toCbvShortName(vocabulary, v) ?? v) : values;
      filter[list] = filter[list] ? filter[list].filter((v) => given.includes(v)) : [...given];
    } else if (time) {
      const value = values[0] as string;
      if (values.length !== 1 || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
        throw new QueryParameterError(name, `'${name}' must be one date-time such as 2026-11-30T12:00:00Z; got ${JSON.stringify(values.join("|").slice(0, 40))}.`);
      }
      filter[time] = value;
    } else if (name === "MATCH_anyEPC") {
      if (values.length !== 1) throw new QueryParameterError(name, "'MATCH_anyEPC' takes one identifier here (an EPC URN, a GS1 Digital Link or a GS1 element string); patterns and lists are not supported.");
      if (filter.code && filter.code !== values[0]) throw new QueryParameterError(name, "'MATCH_anyEPC' names another identifier than the resource path.");
      filter.code = values[0] as string;
    } else {
      throw new QueryParameterError(name, `The query parameter '${name}' is not supported by this hub. Supported: ${SUPPORTED_QUERY_PARAMETERS.join(", ")}.`);
    }
  }
  return filter;
}

/** A named query's body (`query` of the REST binding's `POST /queries`): each parameter with its value or values. */
export function readQueryBody(query: Record<string, unknown>): EpcisQueryFilter {
  return readQueryParameters(
    Object.entries(query).map(([name, value]): [string, string[]] => {
      if (typeof value === "string") return [name, [value]];
      if (Array.isArray(value) && value.every((v) => typeof v === "string")) return [name, value as string[]];
      throw new QueryParameterError(name, `'${name}' must be a string or a list of strings.`);
    }),
  );
}
