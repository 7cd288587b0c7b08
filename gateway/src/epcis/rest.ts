import type { Principal } from "@tracehub/auth";
import { BIZ_STEPS, DISPOSITIONS, EPCIS_CONTEXT_URL, EpcisError, parseEpcisXml, toEpcisXml } from "@tracehub/epcis";
import { toDigitalLink } from "@tracehub/gs1";
import express from "express";
import type { Authentication } from "../authenticate";
import type { ExportDeps } from "../exports";
import { EpcisException, problemOfGraphql, sendProblem } from "./problem";
import { DEFAULT_PER_PAGE, EVENT_TYPE_NAMES, MAX_PER_PAGE, QueryParameterError, type RestEventFilter, nextPageQuery, readEventQuery } from "./query-params";
import { logLine } from "@tracehub/subgraph-kit/log";

/**
 * The EPCIS 2.0 REST binding under `/epcis` (GS1's openapi document, `../shared/conformance/epcis/schema/openapi.yaml`):
 * capture (`/capture`, in the background, and `/events` for one event), the events query with its standard
 * parameters and `nextPageToken` paging, and the top-level resources. Each request runs ordinary GraphQL
 * operations with the caller's principal, as `/exports` does, so a partner's system sees through the binding
 * exactly what it sees through GraphQL, under the same limits, and its captures are audited the same way.
 */

/** What the binding needs from the gateway. */
export interface EpcisRestDeps extends ExportDeps {
  /** Largest capture document, in bytes (the units service's capture limit). */
  maxCaptureBytes: number;
  /** Most events per capture document. */
  maxCaptureEvents: number;
}

/** The versions this binding speaks. */
const VERSION_HEADERS = { "GS1-EPCIS-Version": "2.0.0", "GS1-CBV-Version": "2.0.0", "GS1-EPCIS-Min": "2.0.0", "GS1-EPCIS-Max": "2.0.0", "GS1-CBV-Min": "2.0.0", "GS1-CBV-Max": "2.0.0" };
const JSON_TYPES = ["application/json", "application/ld+json"];
/** EPCIS 1.2 and 2.0 XML documents, read into the same JSON-LD model (the same hash IDs). */
const XML_TYPES = ["application/xml", "text/xml"];
const TOP_LEVEL = ["events", "eventTypes", "epcs", "bizSteps", "bizLocations", "readPoints", "dispositions", "capture", "queries"];
/** What the hub writes for `GS1-EPC-Format`, by the header's value. */
const EPC_FORMATS: Record<string, string> = {
  No_Preference: "NO_PREFERENCE",
  Always_GS1_Digital_Link: "ALWAYS_GS1_DIGITAL_LINK",
  Always_EPC_URN: "ALWAYS_EPC_URN",
  Never_Translates: "NEVER_TRANSLATES",
};

const SUBMIT = `mutation EpcisRestCapture($document: JSON!, $errorBehavior: CaptureErrorBehavior!) {
  submitCapture(document: $document, errorBehavior: $errorBehavior) { id }
}`;
const JOB_FIELDS = `id errorBehavior running success createdAt finishedAt eventCount processed stored duplicates rejected { eventIndex path message } failure { code reason message }`;
const JOB = `query EpcisRestCaptureJob($id: ID!) { captureJob(id: $id) { ${JOB_FIELDS} } }`;
const JOBS = `query EpcisRestCaptureJobs($first: Int!, $after: String) {
  captureJobs(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${JOB_FIELDS} } } }
}`;
const CAPTURE_ONE = `mutation EpcisRestCaptureEvent($document: JSON!) {
  captureEvents(document: $document, errorBehavior: ROLLBACK) { stored duplicates eventIds rejected { eventIndex path message } }
}`;
const PAGE = `query EpcisRestEvents($filter: EventFilter!, $first: Int!, $after: String, $epcFormat: EpcFormat) {
  epcisEventPage(filter: $filter, first: $first, after: $after, epcFormat: $epcFormat) { document hasNextPage endCursor }
}`;
const UNITS = `query EpcisRestEpcs($first: Int!, $after: String) { units(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`;

