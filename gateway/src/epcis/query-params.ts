import { type EpcisQueryFilter, QUERY_EVENT_TYPES, QueryParameterError, readQueryParameters } from "@tracehub/epcis";

/**
 * The EPCIS 2.0 REST binding's query string (`GET /events?EQ_bizStep=shipping|receiving&GE_eventTime=...`): paging
 * here, the conditions read by `@tracehub/epcis` (the same reading as a named query's body), each parameter once,
 * several values separated by `|` (the binding's `style: pipeDelimited`).
 */

/** The hub's event filter, as far as the binding fills it. */
export type RestEventFilter = EpcisQueryFilter;
export { QueryParameterError };

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
export const EVENT_TYPE_NAMES = QUERY_EVENT_TYPES;

/** Reads a query string; `fixed` are conditions of the resource path, which parameters narrow but cannot widen. */
export function readEventQuery(params: URLSearchParams, fixed: RestEventFilter = {}): RestQuery {
  let perPage = DEFAULT_PER_PAGE;
  let nextPageToken: string | null = null;
  const seen = new Set<string>();
  const conditions: [string, string[]][] = [];
  for (const [name, value] of params) {
    if (seen.has(name)) throw new QueryParameterError(name, `'${name}' is given twice; give several values in one parameter, separated by '|'.`);
    seen.add(name);
    if (name === "perPage") {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > MAX_PER_PAGE) throw new QueryParameterError(name, `'perPage' must be a whole number from 1 to ${MAX_PER_PAGE}.`);
      perPage = n;
    } else if (name === "nextPageToken") {
      if (value === "" || value.length > 1024) throw new QueryParameterError(name, "'nextPageToken' must be the token a 'Link' header of an earlier page gave.");
      nextPageToken = value;
    } else {
      conditions.push([name, value.split("|").map((v) => v.trim())]);
    }
  }
  return { filter: readQueryParameters(conditions, fixed), perPage, nextPageToken };
}

/** The query string of the next page: the same conditions, the page size, and the token. */
export function nextPageQuery(params: URLSearchParams, token: string, perPage: number): string {
  const next = new URLSearchParams();
  for (const [name, value] of params) if (name !== "nextPageToken" && name !== "perPage") next.append(name, value);
  next.set("perPage", String(perPage));
  next.set("nextPageToken", token);
  return next.toString();
}
