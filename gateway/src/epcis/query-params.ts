/**
 * The EPCIS 2.0 REST binding's query string (`GET /events?EQ_bizStep=shipping|receiving&GE_eventTime=...`), read
 * into the hub's `EventFilter`. Parameters the hub answers exactly are taken; the binding's others are refused by
 * name (a query silently answered without one of its conditions would be a wrong answer, not a partial one).
 */

/** The hub's event filter (GraphQL `EventFilter`), as far as the binding fills it. */
export interface RestEventFilter {
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

/** What a query string asks: the filter, and the paging. */
export interface RestQuery {
  filter: RestEventFilter;
  perPage: number;
  nextPageToken: string | null;
}

/** Events per page unless `perPage` says otherwise, and the most. */
export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 500;

/** The five EPCIS event types. */
export const EVENT_TYPE_NAMES = ["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"] as const;

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

/** A refused query string: which parameter, and why. */
export class QueryParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

/** One value of a pipe-delimited list parameter (the binding's `style: pipeDelimited`). */
function listOf(name: string, value: string): string[] {
  const items = value.split("|").map((v) => v.trim());
  if (items.some((v) => v === "")) throw new QueryParameterError(name, `'${name}' has an empty value; separate values with '|'.`);
  return items;
}

/**
 * Reads a query string. `fixed` are conditions of the resource path (`/bizSteps/shipping/events`), which a query
 * parameter of the same kind narrows further but cannot widen.
 */
export function readEventQuery(params: URLSearchParams, fixed: RestEventFilter = {}): RestQuery {
  const filter: RestEventFilter = { ...fixed };
  let perPage = DEFAULT_PER_PAGE;
  let nextPageToken: string | null = null;
  const seen = new Set<string>();
  for (const [name, value] of params) {
    if (seen.has(name)) throw new QueryParameterError(name, `'${name}' is given twice; give several values in one parameter, separated by '|'.`);
    seen.add(name);
    const list = LISTS[name];
    const time = TIMES[name];
    if (list) {
      const values = listOf(name, value);
      if (list === "eventTypes") {
        const unknown = values.filter((v) => !(EVENT_TYPE_NAMES as readonly string[]).includes(v));
        if (unknown.length) throw new QueryParameterError(name, `'eventType' takes ${EVENT_TYPE_NAMES.join(", ")}; got ${unknown.join(", ")}.`);
      }
      const narrowed = filter[list] ? filter[list].filter((v) => values.includes(v)) : values;
      filter[list] = narrowed;
    } else if (time) {
      if (Number.isNaN(Date.parse(value)) || !/T/.test(value)) throw new QueryParameterError(name, `'${name}' must be a date-time such as 2026-11-30T12:00:00Z; got ${JSON.stringify(value.slice(0, 40))}.`);
      filter[time] = value;
    } else if (name === "MATCH_anyEPC") {
      const values = listOf(name, value);
      if (values.length !== 1) throw new QueryParameterError(name, "'MATCH_anyEPC' takes one identifier here (an EPC URN, a GS1 Digital Link or a GS1 element string); patterns and lists are not supported.");
      if (filter.code && filter.code !== values[0]) throw new QueryParameterError(name, "'MATCH_anyEPC' names another identifier than the resource path.");
      filter.code = values[0] as string;
    } else if (name === "perPage") {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > MAX_PER_PAGE) throw new QueryParameterError(name, `'perPage' must be a whole number from 1 to ${MAX_PER_PAGE}.`);
      perPage = n;
    } else if (name === "nextPageToken") {
      if (value === "" || value.length > 1024) throw new QueryParameterError(name, "'nextPageToken' must be the token a 'Link' header of an earlier page gave.");
      nextPageToken = value;
    } else {
      throw new QueryParameterError(name, `The query parameter '${name}' is not supported by this hub. Supported: ${[...Object.keys(LISTS), ...Object.keys(TIMES), "MATCH_anyEPC", "perPage", "nextPageToken"].join(", ")}.`);
    }
  }
  return { filter, perPage, nextPageToken };
}

/** The query string of the next page: the same conditions, the page size, and the token. */
export function nextPageQuery(params: URLSearchParams, token: string, perPage: number): string {
  const next = new URLSearchParams();
  for (const [name, value] of params) if (name !== "nextPageToken" && name !== "perPage") next.append(name, value);
  next.set("perPage", String(perPage));
  next.set("nextPageToken", token);
  return next.toString();
}