interface JobNode {
  id: string;
  errorBehavior: "ROLLBACK" | "PROCEED";
  running: boolean;
  success: boolean;
  createdAt: string;
  finishedAt: string | null;
  eventCount: number;
  processed: number;
  stored: number;
  duplicates: number;
  rejected: { eventIndex: number; path: string; message: string }[];
  failure: { code: string; reason: string | null; message: string } | null;
}

/** A capture job as the binding's `CaptureJob` document, with the hub's counts beside the standard fields. */
export function captureJobDocument(job: JobNode): Record<string, unknown> {
  const errors: Record<string, unknown>[] = [];
  if (job.failure) {
    const tooLarge = job.failure.code === "LIMIT_EXCEEDED";
    errors.push({ type: tooLarge ? EpcisException.CaptureLimitExceeded : EpcisException.Validation, title: tooLarge ? "The capture is larger than the hub takes at once" : "The document is not a valid EPCIS document", status: tooLarge ? 413 : 400, detail: job.failure.message });
  }
  for (const r of job.rejected) {
    errors.push({ type: EpcisException.Validation, title: `Event ${r.eventIndex} was refused`, status: 400, detail: `${r.path}: ${r.message}` });
  }
  return {
    captureID: job.id,
    createdAt: job.createdAt,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    running: job.running,
    success: job.success,
    captureErrorBehaviour: job.errorBehavior === "PROCEED" ? "proceed" : "rollback",
    errors,
    eventCount: job.eventCount,
    processedCount: job.processed,
    storedCount: job.stored,
    duplicateCount: job.duplicates,
    rejectedCount: job.rejected.length,
  };
}

/** The caller, or a problem answered (the binding has no anonymous access). */
function callerOrProblem(res: express.Response): Principal | null {
  const authentication = res.locals.authentication as Authentication | undefined;
  if (!authentication || authentication.kind === "anonymous") {
    res.setHeader("WWW-Authenticate", 'Bearer realm="tracehub", ApiKey realm="tracehub"');
    sendProblem(res, 401, EpcisException.Security, "Authentication required: send Authorization: Bearer <token> or ApiKey <key>.", "Unauthorised request");
    return null;
  }
  if (authentication.kind === "refused") {
    sendProblem(res, authentication.status === 403 ? 403 : 401, EpcisException.Security, authentication.message, authentication.status === 403 ? "Forbidden" : "Unauthorised request");
    return null;
  }
  return authentication.principal;
}

/** Refuses a request whose `Accept` admits none of the representations the binding answers. */
function acceptsJson(req: express.Request, res: express.Response): boolean {
  if (!req.header("accept") || req.accepts([...JSON_TYPES, "application/problem+json", ...XML_TYPES])) return true;
  sendProblem(res, 406, EpcisException.NotAcceptable, `This hub answers ${[...JSON_TYPES, ...XML_TYPES].join(", ")}.`);
  return false;
}

type Page<T> = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: T }[] };
type Subscription = { id: string; dest: string; createdAt: string; lastNotifiedAt: string | null; epcFormat: string; schedule: Record<string, string> | null; reportIfEmpty: boolean; minRecordTime: string | null };
const SUBSCRIPTION_FIELDS = "id dest createdAt lastNotifiedAt epcFormat schedule reportIfEmpty minRecordTime";

/** A query subscription as the binding's answer: a stream or a scheduled subscription (never its secret). */
function subscriptionDocument(s: Subscription): Record<string, unknown> {
  return {
    subscriptionID: s.id,
    dest: s.dest,
    createdAt: s.createdAt,
    ...(s.lastNotifiedAt ? { lastNotifiedAt: s.lastNotifiedAt } : {}),
    epcFormat: Object.entries(EPC_FORMATS).find(([, v]) => v === s.epcFormat)?.[0] ?? "Always_GS1_Digital_Link",
    ...(s.schedule ? { schedule: s.schedule, reportIfEmpty: s.reportIfEmpty, ...(s.minRecordTime ? { minRecordTime: s.minRecordTime } : {}) } : { stream: true }),
  };
}

