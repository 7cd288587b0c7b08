import type { Principal } from "@tracehub/auth";
import { BIZ_STEPS, DISPOSITIONS, EPCIS_CONTEXT_URL, EpcisError, parseEpcisXml, toEpcisXml } from "@tracehub/epcis";
import { toDigitalLink } from "@tracehub/gs1";
import express from "express";
import type { Authentication } from "../authenticate";
import type { ExportDeps } from "../exports";
import { EpcisException, problemOfGraphql, sendProblem } from "./problem";
import { EVENT_TYPE_NAMES, QueryParameterError, type RestEventFilter, nextPageQuery, readEventQuery } from "./query-params";

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

/** The binding's router, to mount at `/epcis` after authentication and rate limiting. */
export function epcisRestRouter(deps: EpcisRestDeps): express.Router {
  const router = express.Router();
  const readJson = express.json({ limit: deps.maxCaptureBytes, type: JSON_TYPES });
  const readXml = express.raw({ limit: deps.maxCaptureBytes, type: XML_TYPES });
  /** The capture body as a JSON-LD document: JSON as sent, XML converted (null when a problem was answered). */
  const readDocument = (req: express.Request, res: express.Response, then: (document: unknown) => Promise<void>, fail: (error: unknown) => void) => {
    const xml = Boolean(req.is(XML_TYPES));
    (xml ? readXml : readJson)(req, res, (error?: unknown) => {
      if (error) return bodyProblem(res, error, deps.maxCaptureBytes);
      let document: unknown = req.body;
      if (xml) {
        try {
          document = parseEpcisXml(req.body as Buffer, { limits: { maxBytes: deps.maxCaptureBytes, maxEvents: deps.maxCaptureEvents } });
        } catch (e) {
          if (e instanceof EpcisError) return sendProblem(res, 400, EpcisException.Validation, `The XML document was refused: ${e.message}`);
          return fail(e);
        }
      }
      then(document).catch(fail);
    });
  };

  router.use((req, res, next) => {
    res.set(VERSION_HEADERS);
    if (req.method === "OPTIONS") return next();
    if (!acceptsJson(req, res)) return;
    next();
  });

  /** Runs an operation as the caller; a GraphQL error becomes the problem the binding answers (null then). */
  async function run(req: express.Request, res: express.Response, principal: Principal, query: string, variables: Record<string, unknown>, kind: "capture" | "query") {
    const result = await deps.execute(query, variables, await deps.contextOf(req, res, principal));
    if (result.errors?.length) {
      const p = problemOfGraphql(result.errors[0], kind);
      sendProblem(res, p.status, p.type, p.detail);
      return null;
    }
    return result.data ?? null;
  }

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

  router.get("/", (_req, res) => {
    if (!callerOrProblem(res)) return;
    res.json({ "@context": EPCIS_CONTEXT_URL, type: "Collection", member: TOP_LEVEL });
  });

  router.post("/capture", async (req, res, next) => {
    try {
      const principal = callerOrProblem(res);
      if (!principal) return;
      if (!req.is([...JSON_TYPES, ...XML_TYPES])) return sendProblem(res, 415, EpcisException.UnsupportedMediaType, `Send the EPCISDocument as ${[...JSON_TYPES, ...XML_TYPES].join(", ")}.`);
      const behaviour = (req.header("GS1-Capture-Error-Behaviour") ?? "rollback").trim().toLowerCase();
      if (behaviour !== "rollback" && behaviour !== "proceed") {
        return sendProblem(res, 400, EpcisException.Validation, "GS1-Capture-Error-Behaviour must be 'rollback' (the default) or 'proceed'.");
      }
      readDocument(
        req,
        res,
        async (document) => {
          const data = await run(req, res, principal, SUBMIT, { document, errorBehavior: behaviour.toUpperCase() }, "capture");
          if (!data) return;
          const id = (data.submitCapture as { id: string }).id;
          res.status(202).location(`${req.baseUrl}/capture/${id}`).json({ captureID: id });
        },
        next,
      );
    } catch (error) {
      next(error);
    }
  });

  router.get("/capture", async (req, res, next) => {
    try {
      const principal = callerOrProblem(res);
      if (!principal) return;
      const params = new URL(req.originalUrl, "http://hub").searchParams;
      const perPage = Number(params.get("perPage") ?? 30);
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > 500) return sendProblem(res, 400, EpcisException.QueryParameter, "'perPage' must be a whole number from 1 to 500.");
      const data = await run(req, res, principal, JOBS, { first: perPage, after: params.get("nextPageToken") }, "query");
      if (!data) return;
      const page = data.captureJobs as { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: JobNode }[] };
      if (page.pageInfo.hasNextPage && page.pageInfo.endCursor) {
        res.set("Link", `<${req.baseUrl}/capture?${new URLSearchParams({ perPage: String(perPage), nextPageToken: page.pageInfo.endCursor }).toString()}>; rel="next"`);
      }
      res.json(page.edges.map((e) => captureJobDocument(e.node)));
    } catch (error) {
      next(error);
    }
  });

  router.get("/capture/:captureID", async (req, res, next) => {
    try {
      const principal = callerOrProblem(res);
      if (!principal) return;
      const id = req.params.captureID as string;
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return sendProblem(res, 404, EpcisException.NoSuchName, `No capture job ${id}.`);
      const data = await run(req, res, principal, JOB, { id }, "query");
      if (!data) return;
      const job = data.captureJob as JobNode | null;
      if (!job) return sendProblem(res, 404, EpcisException.NoSuchName, `No capture job ${id} of yours.`);
      res.json(captureJobDocument(job));
    } catch (error) {
      next(error);
    }
  });

  // One event, captured at once: 201 with the event's resource, or the problem.
  router.post("/events", async (req, res, next) => {
    try {
      const principal = callerOrProblem(res);
      if (!principal) return;
      if (!req.is(JSON_TYPES)) return sendProblem(res, 415, EpcisException.UnsupportedMediaType, `Send the event as ${JSON_TYPES.join(" or ")}.`);
      readJson(req, res, async (error?: unknown) => {
        try {
          if (error) return bodyProblem(res, error, deps.maxCaptureBytes);
          const event = req.body as Record<string, unknown>;
          if (!event || typeof event !== "object" || Array.isArray(event)) return sendProblem(res, 400, EpcisException.Validation, "Send one EPCIS event as a JSON object.");
          const { "@context": context, ...rest } = event;
          const document = { "@context": context ?? EPCIS_CONTEXT_URL, type: "EPCISDocument", schemaVersion: "2.0", creationDate: new Date().toISOString(), epcisBody: { eventList: [rest] } };
          const data = await run(req, res, principal, CAPTURE_ONE, { document }, "capture");
          if (!data) return;
          const outcome = data.captureEvents as { eventIds: string[]; rejected: { path: string; message: string }[] };
          const [rejected] = outcome.rejected;
          if (rejected) return sendProblem(res, 400, EpcisException.Validation, `${rejected.path.replace("$.epcisBody.eventList[0]", "$")}: ${rejected.message}`);
          const id = outcome.eventIds[0] as string;
          res.status(201).location(`${req.baseUrl}/events/${encodeURIComponent(id)}`).end();
        } catch (e) {
          next(e);
        }
      });
    } catch (error) {
      next(error);
    }
  });

  /** Answers a page of events matching the query string and the path's own condition. */
  const events = (fixed: (req: express.Request) => RestEventFilter) => async (req: express.Request, res: express.Response, next: express.NextFunction) => {
    try {
      const principal = callerOrProblem(res);
      if (!principal) return;
      const params = new URL(req.originalUrl, "http://hub").searchParams;
      let query;
      try {
        query = readEventQuery(params, fixed(req));
      } catch (error) {
        if (error instanceof QueryParameterError) return sendProblem(res, 400, EpcisException.QueryParameter, error.message);
        throw error;
      }
      const formatHeader = req.header("GS1-EPC-Format");
      const epcFormat = formatHeader === undefined ? "ALWAYS_GS1_DIGITAL_LINK" : EPC_FORMATS[formatHeader.trim()];
      if (!epcFormat) return sendProblem(res, 400, EpcisException.QueryParameter, `GS1-EPC-Format must be one of ${Object.keys(EPC_FORMATS).join(", ")}.`);
      const cbvFormat = req.header("GS1-CBV-Format");
      if (cbvFormat !== undefined && !["No_Preference", "Always_Bare_String", "Never_Translates"].includes(cbvFormat.trim())) {
        return sendProblem(res, 406, EpcisException.NotAcceptable, "This hub writes CBV values as bare strings (GS1-CBV-Format: Always_Bare_String or No_Preference); Web URIs are not offered.");
      }
      const data = await run(req, res, principal, PAGE, { filter: query.filter, first: query.perPage, after: query.nextPageToken, epcFormat }, "query");
      if (!data) return;
      const page = data.epcisEventPage as { document: Record<string, unknown>; hasNextPage: boolean; endCursor: string | null };
      if (page.hasNextPage && page.endCursor) res.set("Link", `<${req.baseUrl}${req.path}?${nextPageQuery(params, page.endCursor, query.perPage)}>; rel="next"`);
      res.set("GS1-EPC-Format", formatHeader?.trim() ?? "Always_GS1_Digital_Link");
      sendDocument(req, res, page.document);
    } catch (error) {
      next(error);
    }
  };
  const param = (req: express.Request, name: string) => req.params[name] as string;

  router.get("/events", events(() => ({})));
  router.get("/events/:eventID", async (req, res, next) => {
    // A single event: its query document, or 404 when the caller sees no event of that id.
    const principal = callerOrProblem(res);
    if (!principal) return;
    try {
      const data = await run(req, res, principal, PAGE, { filter: { eventIds: [param(req, "eventID")] }, first: 1, after: null, epcFormat: EPC_FORMATS[req.header("GS1-EPC-Format")?.trim() ?? ""] ?? "ALWAYS_GS1_DIGITAL_LINK" }, "query");
      if (!data) return;
      const document = (data.epcisEventPage as { document: { epcisBody: { queryResults: { resultsBody: { eventList: unknown[] } } } } }).document;
      if (document.epcisBody.queryResults.resultsBody.eventList.length === 0) return sendProblem(res, 404, EpcisException.NoSuchName, `No event ${param(req, "eventID")} that you may see.`);
      sendDocument(req, res, document);
    } catch (error) {
      next(error);
    }
  });

  const collection = (members: readonly string[]) => ({ "@context": EPCIS_CONTEXT_URL, type: "Collection", member: members });
  router.get("/eventTypes", (_req, res) => {
    if (callerOrProblem(res)) res.json(collection(EVENT_TYPE_NAMES));
  });
  router.get("/eventTypes/:eventType", (req, res) => {
    if (!callerOrProblem(res)) return;
    if (!(EVENT_TYPE_NAMES as readonly string[]).includes(param(req, "eventType"))) return sendProblem(res, 404, EpcisException.NoSuchName, `No event type ${param(req, "eventType")}.`);
    res.json(collection(["events"]));
  });
  router.get("/eventTypes/:eventType/events", (req, res, next) => {
    if (!(EVENT_TYPE_NAMES as readonly string[]).includes(param(req, "eventType"))) {
      if (callerOrProblem(res)) sendProblem(res, 404, EpcisException.NoSuchName, `No event type ${param(req, "eventType")}.`);
      return;
    }
    return events((r) => ({ eventTypes: [param(r, "eventType")] }))(req, res, next);
  });

  router.get("/bizSteps", (_req, res) => {
    if (callerOrProblem(res)) res.json(collection(BIZ_STEPS));
  });
  router.get("/dispositions", (_req, res) => {
    if (callerOrProblem(res)) res.json(collection(DISPOSITIONS));
  });
  for (const [resource, key] of [["bizSteps", "bizSteps"], ["dispositions", "dispositions"], ["bizLocations", "bizLocations"], ["readPoints", "readPoints"]] as const) {
    router.get(`/${resource}/:value`, (req, res) => {
      if (callerOrProblem(res)) res.json(collection(["events"]));
    });
    router.get(`/${resource}/:value/events`, events((req) => ({ [key]: [param(req, "value")] })));
  }
  // The locations a caller's organization registered (its scope's GLNs), as the hub's business locations and read points.
  const locations = async (req: express.Request, res: express.Response, next: express.NextFunction) => {
    try {
      const principal = callerOrProblem(res);
      if (!principal) return;
      const context = (await deps.contextOf(req, res, principal)) as { principal?: Principal };
      const glns = context.principal?.scope?.glns ?? [];
      res.json(collection(glns.map((gln) => toDigitalLink(`(414)${gln}`))));
    } catch (error) {
      next(error);
    }
  };
  router.get("/bizLocations", locations);
  router.get("/readPoints", locations);

  router.get("/epcs", async (req, res, next) => {
    try {
      const principal = callerOrProblem(res);
      if (!principal) return;
      const params = new URL(req.originalUrl, "http://hub").searchParams;
      const perPage = Number(params.get("perPage") ?? 30);
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > 500) return sendProblem(res, 400, EpcisException.QueryParameter, "'perPage' must be a whole number from 1 to 500.");
      const data = await run(req, res, principal, UNITS, { first: perPage, after: params.get("nextPageToken") }, "query");
      if (!data) return;
      const page = data.units as { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string } }[] };
      if (page.pageInfo.hasNextPage && page.pageInfo.endCursor) {
        res.set("Link", `<${req.baseUrl}/epcs?${new URLSearchParams({ perPage: String(perPage), nextPageToken: page.pageInfo.endCursor }).toString()}>; rel="next"`);
      }
      res.json(collection(page.edges.map((e) => e.node.id)));
    } catch (error) {
      next(error);
    }
  });
  router.get("/epcs/:epc", (req, res) => {
    if (callerOrProblem(res)) res.json(collection(["events"]));
  });
  router.get("/epcs/:epc/events", events((req) => ({ code: param(req, "epc") })));

  // Named queries (the caller's organization's) and their stream subscriptions.
  const queryProblem = (res: express.Response, error: { message: string; extensions?: Record<string, unknown> } | undefined, kind: "query" | "subscription") => {
    const code = error?.extensions?.code;
    if (code === "CONFLICT") return sendProblem(res, 409, EpcisException.ResourceAlreadyExists, error?.message);
    if (code === "BAD_USER_INPUT") return sendProblem(res, 400, kind === "query" ? EpcisException.QueryValidation : EpcisException.SubscriptionControls, error?.message);
    const p = problemOfGraphql(error, "query");
    return sendProblem(res, p.status, p.type, p.detail);
  };
  const runOrProblem = async (req: express.Request, res: express.Response, principal: Principal, query: string, variables: Record<string, unknown>, kind: "query" | "subscription") => {
    const result = await deps.execute(query, variables, await deps.contextOf(req, res, principal));
    if (result.errors?.length) {
      queryProblem(res, result.errors[0], kind);
      return null;
    }
    return result.data ?? null;
  };
  const subscriptionDocument = (s: { id: string; dest: string; createdAt: string; lastNotifiedAt: string | null; epcFormat: string }) => ({
    subscriptionID: s.id,
    dest: s.dest,
    createdAt: s.createdAt,
    ...(s.lastNotifiedAt ? { lastNotifiedAt: s.lastNotifiedAt } : {}),
    epcFormat: Object.entries(EPC_FORMATS).find(([, v]) => v === s.epcFormat)?.[0] ?? "Always_GS1_Digital_Link",
    stream: true,
  });
  const SUBSCRIPTION_FIELDS = "id dest createdAt lastNotifiedAt epcFormat";

  router.get("/queries", async (req, res, next) => {
    try {
      const principal = callerOrProblem(res);
      if (!principal) return;
      const params = new URL(req.originalUrl, "http://hub").searchParams;
      const perPage = Number(params.get("perPage") ?? 30);
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > 500) return sendProblem(res, 400, EpcisException.QueryParameter, "'perPage' must be a whole number from 1 to 500.");
      const data = await runOrProblem(req, res, principal, `query($first: Int!, $after: String) { epcisQueries(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { name query } } } }`, { first: perPage, after: params.get("nextPageToken") }, "query");
      if (!data) return;
      const page = data.epcisQueries as { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { name: string; query: unknown } }[] };
      if (page.pageInfo.hasNextPage && page.pageInfo.endCursor) res.set("Link", `<${req.baseUrl}/queries?${new URLSearchParams({ perPage: String(perPage), nextPageToken: page.pageInfo.endCursor }).toString()}>; rel="next"`);
      res.json(page.edges.map((e) => e.node));
    } catch (error) {
      next(error);
    }
  });

  router.post("/queries", async (req, res, next) => {
    try {
      const principal = callerOrProblem(res);
      if (!principal) return;
      if (!req.is(JSON_TYPES)) return sendProblem(res, 415, EpcisException.UnsupportedMediaType, "Send { name, query } as application/json.");
      readJson(req, res, async (error?: unknown) => {
        try {
          if (error) return bodyProblem(res, error, deps.maxCaptureBytes);
          const body = req.body as { name?: unknown; query?: unknown } | null;
          if (!body || typeof body.name !== "string" || !body.query || typeof body.query !== "object") return sendProblem(res, 400, EpcisException.QueryValidation, "Send { name: string, query: { EQ_bizStep: [...], ... } }.");
          const data = await runOrProblem(req, res, principal, `mutation($name: String!, $query: JSON!) { createEpcisQuery(name: $name, query: $query) { name } }`, { name: body.name, query: body.query }, "query");
          if (!data) return;
          res.status(201).location(`${req.baseUrl}/queries/${encodeURIComponent(body.name)}`).end();
        } catch (e) {
          next(e);
        }
      });
    } catch (error) {
      next(error);
    }
  });

  router.get("/queries/:queryName", async (req, res, next) => {
    try {
      const principal = callerOrProblem(res);
      if (!principal) return;
      const data = await runOrProblem(req, res, principal, `query($name: String!) { epcisQuery(name: $name) { name query } }`, { name: param(req, "queryName") }, "query");
      if (!data) return;
      if (!data.epcisQuery) return sendProblem(res, 404, EpcisException.NoSuchName, `Your organization has no query named ${param(req, "queryName")}.`);
      res.json([data.epcisQuery]);
    } catch (error) {
      next(error);
    }
  });

  router.delete("/queries/:queryName", async (req, res, next) => {
    try {
      const principal = callerOrProblem(res);
      if (!principal) return;
      const data = await runOrProblem(req, res, principal, `mutation($name: String!) { deleteEpcisQuery(name: $name) }`, { name: param(req, "queryName") }, "query");
      if (data) res.status(204).end();
    } catch (error) {
      next(error);
    }
  });

  router.get("/queries/:queryName/events", async (req, res, next) => {
    try {
      const principal = callerOrProblem(res);
      if (!principal) return;
      const params = new URL(req.originalUrl, "http://hub").searchParams;
      let paging;
      try {
        paging = readEventQuery(new URLSearchParams([...params].filter(([k]) => k === "perPage" || k === "nextPageToken")));
        const other = [...params.keys()].find((k) => k !== "perPage" && k !== "nextPageToken");
        if (other) throw new QueryParameterError(other, `A named query's results take perPage and nextPageToken only; '${other}' belongs in the query.`);
      } catch (error) {
        if (error instanceof QueryParameterError) return sendProblem(res, 400, EpcisException.QueryParameter, error.message);
        throw error;
      }
      const epcFormat = EPC_FORMATS[req.header("GS1-EPC-Format")?.trim() ?? "Always_GS1_Digital_Link"];
      if (!epcFormat) return sendProblem(res, 400, EpcisException.QueryParameter, `GS1-EPC-Format must be one of ${Object.keys(EPC_FORMATS).join(", ")}.`);
      const data = await runOrProblem(
        req,
        res,
        principal,
        `query($name: String!, $first: Int, $after: String, $epcFormat: EpcFormat) { epcisQuery(name: $name) { results(first: $first, after: $after, epcFormat: $epcFormat) { document hasNextPage endCursor } } }`,
        { name: param(req, "queryName"), first: paging.perPage, after: paging.nextPageToken, epcFormat },
        "query",
      );
      if (!data) return;
      const query = data.epcisQuery as { results: { document: Record<string, unknown>; hasNextPage: boolean; endCursor: string | null } } | null;
      if (!query) return sendProblem(res, 404, EpcisException.NoSuchName, `Your organization has no query named ${param(req, "queryName")}.`);
      if (query.results.hasNextPage && query.results.endCursor) res.set("Link", `<${req.baseUrl}${req.path}?${nextPageQuery(params, query.results.endCursor, paging.perPage)}>; rel="next"`);
      sendDocument(req, res, query.results.document);
    } catch (error) {
      next(error);
    }
  });

  router.get("/queries/:queryName/subscriptions", async (req, res, next) => {
    try {
      const principal = callerOrProblem(res);
      if (!principal) return;
      const data = await runOrProblem(req, res, principal, `query($name: String!) { epcisQuery(name: $name) { subscriptions { ${SUBSCRIPTION_FIELDS} } } }`, { name: param(req, "queryName") }, "subscription");
      if (!data) return;
      const query = data.epcisQuery as { subscriptions: Parameters<typeof subscriptionDocument>[0][] } | null;
      if (!query) return sendProblem(res, 404, EpcisException.NoSuchName, `Your organization has no query named ${param(req, "queryName")}.`);
      res.json(query.subscriptions.map(subscriptionDocument));
    } catch (error) {
      next(error);
    }
  });

  router.post("/queries/:queryName/subscriptions", async (req, res, next) => {
    try {
      const principal = callerOrProblem(res);
      if (!principal) return;
      if (!req.is(JSON_TYPES)) return sendProblem(res, 415, EpcisException.UnsupportedMediaType, "Send { dest, signatureToken, stream: true } as application/json.");
      readJson(req, res, async (error?: unknown) => {
        try {
          if (error) return bodyProblem(res, error, deps.maxCaptureBytes);
          const body = (req.body ?? {}) as { dest?: unknown; signatureToken?: unknown; stream?: unknown; schedule?: unknown };
          if (body.schedule !== undefined) return sendProblem(res, 400, EpcisException.SubscriptionControls, "Scheduled subscriptions are not offered; subscribe with \"stream\": true to receive every matching event as it is recorded.");
          if (body.stream !== true) return sendProblem(res, 400, EpcisException.SubscriptionControls, "Set \"stream\": true (a subscription to every matching event as it is recorded).");
          if (typeof body.dest !== "string") return sendProblem(res, 400, EpcisException.SubscriptionControls, "'dest' must be the callback URL.");
          const epcFormat = EPC_FORMATS[req.header("GS1-EPC-Format")?.trim() ?? "Always_GS1_Digital_Link"];
          if (!epcFormat) return sendProblem(res, 400, EpcisException.SubscriptionControls, `GS1-EPC-Format must be one of ${Object.keys(EPC_FORMATS).join(", ")}.`);
          const data = await runOrProblem(
            req,
            res,
            principal,
            `mutation($name: String!, $input: SubscribeEpcisQueryInput!) { subscribeEpcisQuery(name: $name, input: $input) { subscription { ${SUBSCRIPTION_FIELDS} } } }`,
            { name: param(req, "queryName"), input: { dest: body.dest, ...(typeof body.signatureToken === "string" ? { signatureToken: body.signatureToken } : {}), epcFormat } },
            "subscription",
          );
          if (!data) return;
          const subscription = (data.subscribeEpcisQuery as { subscription: Parameters<typeof subscriptionDocument>[0] }).subscription;
          const location = `${req.protocol}://${req.get("host")}${req.baseUrl}/queries/${encodeURIComponent(param(req, "queryName"))}/subscriptions/${subscription.id}`;
          res.status(201).location(location).json(subscriptionDocument(subscription));
        } catch (e) {
          next(e);
        }
      });
    } catch (error) {
      next(error);
    }
  });

  router.get("/queries/:queryName/subscriptions/:subscriptionID", async (req, res, next) => {
    try {
      const principal = callerOrProblem(res);
      if (!principal) return;
      const data = await runOrProblem(req, res, principal, `query($name: String!) { epcisQuery(name: $name) { subscriptions { ${SUBSCRIPTION_FIELDS} } } }`, { name: param(req, "queryName") }, "subscription");
      if (!data) return;
      const found = (data.epcisQuery as { subscriptions: Parameters<typeof subscriptionDocument>[0][] } | null)?.subscriptions.find((s) => s.id === param(req, "subscriptionID"));
      if (!found) return sendProblem(res, 404, EpcisException.NoSuchName, `No subscription ${param(req, "subscriptionID")} of query ${param(req, "queryName")}.`);
      res.json(subscriptionDocument(found));
    } catch (error) {
      next(error);
    }
  });

  router.delete("/queries/:queryName/subscriptions/:subscriptionID", async (req, res, next) => {
    try {
      const principal = callerOrProblem(res);
      if (!principal) return;
      const data = await runOrProblem(req, res, principal, `mutation($name: String!, $id: ID!) { unsubscribeEpcisQuery(name: $name, subscriptionId: $id) }`, { name: param(req, "queryName"), id: param(req, "subscriptionID") }, "subscription");
      if (data) res.status(204).end();
    } catch (error) {
      next(error);
    }
  });
  router.use((req, res) => {
    sendProblem(res, 404, EpcisException.NoSuchName, `No EPCIS resource ${req.method} ${req.baseUrl}${req.path}. The binding serves ${TOP_LEVEL.map((t) => `/${t}`).join(", ")}.`);
  });
  router.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    console.error("[gateway] EPCIS REST request failed:", error instanceof Error ? error.message : String(error));
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