const collection = (members: readonly string[]) => ({ "@context": EPCIS_CONTEXT_URL, type: "Collection", member: members });
const param = (req: express.Request, name: string) => req.params[name] as string;
const searchOf = (req: express.Request) => new URL(req.originalUrl, "http://hub").searchParams;

/** What a GraphQL error of a named query's operation is as a problem: a taken name, an invalid query or subscription. */
function queryProblem(error: { message: string; extensions?: Record<string, unknown> } | undefined, kind: "query" | "subscription" | "capture"): { status: number; type: string; detail: string } {
  const code = error?.extensions?.code;
  if (kind !== "capture" && code === "CONFLICT") return { status: 409, type: EpcisException.ResourceAlreadyExists, detail: error?.message ?? "" };
  if (kind !== "capture" && code === "BAD_USER_INPUT") return { status: 400, type: kind === "query" ? EpcisException.QueryValidation : EpcisException.SubscriptionControls, detail: error?.message ?? "" };
  return problemOfGraphql(error, kind === "capture" ? "capture" : "query");
}

/** The binding's router, to mount at `/epcis` after authentication and rate limiting. */
export function epcisRestRouter(deps: EpcisRestDeps): express.Router {
  const router = express.Router();
  const readJson = express.json({ limit: deps.maxCaptureBytes, type: JSON_TYPES });
  const readXml = express.raw({ limit: deps.maxCaptureBytes, type: XML_TYPES });

  /** A route for authenticated callers; what it throws goes to the router's error handler. */
  const as =
    (handler: (req: express.Request, res: express.Response, principal: Principal) => unknown): express.RequestHandler =>
    async (req, res, next) => {
      try {
        const principal = callerOrProblem(res);
        if (principal) await handler(req, res, principal);
      } catch (error) {
        next(error);
      }
    };

  /** Reads a body with `parser`; null when a problem was answered instead. */
  const bodyOf = (parser: express.RequestHandler, req: express.Request, res: express.Response) =>
    new Promise<unknown>((resolve) => {
      parser(req, res, (error?: unknown) => {
        if (error) {
          bodyProblem(res, error, deps.maxCaptureBytes);
          resolve(null);
        } else resolve(req.body ?? {});
      });
    });

  /** The JSON body of a request that must send JSON; null when a problem was answered. */
  const jsonBody = async (req: express.Request, res: express.Response, what: string): Promise<Record<string, unknown> | null> => {
    if (!req.is(JSON_TYPES)) {
      sendProblem(res, 415, EpcisException.UnsupportedMediaType, `Send ${what} as ${JSON_TYPES.join(" or ")}.`);
      return null;
    }
    const body = await bodyOf(readJson, req, res);
    if (body === null) return null;
    if (typeof body !== "object" || Array.isArray(body)) {
      sendProblem(res, 400, EpcisException.Validation, `Send ${what} as a JSON object.`);
      return null;
    }
    return body as Record<string, unknown>;
  };

  /** The capture body as a JSON-LD document: JSON as sent, XML converted; null when a problem was answered. */
  const captureDocument = async (req: express.Request, res: express.Response): Promise<unknown> => {
    const xml = Boolean(req.is(XML_TYPES));
    const body = await bodyOf(xml ? readXml : readJson, req, res);
    if (body === null || !xml) return body;
    try {
      return parseEpcisXml(body as Buffer, { limits: { maxBytes: deps.maxCaptureBytes, maxEvents: deps.maxCaptureEvents } });
    } catch (e) {
      if (!(e instanceof EpcisError)) throw e;
      sendProblem(res, 400, EpcisException.Validation, `The XML document was refused: ${e.message}`);
      return null;
    }
  };

  /** Runs an operation as the caller; a GraphQL error becomes the problem the binding answers (null then). */
  const run = async (req: express.Request, res: express.Response, principal: Principal, query: string, variables: Record<string, unknown>, kind: "capture" | "query" | "subscription") => {
    const result = await deps.execute(query, variables, await deps.contextOf(req, res, principal));
    if (result.errors?.length) {
      const p = queryProblem(result.errors[0], kind);
      sendProblem(res, p.status, p.type, p.detail);
      return null;
    }
    return result.data ?? null;
  };

  /** A paged list (`perPage`, `nextPageToken` in; the next page in `Link`): the connection at `field` of `query`. */
  const listed = async <T>(req: express.Request, res: express.Response, principal: Principal, query: string, field: string): Promise<T[] | null> => {
    const params = searchOf(req);
    const perPage = Number(params.get("perPage") ?? DEFAULT_PER_PAGE);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
      sendProblem(res, 400, EpcisException.QueryParameter, `'perPage' must be a whole number from 1 to ${MAX_PER_PAGE}.`);
      return null;
    }
    const data = await run(req, res, principal, query, { first: perPage, after: params.get("nextPageToken") }, "query");
    if (!data) return null;
    const page = data[field] as Page<T>;
    if (page.pageInfo.hasNextPage && page.pageInfo.endCursor) {
      res.set("Link", `<${req.baseUrl}${req.path}?${new URLSearchParams({ perPage: String(perPage), nextPageToken: page.pageInfo.endCursor }).toString()}>; rel="next"`);
    }
    return page.edges.map((e) => e.node);
  };

  /** The identifier format a request asks for (`GS1-EPC-Format`); null when a problem was answered. */
  const epcFormatOf = (req: express.Request, res: express.Response, type: string): string | null => {
    const format = EPC_FORMATS[req.header("GS1-EPC-Format")?.trim() ?? "Always_GS1_Digital_Link"];
    if (!format) sendProblem(res, 400, type, `GS1-EPC-Format must be one of ${Object.keys(EPC_FORMATS).join(", ")}.`);
    return format ?? null;
  };

  router.use((req, res, next) => {
    res.set(VERSION_HEADERS);
    if (req.method === "OPTIONS") return next();
    if (!acceptsJson(req, res)) return;
    next();
  });

  // Discovery: what each resource allows, the versions, and the capture limits.
  router.options(/.*/, (req, res) => {
    const path = req.path.replace(/\/+$/, "") || "/";
    const allow = ["/capture", "/events", "/queries"].includes(path) || path.endsWith("/subscriptions") ? "OPTIONS, GET, POST" : /^\/queries\/[^/]+(\/subscriptions\/[^/]+)?$/.test(path) ? "OPTIONS, GET, DELETE" : "OPTIONS, GET";
    res.set({ Allow: allow, "GS1-Vendor-Version": "tracehub-0.1.0" });
    if (path === "/capture") {
      res.set({ "GS1-EPCIS-Capture-Limit": String(deps.maxCaptureEvents), "GS1-EPCIS-Capture-File-Size-Limit": String(deps.maxCaptureBytes), "GS1-Capture-Error-Behaviour": "all" });
    }
    res.status(204).end();
  });

  router.get("/", as((_req, res) => res.json(collection(TOP_LEVEL))));

  router.post(
    "/capture",
    as(async (req, res, principal) => {
      if (!req.is([...JSON_TYPES, ...XML_TYPES])) return sendProblem(res, 415, EpcisException.UnsupportedMediaType, `Send the EPCISDocument as ${[...JSON_TYPES, ...XML_TYPES].join(", ")}.`);
      const behaviour = (req.header("GS1-Capture-Error-Behaviour") ?? "rollback").trim().toLowerCase();
      if (behaviour !== "rollback" && behaviour !== "proceed") return sendProblem(res, 400, EpcisException.Validation, "GS1-Capture-Error-Behaviour must be 'rollback' (the default) or 'proceed'.");
      const document = await captureDocument(req, res);
      if (document === null) return;
      const data = await run(req, res, principal, SUBMIT, { document, errorBehavior: behaviour.toUpperCase() }, "capture");
      if (!data) return;
      const id = (data.submitCapture as { id: string }).id;
      res.status(202).location(`${req.baseUrl}/capture/${id}`).json({ captureID: id });
    }),
  );

  router.get(
    "/capture",
    as(async (req, res, principal) => {
      const jobs = await listed<JobNode>(req, res, principal, JOBS, "captureJobs");
      if (jobs) res.json(jobs.map(captureJobDocument));
    }),
  );

  router.get(
    "/capture/:captureID",
    as(async (req, res, principal) => {
      const id = param(req, "captureID");
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return sendProblem(res, 404, EpcisException.NoSuchName, `No capture job ${id}.`);
      const data = await run(req, res, principal, JOB, { id }, "query");
      if (!data) return;
      const job = data.captureJob as JobNode | null;
      if (!job) return sendProblem(res, 404, EpcisException.NoSuchName, `No capture job ${id} of yours.`);
      res.json(captureJobDocument(job));
    }),
  );

  // One event, captured at once: 201 with the event's resource, or the problem.
  router.post(
    "/events",
    as(async (req, res, principal) => {
      const event = await jsonBody(req, res, "one EPCIS event");
      if (!event) return;
      const { "@context": context, ...rest } = event;
      const document = { "@context": context ?? EPCIS_CONTEXT_URL, type: "EPCISDocument", schemaVersion: "2.0", creationDate: new Date().toISOString(), epcisBody: { eventList: [rest] } };
      const data = await run(req, res, principal, CAPTURE_ONE, { document }, "capture");
      if (!data) return;
      const outcome = data.captureEvents as { eventIds: string[]; rejected: { path: string; message: string }[] };
      const [rejected] = outcome.rejected;
      if (rejected) return sendProblem(res, 400, EpcisException.Validation, `${rejected.path.replace("$.epcisBody.eventList[0]", "$")}: ${rejected.message}`);
      res.status(201).location(`${req.baseUrl}/events/${encodeURIComponent(outcome.eventIds[0] as string)}`).end();
    }),
  );

  /** Answers a page of events matching the query string and the path's own condition. */
  const events = (fixed: (req: express.Request) => RestEventFilter) =>
    as(async (req, res, principal) => {
      const params = searchOf(req);
      let query;
      try {
        query = readEventQuery(params, fixed(req));
      } catch (error) {
        if (error instanceof QueryParameterError) return sendProblem(res, 400, EpcisException.QueryParameter, error.message);
        throw error;
      }
      const epcFormat = epcFormatOf(req, res, EpcisException.QueryParameter);
      if (!epcFormat) return;
      const cbvFormat = req.header("GS1-CBV-Format");
      if (cbvFormat !== undefined && !["No_Preference", "Always_Bare_String", "Never_Translates"].includes(cbvFormat.trim())) {
        return sendProblem(res, 406, EpcisException.NotAcceptable, "This hub writes CBV values as bare strings (GS1-CBV-Format: Always_Bare_String or No_Preference); Web URIs are not offered.");
      }
      const data = await run(req, res, principal, PAGE, { filter: query.filter, first: query.perPage, after: query.nextPageToken, epcFormat }, "query");
      if (!data) return;
      const page = data.epcisEventPage as { document: Record<string, unknown>; hasNextPage: boolean; endCursor: string | null };
      if (page.hasNextPage && page.endCursor) res.set("Link", `<${req.baseUrl}${req.path}?${nextPageQuery(params, page.endCursor, query.perPage)}>; rel="next"`);
      res.set("GS1-EPC-Format", req.header("GS1-EPC-Format")?.trim() ?? "Always_GS1_Digital_Link");
      sendDocument(req, res, page.document);
    });

  router.get("/events", events(() => ({})));
  router.get(
    "/events/:eventID",
    as(async (req, res, principal) => {
      // A single event: its query document, or 404 when the caller sees no event of that id.
      const epcFormat = epcFormatOf(req, res, EpcisException.QueryParameter);
      if (!epcFormat) return;
      const data = await run(req, res, principal, PAGE, { filter: { eventIds: [param(req, "eventID")] }, first: 1, after: null, epcFormat }, "query");
      if (!data) return;
      const document = (data.epcisEventPage as { document: { epcisBody: { queryResults: { resultsBody: { eventList: unknown[] } } } } }).document;
      if (document.epcisBody.queryResults.resultsBody.eventList.length === 0) return sendProblem(res, 404, EpcisException.NoSuchName, `No event ${param(req, "eventID")} that you may see.`);
      sendDocument(req, res, document);
    }),
  );

  const isEventType = (req: express.Request) => (EVENT_TYPE_NAMES as readonly string[]).includes(param(req, "eventType"));
  router.get("/eventTypes", as((_req, res) => res.json(collection(EVENT_TYPE_NAMES))));
  router.get(
    "/eventTypes/:eventType",
    as((req, res) => (isEventType(req) ? res.json(collection(["events"])) : sendProblem(res, 404, EpcisException.NoSuchName, `No event type ${param(req, "eventType")}.`))),
  );
  const ofEventType = events((r) => ({ eventTypes: [param(r, "eventType")] }));
  router.get("/eventTypes/:eventType/events", (req, res, next) => {
    if (isEventType(req)) return ofEventType(req, res, next);
    if (callerOrProblem(res)) sendProblem(res, 404, EpcisException.NoSuchName, `No event type ${param(req, "eventType")}.`);
  });

  router.get("/bizSteps", as((_req, res) => res.json(collection(BIZ_STEPS))));
  router.get("/dispositions", as((_req, res) => res.json(collection(DISPOSITIONS))));
  for (const [resource, key] of [["bizSteps", "bizSteps"], ["dispositions", "dispositions"], ["bizLocations", "bizLocations"], ["readPoints", "readPoints"]] as const) {
    router.get(`/${resource}/:value`, as((_req, res) => res.json(collection(["events"]))));
    router.get(`/${resource}/:value/events`, events((req) => ({ [key]: [param(req, "value")] })));
  }
  // The locations a caller's organization registered (its scope's GLNs), as the hub's business locations and read points.
  const locations = as(async (req, res, principal) => {
    const context = (await deps.contextOf(req, res, principal)) as { principal?: Principal };
    res.json(collection((context.principal?.scope?.glns ?? []).map((gln) => toDigitalLink(`(414)${gln}`))));
  });
  router.get("/bizLocations", locations);
  router.get("/readPoints", locations);

  router.get(
    "/epcs",
    as(async (req, res, principal) => {
      const units = await listed<{ id: string }>(req, res, principal, UNITS, "units");
      if (units) res.json(collection(units.map((u) => u.id)));
    }),
  );
  router.get("/epcs/:epc", as((_req, res) => res.json(collection(["events"]))));
  router.get("/epcs/:epc/events", events((req) => ({ code: param(req, "epc") })));

  // Named queries (the caller's organization's) and their stream subscriptions.
  const noQuery = (req: express.Request, res: express.Response) => sendProblem(res, 404, EpcisException.NoSuchName, `Your organization has no query named ${param(req, "queryName")}.`);
  const subscriptionsOf = async (req: express.Request, res: express.Response, principal: Principal): Promise<Subscription[] | null> => {
    const data = await run(req, res, principal, `query($name: String!) { epcisQuery(name: $name) { subscriptions { ${SUBSCRIPTION_FIELDS} } } }`, { name: param(req, "queryName") }, "subscription");
    if (!data) return null;
    const query = data.epcisQuery as { subscriptions: Subscription[] } | null;
    if (!query) noQuery(req, res);
    return query?.subscriptions ?? null;
  };

  router.get(
    "/queries",
    as(async (req, res, principal) => {
      const queries = await listed<{ name: string; query: unknown }>(req, res, principal, `query($first: Int!, $after: String) { epcisQueries(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { name query } } } }`, "epcisQueries");
      if (queries) res.json(queries);
    }),
  );

  router.post(
    "/queries",
    as(async (req, res, principal) => {
      const body = await jsonBody(req, res, "{ name, query }");
      if (!body) return;
      if (typeof body.name !== "string" || !body.query || typeof body.query !== "object") return sendProblem(res, 400, EpcisException.QueryValidation, "Send { name: string, query: { EQ_bizStep: [...], ... } }.");
      const data = await run(req, res, principal, `mutation($name: String!, $query: JSON!) { createEpcisQuery(name: $name, query: $query) { name } }`, { name: body.name, query: body.query }, "query");
      if (data) res.status(201).location(`${req.baseUrl}/queries/${encodeURIComponent(body.name)}`).end();
    }),
  );

  router.get(
    "/queries/:queryName",
    as(async (req, res, principal) => {
      const data = await run(req, res, principal, `query($name: String!) { epcisQuery(name: $name) { name query } }`, { name: param(req, "queryName") }, "query");
      if (!data) return;
      if (!data.epcisQuery) return noQuery(req, res);
      res.json([data.epcisQuery]);
    }),
  );

  router.delete(
    "/queries/:queryName",
    as(async (req, res, principal) => {
      const data = await run(req, res, principal, `mutation($name: String!) { deleteEpcisQuery(name: $name) }`, { name: param(req, "queryName") }, "query");
      if (data) res.status(204).end();
    }),
  );

  router.get(
    "/queries/:queryName/events",
    as(async (req, res, principal) => {
      const params = searchOf(req);
      let paging;
      try {
        const other = [...params.keys()].find((k) => k !== "perPage" && k !== "nextPageToken");
        if (other) throw new QueryParameterError(other, `A named query's results take perPage and nextPageToken only; '${other}' belongs in the query.`);
        paging = readEventQuery(params);
      } catch (error) {
        if (error instanceof QueryParameterError) return sendProblem(res, 400, EpcisException.QueryParameter, error.message);
        throw error;
      }
      const epcFormat = epcFormatOf(req, res, EpcisException.QueryParameter);
      if (!epcFormat) return;
      const data = await run(
        req,
        res,
        principal,
        `query($name: String!, $first: Int, $after: String, $epcFormat: EpcFormat) { epcisQuery(name: $name) { results(first: $first, after: $after, epcFormat: $epcFormat) { document hasNextPage endCursor } } }`,
        { name: param(req, "queryName"), first: paging.perPage, after: paging.nextPageToken, epcFormat },
        "query",
      );
      if (!data) return;
      const query = data.epcisQuery as { results: { document: Record<string, unknown>; hasNextPage: boolean; endCursor: string | null } } | null;
      if (!query) return noQuery(req, res);
      if (query.results.hasNextPage && query.results.endCursor) res.set("Link", `<${req.baseUrl}${req.path}?${nextPageQuery(params, query.results.endCursor, paging.perPage)}>; rel="next"`);
      sendDocument(req, res, query.results.document);
    }),
  );

  router.get(
    "/queries/:queryName/subscriptions",
    as(async (req, res, principal) => {
      const subscriptions = await subscriptionsOf(req, res, principal);
      if (subscriptions) res.json(subscriptions.map(subscriptionDocument));
    }),
  );

  router.post(
    "/queries/:queryName/subscriptions",
    as(async (req, res, principal) => {
      const body = await jsonBody(req, res, "{ dest, signatureToken, stream: true } or { dest, signatureToken, schedule, reportIfEmpty }");
      if (!body) return;
      const scheduled = body.schedule !== undefined;
      if (scheduled === (body.stream === true)) return sendProblem(res, 400, EpcisException.SubscriptionControls, 'Give either a "schedule" (when to run the query) or "stream": true (every matching event as it is recorded).');
      if (scheduled && (!body.schedule || typeof body.schedule !== "object" || Array.isArray(body.schedule))) return sendProblem(res, 400, EpcisException.SubscriptionControls, "'schedule' must be an object (second, minute, hour, dayOfMonth, month, dayOfWeek).");
      if (typeof body.dest !== "string") return sendProblem(res, 400, EpcisException.SubscriptionControls, "'dest' must be the callback URL.");
      const epcFormat = epcFormatOf(req, res, EpcisException.SubscriptionControls);
      if (!epcFormat) return;
      const input = {
        dest: body.dest,
        ...(typeof body.signatureToken === "string" ? { signatureToken: body.signatureToken } : {}),
        epcFormat,
        ...(scheduled ? { schedule: body.schedule } : {}),
        ...(typeof body.reportIfEmpty === "boolean" ? { reportIfEmpty: body.reportIfEmpty } : {}),
        ...(typeof body.initialRecordTime === "string" ? { initialRecordTime: body.initialRecordTime } : {}),
      };
      const data = await run(req, res, principal, `mutation($name: String!, $input: SubscribeEpcisQueryInput!) { subscribeEpcisQuery(name: $name, input: $input) { subscription { ${SUBSCRIPTION_FIELDS} } } }`, { name: param(req, "queryName"), input }, "subscription");
      if (!data) return;
      const subscription = (data.subscribeEpcisQuery as { subscription: Subscription }).subscription;
      const location = `${req.protocol}://${req.get("host")}${req.baseUrl}/queries/${encodeURIComponent(param(req, "queryName"))}/subscriptions/${subscription.id}`;
      res.status(201).location(location).json(subscriptionDocument(subscription));
    }),
  );

  router.get(
    "/queries/:queryName/subscriptions/:subscriptionID",
    as(async (req, res, principal) => {
      const subscriptions = await subscriptionsOf(req, res, principal);
      if (!subscriptions) return;
      const found = subscriptions.find((s) => s.id === param(req, "subscriptionID"));
      if (!found) return sendProblem(res, 404, EpcisException.NoSuchName, `No subscription ${param(req, "subscriptionID")} of query ${param(req, "queryName")}.`);
      res.json(subscriptionDocument(found));
    }),
  );

  router.delete(
    "/queries/:queryName/subscriptions/:subscriptionID",
    as(async (req, res, principal) => {
      const data = await run(req, res, principal, `mutation($name: String!, $id: ID!) { unsubscribeEpcisQuery(name: $name, subscriptionId: $id) }`, { name: param(req, "queryName"), id: param(req, "subscriptionID") }, "subscription");
      if (data) res.status(204).end();
    }),
  );

  router.use((req, res) => {
    sendProblem(res, 404, EpcisException.NoSuchName, `No EPCIS resource ${req.method} ${req.baseUrl}${req.path}. The binding serves ${TOP_LEVEL.map((t) => `/${t}`).join(", ")}.`);
  });
  router.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    logLine("error", `[gateway] EPCIS REST request failed: ${error instanceof Error ? error.message : String(error)}`);
    sendProblem(res, 500, EpcisException.Implementation, "Internal error; it has been logged.");
  });
  return router;
}

/** A query document in the representation the client prefers: JSON-LD, or EPCIS 2.0 XML. */
function sendDocument(req: express.Request, res: express.Response, document: Record<string, unknown>): void {
  const preferred = req.header("accept") ? req.accepts([...JSON_TYPES, ...XML_TYPES]) : "application/ld+json";
  if (preferred && XML_TYPES.includes(preferred)) {
    res.type("application/xml").send(toEpcisXml(document));
    return;
  }
  res.type("application/ld+json").send(JSON.stringify(document));
}

/** The problem a body the binding could not read calls for. */
function bodyProblem(res: express.Response, error: unknown, limit: number): void {
  const type = (error as { type?: string }).type;
  if (type === "entity.too.large") return sendProblem(res, 413, EpcisException.CaptureLimitExceeded, `The body exceeds ${limit} bytes; split the document (GS1-EPCIS-Capture-File-Size-Limit).`);
  if (type === "entity.parse.failed") return sendProblem(res, 400, EpcisException.Validation, "The body is not valid JSON.");
  sendProblem(res, 400, EpcisException.Validation, `The body could not be read: ${(error as Error).message ?? "bad request"}.`);
}
