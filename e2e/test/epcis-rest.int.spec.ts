import { readFileSync, readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { verifyWebhookSignature } from "@tracehub/auth";
import { documentHashIds, eventsOf, parseEpcisXml, validateEpcisDocument } from "@tracehub/epcis";
import { type TestHub, startHub } from "@tracehub/testkit";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import OpenAPIBackend, { type Operation, SetMatchType } from "openapi-backend";
import { parse as parseYaml } from "yaml";

// Issue 13: the EPCIS 2.0 REST binding under /epcis, as partners' systems call it. Every response is checked with
// a maintained OpenAPI validator (openapi-backend) against GS1's openapi document in ../shared/conformance, and every
// EPCIS document in a response against the official EPCIS JSON Schema.
const SHARED = path.resolve(__dirname, "../../../shared/conformance/epcis");
const EXAMPLES = path.join(SHARED, "examples");
/** XML twins of a hash vector document (13 events of four types), written for @tracehub/epcis's XML tests. */
const XML_FIXTURES = path.resolve(__dirname, "../../packages/epcis/src/__tests__/fixtures/xml");
const XML_TWIN_OF = path.join(SHARED, "hash/epcisDocWithVariousEventTypes.jsonld");
const CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
const GTIN = "09506000134352";
const GLN = "9506000000015";

/**
 * GS1's openapi document, made checkable offline. What changes is only what a validator needs, never a rule:
 * - operations get ids (`GET /events`), which openapi-backend keys its validators by;
 * - references to GS1's JSON Schema stubs on gs1.github.io (EPCIS documents and events, CBV values) are left open
 *   here, because this test checks those bodies against the official EPCIS JSON Schema itself (below);
 * - openapi-backend validates `application/json` bodies only, so problem bodies (`application/problem+json`) are
 *   given to it under that name too;
 * - `CaptureJob` says `oneOf` of `{ errors }` and `{ errorFile }` without requiring either, which no object can
 *   satisfy (every object matches both branches); it is read as the prose says: one of the two is present;
 * - the `Link` header's schema is `format: uri` while its value is a link (`<uri>; rel="next"`, RFC 8288), which the
 *   test checks by parsing it;
 * - the GET operations that take query parameters, and `POST /queries`, declare no 400, though the binding's answer
 *   to a parameter or query it cannot take is a QueryParameterException or QueryValidationException
 *   (`400QueryIssues`): they get that response;
 * - `POST /queries/{name}/subscriptions` declares no 400 though its GET declares `400SubscriptionIssues`, the answer
 *   to a subscription it cannot make: the POST gets it too;
 * - the schedule fields' patterns (cron syntax) use PCRE recursion (`\g<element>`), which JavaScript regular
 *   expressions cannot express: those patterns are left out (the hub takes no schedules anyway);
 * - the 409 response's problem says `status` is 406 (a copy of the 406 response's schema); it is read as 409.
 */
function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

function checkableSpec(): Record<string, any> {
  const spec = parseYaml(readFileSync(path.join(SHARED, "schema/openapi.yaml"), "utf8")) as Record<string, any>;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== "object") return node;
    const object = node as Record<string, unknown>;
    if (typeof object.$ref === "string" && !object.$ref.startsWith("#")) return {};
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(object)) {
      if (key === "example" || key === "examples") continue;
      if (key === "pattern" && typeof value === "string" && !compiles(value)) continue;
      out[key] = walk(value);
    }
    return out;
  };
  const checkable = walk(spec) as Record<string, any>;
  for (const [p, item] of Object.entries(checkable.paths as Record<string, Record<string, any>>)) {
    for (const [method, operation] of Object.entries(item)) {
      if (method === "parameters") continue;
      operation.operationId = `${method.toUpperCase()} ${p}`;
    }
  }
  const problemAsJson = (response: any) => {
    if (response?.content?.["application/problem+json"] && !response.content["application/json"]) response.content["application/json"] = response.content["application/problem+json"];
  };
  for (const response of Object.values(checkable.components.responses as Record<string, any>)) problemAsJson(response);
  for (const item of Object.values(checkable.paths as Record<string, Record<string, any>>)) {
    for (const operation of Object.values(item)) for (const response of Object.values((operation?.responses ?? {}) as Record<string, any>)) problemAsJson(response);
  }
  for (const [p, item] of Object.entries(checkable.paths as Record<string, Record<string, any>>)) {
    const get = item.get;
    if (get && (p.endsWith("/events") || p === "/capture" || p === "/epcs" || p === "/queries") && !get.responses["400"]) get.responses["400"] = checkable.components.responses["400QueryIssues"];
  }
  checkable.paths["/queries"].post.responses["400"] = checkable.components.responses["400QueryIssues"];
  checkable.paths["/queries/{queryName}/subscriptions"].post.responses["400"] ??= checkable.components.responses["400SubscriptionIssues"];
  for (const content of Object.values(checkable.components.responses["409ResourceAlreadyExistsException"].content as Record<string, any>)) content.schema.allOf[0].properties.status.enum = [409];
  const job = checkable.components.schemas.CaptureJob;
  job.allOf[1].oneOf[0].required = ["errors"];
  job.allOf[1].oneOf[1].required = ["errorFile"];
  checkable.components.schemas.Link = { type: "string" };
  return checkable;
}

/** What a query subscriber received: each request's body, raw text, GS1-Signature and path. */
interface Received {
  body: any;
  raw: string;
  signature: string | undefined;
  path: string;
}

/** A subscriber's callback server on a free loopback port, noting every request and answering 204. */
async function subscriber(): Promise<{ received: Received[]; url: (path: string) => string; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      received.push({ body: JSON.parse(raw), raw, signature: req.headers["gs1-signature"] as string | undefined, path: req.url ?? "" });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { received, url: (path) => `http://127.0.0.1:${port}${path}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A response read once, with what the checks need. */
interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

describe("the EPCIS 2.0 REST binding through the gateway", () => {
  let hub: TestHub;
  let base: string;
  let operator: string;
  let brand: string;
  let rival: string;
  let brandKey: string;
  let api: OpenAPIBackend;
  const officialSchema = (() => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    return ajv.compile(JSON.parse(readFileSync(path.join(SHARED, "schema/EPCIS-JSON-Schema.json"), "utf8")) as object);
  })();
  const validated: string[] = [];

  /** Calls the binding; checks the answer against the openapi document (status, headers, body) before returning it. */
  async function call(method: string, url: string, init: { token?: string | null; apiKey?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.apiKey) headers.authorization = `ApiKey ${init.apiKey}`;
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
      headers["content-type"] ??= "application/ld+json";
    }
    const res = await fetch(`${base}/epcis${url}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    const contentType = res.headers.get("content-type") ?? "";
    const json = /json/.test(contentType) && text ? JSON.parse(text) : null;
    const answer = { status: res.status, headers: res.headers, text, json };
    check(method, url, answer);
    return answer;
  }

  function check(method: string, url: string, answer: Answer): void {
    const pathOnly = new URL(url, "http://hub").pathname;
    const operation = api.matchOperation({ method, path: pathOnly, headers: {}, query: {} }) as Operation | undefined;
    if (!operation) throw new Error(`${method} ${pathOnly} is not an operation of the openapi document`);
    const declared = Object.keys(operation.responses ?? {});
    // 429 (rate limit) is not declared by the binding; nothing here provokes it.
    expect({ operation: operation.operationId, status: String(answer.status), declared: declared.includes(String(answer.status)) }).toEqual({ operation: operation.operationId, status: String(answer.status), declared: true });
    if (answer.status === 204) return;
    if (/xml/.test(answer.headers.get("content-type") ?? "")) {
      // The validator reads JSON bodies only: an XML answer is read back as EPCIS (below, in the test) instead.
      validated.push(`${operation.operationId} ${answer.status} (xml)`);
      return;
    }
    const result = api.validateResponse(answer.json, operation, answer.status);
    expect({ operation: operation.operationId, status: answer.status, errors: result.errors ?? null }).toEqual({ operation: operation.operationId, status: answer.status, errors: null });
    const headers = Object.fromEntries(answer.headers.entries());
    const headerResult = api.validateResponseHeaders(headers, operation, { statusCode: answer.status, setMatchType: SetMatchType.Any });
    expect({ operation: operation.operationId, headers: headerResult.errors ?? null }).toEqual({ operation: operation.operationId, headers: null });
    if (answer.status >= 400) {
      expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(answer.json).toMatchObject({ type: expect.stringMatching(/^epcisException:/), title: expect.any(String), status: answer.status });
    }
    if (answer.json && (answer.json.type === "EPCISQueryDocument" || answer.json.type === "EPCISDocument")) {
      expect({ schema: officialSchema(answer.json), errors: officialSchema.errors ?? null }).toEqual({ schema: true, errors: null });
    }
    const link = answer.headers.get("link");
    if (link) expect(link).toMatch(/^<\/epcis\/[^>]+>; rel="next"$/);
    validated.push(`${operation.operationId} ${answer.status}`);
  }

  /** Polls a capture job until it ends. */
  async function finished(location: string, token: string): Promise<any> {
    const started = Date.now();
    for (;;) {
      const job = await call("GET", location.replace(/^\/epcis/, ""), { token });
      expect(job.status).toBe(200);
      if (!job.json.running) return job.json;
      if (Date.now() - started > 60_000) throw new Error(`capture job ${location} still running after 60 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const doc = (events: Record<string, unknown>[]) => ({ "@context": [CONTEXT], type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2026-11-01T00:00:00Z", epcisBody: { eventList: events } });
  const observe = (serial: string, at: string, extra: Record<string, unknown> = {}) => ({
    type: "ObjectEvent",
    eventTime: at,
    eventTimeZoneOffset: "+00:00",
    epcList: [`https://id.gs1.org/01/${GTIN}/21/${serial}`],
    action: "OBSERVE",
    bizStep: "shipping",
    disposition: "in_transit",
    readPoint: { id: `https://id.gs1.org/414/${GLN}` },
    ...extra,
  });

  beforeAll(async () => {
    hub = await startHub();
    base = hub.url.replace(/\/graphql$/, "");
    api = new OpenAPIBackend({ definition: checkableSpec() as never, strict: false, validate: true, quick: true, customizeAjv: (ajv) => (addFormats(ajv as never), ajv) });
    await api.init();
    operator = await hub.token({ roles: ["operator"] });
    const brandOrg = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const rivalOrg = await hub.seed.organization({ name: "Brand B", kind: "BRAND_OWNER", companyPrefixes: ["5412345"] });
    await hub.seed.location(brandOrg, GLN, "Warehouse");
    brand = await hub.token({ sub: "brand", org: brandOrg, roles: ["brand_owner", "admin"] });
    rival = await hub.token({ sub: "rival", org: rivalOrg, roles: ["brand_owner"] });
    await hub.seed.product(GTIN, "Tablets");
    const key = await hub.query<any>(`mutation { createApiKey(input: { name: "wms", scopes: [READ, CAPTURE] }) { key } }`, {}, brand);
    expect(key.errors).toBeUndefined();
    brandKey = key.data.createApiKey.key;
  });
  afterAll(() => hub?.stop());

  it("announces itself: versions, the capture limits, and the top-level resources", async () => {
    const options = await call("OPTIONS", "/capture", { token: brand });
    expect(options.status).toBe(204);
    expect(options.headers.get("gs1-epcis-capture-limit")).toBe("10000");
    expect(options.headers.get("gs1-epcis-capture-file-size-limit")).toBe(String(16 * 1024 * 1024));
    expect(options.headers.get("gs1-capture-error-behaviour")).toBe("all");
    expect(options.headers.get("gs1-epcis-version")).toBe("2.0.0");
    const root = await call("GET", "/", { token: brand });
    expect(root.json.member).toEqual(expect.arrayContaining(["events", "capture", "eventTypes", "epcs", "bizSteps", "bizLocations", "readPoints", "dispositions", "queries"]));
    expect((await call("GET", "/eventTypes", { token: brand })).json.member).toEqual(["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"]);
    expect((await call("GET", "/bizSteps", { token: brand })).json.member).toContain("shipping");
    expect((await call("GET", "/dispositions", { token: brand })).json.member).toContain("in_transit");
    expect((await call("GET", "/bizLocations", { token: brand })).json.member).toEqual([`https://id.gs1.org/414/${GLN}`]);
    expect((await call("GET", "/readPoints", { token: rival })).json.member).toEqual([]);
  });

  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".jsonld") || f.endsWith(".json"));
  const valid = files.filter((f) => validateEpcisDocument(JSON.parse(readFileSync(path.join(EXAMPLES, f), "utf8"))).valid);

  it.each(valid)("captures the official example %s through /capture with the hash IDs GraphQL gives it", async (file) => {
    const example = JSON.parse(readFileSync(path.join(EXAMPLES, file), "utf8"));
    const count = eventsOf(example).length;
    const accepted = await call("POST", "/capture", { token: operator, body: example, headers: { "GS1-Capture-Error-Behaviour": "rollback" } });
    expect(accepted.status).toBe(202);
    const location = accepted.headers.get("location") as string;
    expect(location).toMatch(/^\/epcis\/capture\/[0-9a-f-]{36}$/);
    const job = await finished(location, operator);
    expect(job).toMatchObject({ running: false, success: true, captureErrorBehaviour: "rollback", errors: [], eventCount: count, processedCount: count, rejectedCount: 0 });
    expect(job.storedCount + job.duplicateCount).toBe(count);
    // The same document through GraphQL is all duplicates: the hub stored the events under the same CBV 2.0 hashes.
    const again = await hub.query<any>(`mutation($d: JSON!) { captureEvents(document: $d) { stored duplicates rejected { message } } }`, { d: example }, operator);
    expect(again.data.captureEvents).toEqual({ stored: 0, duplicates: count, rejected: [] });
    // And the events it stored carry exactly the example's CBV 2.0 hash IDs.
    const ids = (await hub.query<any>(`mutation($d: JSON!) { captureEvents(document: $d) { eventIds } }`, { d: example }, operator)).data.captureEvents.eventIds;
    const read = await hub.query<any>(`query($ids: [String!]) { events(first: 500, filter: { eventIds: $ids }) { edges { node { hashId } } } }`, { ids }, operator);
    const stored = new Set(read.data.events.edges.map((e: any) => e.node.hashId));
    for (const hash of documentHashIds(example)) expect(stored).toContain(hash);
  });

  it("captures EPCIS 2.0 and 1.2 XML with the hash IDs of their JSON-LD twin, and answers queries in XML", async () => {
    const twin = JSON.parse(readFileSync(XML_TWIN_OF, "utf8"));
    const count = eventsOf(twin).length;
    const xml2 = readFileSync(path.join(XML_FIXTURES, "various-event-types-2.0.xml"), "utf8");
    const accepted = await call("POST", "/capture", { token: operator, body: xml2, headers: { "content-type": "application/xml" } });
    expect(accepted.status).toBe(202);
    const job = await finished(accepted.headers.get("location") as string, operator);
    expect(job).toMatchObject({ success: true, eventCount: count, storedCount: count, duplicateCount: 0 });
    // The JSON-LD twin, and the 1.2 XML twin, are the same events: all duplicates.
    const json = await hub.query<any>(`mutation($d: JSON!) { captureEvents(document: $d) { stored duplicates eventIds } }`, { d: twin }, operator);
    expect(json.data.captureEvents).toMatchObject({ stored: 0, duplicates: count });
    const xml12 = readFileSync(path.join(XML_FIXTURES, "various-event-types-1.2.xml"), "utf8");
    const again = await finished((await call("POST", "/capture", { token: operator, body: xml12, headers: { "content-type": "text/xml" } })).headers.get("location") as string, operator);
    expect(again).toMatchObject({ success: true, eventCount: count, storedCount: 0, duplicateCount: count });
    // Read back as XML: the same hash IDs again.
    const ids = json.data.captureEvents.eventIds as string[];
    const asXml = await call("GET", `/events?EQ_eventID=${encodeURIComponent(ids.join("|"))}&perPage=50`, { token: operator, headers: { accept: "application/xml" } });
    expect(asXml.status).toBe(200);
    expect(asXml.headers.get("content-type")).toMatch(/^application\/xml/);
    expect(new Set(documentHashIds(parseEpcisXml(asXml.text)))).toEqual(new Set(documentHashIds(twin)));
    // Broken XML, and XML that is not EPCIS, change nothing.
    const broken = await call("POST", "/capture", { token: operator, body: "<epcis:EPCISDocument xmlns:epcis=\"urn:epcglobal:epcis:xsd:2\"><EPCISBody>", headers: { "content-type": "application/xml" } });
    expect(broken).toMatchObject({ status: 400, json: { type: "epcisException:ValidationException" } });
    const xxe = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2">&x;</epcis:EPCISDocument>`;
    expect((await call("POST", "/capture", { token: operator, body: xxe, headers: { "content-type": "application/xml" } })).status).toBe(400);
  });

  it("answers a body it cannot take with a problem and stores nothing", async () => {
    const before = (await hub.query<any>(`{ events(first: 1) { totalCount } }`, {}, brand)).data.events.totalCount;
    const notJson = await call("POST", "/capture", { token: brand, body: "{ not json", headers: { "content-type": "application/json" } });
    expect(notJson).toMatchObject({ status: 400, json: { type: "epcisException:ValidationException" } });
    const notEpcis = await call("POST", "/capture", { token: brand, body: { type: "EPCISDocument", hello: "world" } });
    expect(notEpcis.status).toBe(400);
    expect(notEpcis.json.detail).toMatch(/eventList/);
    const text = await call("POST", "/capture", { token: brand, body: "a,b,c", headers: { "content-type": "text/csv" } });
    expect(text).toMatchObject({ status: 415, json: { type: "epcisException:UnsupportedMediaTypeException" } });
    const behaviour = await call("POST", "/capture", { token: brand, body: doc([observe("X1", "2026-11-01T10:00:00Z")]), headers: { "GS1-Capture-Error-Behaviour": "sometimes" } });
    expect(behaviour.status).toBe(400);
    const tooMany = doc(Array.from({ length: 10_001 }, (_, i) => observe(`T${i}`, "2026-11-01T10:00:00Z")));
    const large = await call("POST", "/capture", { token: brand, body: tooMany });
    expect(large).toMatchObject({ status: 413, json: { type: "epcisException:CaptureLimitExceededException" } });
    expect(large.json.detail).toMatch(/10,?000/);
    const anonymous = await call("POST", "/capture", { body: doc([observe("X1", "2026-11-01T10:00:00Z")]) });
    expect(anonymous).toMatchObject({ status: 401, json: { type: "epcisException:SecurityException" } });
    const forged = await call("GET", "/events", { token: `${brand.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(401);
    const html = await call("GET", "/events", { token: brand, headers: { accept: "text/html" } });
    expect(html).toMatchObject({ status: 406, json: { type: "epcisException:NotAcceptableException" } });
    expect((await hub.query<any>(`{ events(first: 1) { totalCount } }`, {}, brand)).data.events.totalCount).toBe(before);
  });

  it("rolls a document with one bad event back whole, and with 'proceed' stores the good ones", async () => {
    const bad = doc([observe("R1", "2026-11-02T10:00:00Z"), observe("R2", "2026-11-02T10:01:00Z", { bizStep: "not_a_step" }), observe("R3", "2026-11-02T10:02:00Z")]);
    const rollback = await finished((await call("POST", "/capture", { token: brand, body: bad })).headers.get("location") as string, brand);
    expect(rollback).toMatchObject({ running: false, success: false, captureErrorBehaviour: "rollback", storedCount: 0, rejectedCount: 1 });
    expect(rollback.errors[0]).toMatchObject({ type: "epcisException:ValidationException", status: 400, detail: expect.stringContaining("$.epcisBody.eventList[1].bizStep") });
    const count = async () => (await hub.query<any>(`query($c: String!) { events(first: 1, filter: { code: $c }) { totalCount } }`, { c: `https://id.gs1.org/01/${GTIN}/21/R1` }, brand)).data.events.totalCount;
    expect(await count()).toBe(0);
    const proceed = await call("POST", "/capture", { token: brand, body: bad, headers: { "GS1-Capture-Error-Behaviour": "proceed" } });
    const job = await finished(proceed.headers.get("location") as string, brand);
    expect(job).toMatchObject({ success: false, captureErrorBehaviour: "proceed", storedCount: 2, rejectedCount: 1 });
    expect(await count()).toBe(1);
  });

  it("captures a large document in steps, with progress, and lists the caller's own jobs only", async () => {
    const events = Array.from({ length: 2_500 }, (_, i) => observe(`L${i}`, `2026-11-03T10:00:${String(i % 60).padStart(2, "0")}Z`));
    const accepted = await call("POST", "/capture", { apiKey: brandKey, body: doc(events), headers: { "GS1-Capture-Error-Behaviour": "proceed" } });
    expect(accepted.status).toBe(202);
    const job = await finished(accepted.headers.get("location") as string, brand);
    expect(job).toMatchObject({ success: true, eventCount: 2_500, processedCount: 2_500, storedCount: 2_500 });
    const mine = await call("GET", "/capture?perPage=2", { token: brand });
    expect(mine.json).toHaveLength(2);
    expect(mine.json[0].captureID).toBe(job.captureID);
    expect(mine.headers.get("link")).toContain("nextPageToken=");
    const next = await call("GET", (mine.headers.get("link") as string).slice(1, -13).replace(/^\/epcis/, ""), { token: brand });
    expect(next.json.map((j: any) => j.captureID)).not.toContain(job.captureID);
    // Another company sees neither the job nor its events.
    expect((await call("GET", `/capture/${job.captureID}`, { token: rival })).status).toBe(404);
    expect((await call("GET", "/capture", { token: rival })).json).toEqual([]);
    expect((await call("GET", `/epcs/${encodeURIComponent(`https://id.gs1.org/01/${GTIN}/21/L1`)}/events`, { token: rival })).json.epcisBody.queryResults.resultsBody.eventList).toEqual([]);
  });

  it("answers the events query with the standard parameters, page by page through the Link header", async () => {
    const shipped = doc(Array.from({ length: 7 }, (_, i) => observe(`Q${i}`, `2026-11-04T10:0${i}:00Z`)));
    const receiving = doc([observe("Q0", "2026-11-05T09:00:00Z", { bizStep: "receiving", disposition: "in_progress" })]);
    for (const d of [shipped, receiving]) await finished((await call("POST", "/capture", { token: brand, body: d })).headers.get("location") as string, brand);
    const window = "GE_eventTime=2026-11-04T00:00:00Z&LT_eventTime=2026-11-06T00:00:00Z";
    let url: string | null = `/events?${window}&EQ_bizStep=shipping|receiving&perPage=3`;
    const seen: string[] = [];
    let pages = 0;
    while (url) {
      const page = await call("GET", url, { apiKey: brandKey });
      expect(page.status).toBe(200);
      pages++;
      seen.push(...page.json.epcisBody.queryResults.resultsBody.eventList.map((e: any) => `${e.bizStep}:${e.epcList[0].split("/21/")[1]}`));
      const link = page.headers.get("link");
      url = link ? link.slice(1, link.indexOf(">")).replace(/^\/epcis/, "") : null;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...Array.from({ length: 7 }, (_, i) => `shipping:Q${i}`), "receiving:Q0"]);
    const receivingOnly = await call("GET", `/bizSteps/receiving/events?${window}`, { token: brand });
    expect(receivingOnly.json.epcisBody.queryResults.resultsBody.eventList).toHaveLength(1);
    // The same business step as a CBV 1.2 URN and as a CBV 2.0 Web URI (issue 14: every CBV spelling is accepted).
    for (const step of ["urn:epcglobal:cbv:bizstep:receiving", "https://ref.gs1.org/cbv/BizStep-receiving"]) {
      const spelled = await call("GET", `/events?${window}&EQ_bizStep=${encodeURIComponent(step)}`, { token: brand });
      expect(spelled.json.epcisBody.queryResults.resultsBody.eventList.map((e: any) => e.bizStep)).toEqual(["receiving"]);
    }
    const q0 = await call("GET", `/epcs/${encodeURIComponent(`https://id.gs1.org/01/${GTIN}/21/Q0`)}/events`, { token: brand });
    expect(q0.json.epcisBody.queryResults.resultsBody.eventList.map((e: any) => e.bizStep)).toEqual(["shipping", "receiving"]);
    const urns = await call("GET", `/events?MATCH_anyEPC=${encodeURIComponent(`https://id.gs1.org/01/${GTIN}/21/Q1`)}`, { token: brand, headers: { "GS1-EPC-Format": "Always_EPC_URN" } });
    expect(urns.json.epcisBody.queryResults.resultsBody.eventList[0].epcList).toEqual(["urn:epc:id:sgtin:9506000.013435.Q1"]);
    const typed = await call("GET", `/eventTypes/ObjectEvent/events?${window}&EQ_disposition=in_progress`, { token: brand });
    expect(typed.json.epcisBody.queryResults.resultsBody.eventList).toHaveLength(1);
    expect((await call("GET", "/eventTypes/NoSuchEvent/events", { token: brand })).status).toBe(404);
    const byLocation = await call("GET", `/readPoints/${encodeURIComponent(`https://id.gs1.org/414/${GLN}`)}/events?${window}&perPage=50`, { token: brand });
    expect(byLocation.json.epcisBody.queryResults.resultsBody.eventList).toHaveLength(8);
  });

  it("refuses parameters it cannot answer exactly, rather than answering without them", async () => {
    const unsupported = await call("GET", "/events?MATCH_epcClass=urn:epc:class:lgtin:9506000.013435.L1", { token: brand });
    expect(unsupported).toMatchObject({ status: 400, json: { type: "epcisException:QueryParameterException" } });
    expect(unsupported.json.detail).toContain("MATCH_epcClass");
    expect((await call("GET", "/events?GE_eventTime=yesterday", { token: brand })).status).toBe(400);
    expect((await call("GET", "/events?perPage=0", { token: brand })).status).toBe(400);
    expect((await call("GET", "/events?eventType=Nonsense", { token: brand })).status).toBe(400);
    expect((await call("GET", "/events?nextPageToken=forged", { token: brand })).status).toBe(400);
    expect((await call("GET", "/events", { token: brand, headers: { "GS1-EPC-Format": "Sometimes" } })).status).toBe(400);
  });

  it("captures one event at POST /events and serves it at its own resource", async () => {
    const event = { "@context": [CONTEXT], ...observe("E1", "2026-11-06T10:00:00Z"), eventID: "urn:uuid:2c3d1e9a-5a57-4c8f-9d8e-0d3c6c1f0a11" };
    const created = await call("POST", "/events", { token: brand, body: event });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/epcis/events/${encodeURIComponent(event.eventID)}`);
    const read = await call("GET", `/events/${encodeURIComponent(event.eventID)}`, { token: brand });
    expect(read.json.epcisBody.queryResults.resultsBody.eventList).toHaveLength(1);
    expect((await call("GET", `/events/${encodeURIComponent(event.eventID)}`, { token: rival })).status).toBe(404);
    const invalid = await call("POST", "/events", { token: brand, body: { ...event, eventID: undefined, bizStep: "dancing" } });
    expect(invalid).toMatchObject({ status: 400, json: { type: "epcisException:ValidationException" } });
    expect(invalid.json.detail).toContain("bizStep");
    const foreign = await call("POST", "/events", { token: rival, body: { ...observe("E2", "2026-11-06T10:00:00Z") } });
    expect(foreign.status).toBe(400);
  });

  it("lists the units a caller may see as /epcs", async () => {
    const first = await call("GET", "/epcs?perPage=5", { token: brand });
    expect(first.json.member).toHaveLength(5);
    expect(first.headers.get("link")).toContain("nextPageToken");
    expect((await call("GET", "/epcs", { token: rival })).json.member).toEqual([]);
  });

  it("stores named queries, answers their results, and streams new matching events to a subscriber, signed", async () => {
    const { received, url, close } = await subscriber();
    const dest = url("/callback");
    try {
      const json = { "content-type": "application/json" };
      const query = { EQ_bizStep: ["shipping"], MATCH_anyEPC: [`https://id.gs1.org/01/${GTIN}/21/NQ1`] };
      const created = await call("POST", "/queries", { token: brand, body: { name: "shipped-nq1", query }, headers: json });
      expect(created.status).toBe(201);
      expect(created.headers.get("location")).toBe("/epcis/queries/shipped-nq1");
      expect((await call("POST", "/queries", { token: brand, body: { name: "shipped-nq1", query }, headers: json })).json).toMatchObject({ status: 409, type: "epcisException:ResourceAlreadyExistsException" });
      const unsupported = await call("POST", "/queries", { token: brand, body: { name: "by-quantity", query: { EQ_quantity: 3 } }, headers: json });
      expect(unsupported).toMatchObject({ status: 400, json: { type: "epcisException:QueryValidationException" } });
      expect((await call("GET", "/queries", { token: brand })).json).toEqual([{ name: "shipped-nq1", query }]);
      expect((await call("GET", "/queries/shipped-nq1", { token: brand })).json).toEqual([{ name: "shipped-nq1", query }]);
      expect((await call("GET", "/queries/shipped-nq1", { token: rival })).status).toBe(404);
      expect((await call("GET", "/queries", { token: rival })).json).toEqual([]);

      for (const bad of [{ schedule: { hour: "1" }, stream: true }, { schedule: { hour: "25" } }, {}, { stream: true, reportIfEmpty: true }]) {
        const refused = await call("POST", "/queries/shipped-nq1/subscriptions", { token: brand, body: { dest, signatureToken: "a-shared-secret-of-the-client", ...bad }, headers: json });
        expect(refused).toMatchObject({ status: 400, json: { type: "epcisException:SubscriptionControlsException" } });
      }
      const subscribed = await call("POST", "/queries/shipped-nq1/subscriptions", { token: brand, body: { dest, signatureToken: "a-shared-secret-of-the-client", stream: true }, headers: json });
      expect(subscribed.status).toBe(201);
      expect(subscribed.json).toMatchObject({ dest, stream: true, subscriptionID: expect.any(String) });
      expect(subscribed.headers.get("location")).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/epcis/queries/shipped-nq1/subscriptions/${subscribed.json.subscriptionID}$`));
      expect(subscribed.text).not.toContain("a-shared-secret-of-the-client");

      const events = [observe("NQ1", "2026-11-07T10:00:00Z"), observe("NQ1", "2026-11-07T11:00:00Z", { bizStep: "receiving" }), observe("NQ2", "2026-11-07T12:00:00Z")];
      const captured = await hub.query<any>(`mutation($d: JSON!) { captureEvents(document: $d) { stored } }`, { d: doc(events) }, brand);
      expect(captured.data.captureEvents.stored).toBe(3);
      const [delivery] = await (async () => {
        const started = Date.now();
        while (received.length === 0 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50));
        return received;
      })();
      if (!delivery) throw new Error("the subscriber was sent nothing");
      expect(verifyWebhookSignature("a-shared-secret-of-the-client", delivery.signature, delivery.raw).ok).toBe(true);
      expect(delivery.body).toMatchObject({ type: "EPCISQueryDocument", epcisBody: { queryResults: { queryName: "shipped-nq1", subscriptionID: subscribed.json.subscriptionID } } });
      expect(delivery.body.epcisBody.queryResults.resultsBody.eventList.map((e: any) => [e.bizStep, e.epcList[0]])).toEqual([["shipping", `https://id.gs1.org/01/${GTIN}/21/NQ1`]]);
      expect(officialSchema(delivery.body)).toBe(true);

      const results = await call("GET", "/queries/shipped-nq1/events", { token: brand });
      expect(results.json.epcisBody.queryResults.resultsBody.eventList).toHaveLength(1);
      expect(results.json.epcisBody.queryResults.queryName).toBe("shipped-nq1");
      const listed = await call("GET", "/queries/shipped-nq1/subscriptions", { token: brand });
      expect(listed.json).toEqual([expect.objectContaining({ subscriptionID: subscribed.json.subscriptionID, lastNotifiedAt: expect.any(String) })]);
      expect((await call("GET", `/queries/shipped-nq1/subscriptions/${subscribed.json.subscriptionID}`, { token: rival })).status).toBe(404);
      expect((await call("DELETE", `/queries/shipped-nq1/subscriptions/${subscribed.json.subscriptionID}`, { token: rival })).status).toBe(404);
      expect((await call("DELETE", `/queries/shipped-nq1/subscriptions/${subscribed.json.subscriptionID}`, { token: brand })).status).toBe(204);
      expect((await call("DELETE", "/queries/shipped-nq1", { token: brand })).status).toBe(204);
      expect((await call("GET", "/queries/shipped-nq1/events", { token: brand })).status).toBe(404);
    } finally {
      await close();
    }
  });

  it("runs scheduled subscriptions: what was recorded since the last run, and an empty report when asked for", async () => {
    const { received, url, close } = await subscriber();
    const base = url("");
    const json = { "content-type": "application/json" };
    try {
      expect((await call("POST", "/queries", { token: brand, body: { name: "received-sq", query: { EQ_bizStep: ["receiving"], MATCH_anyEPC: [`https://id.gs1.org/01/${GTIN}/21/SQ1`] } }, headers: json })).status).toBe(201);
      expect((await call("POST", "/queries", { token: brand, body: { name: "nothing-sq", query: { EQ_bizStep: ["destroying"], MATCH_anyEPC: [`https://id.gs1.org/01/${GTIN}/21/SQ-NONE`] } }, headers: json })).status).toBe(201);
      // Every second (UTC), so that the test need not wait for a real schedule.
      const every = { second: "[0-59]" };
      const scheduled = await call("POST", "/queries/received-sq/subscriptions", { token: brand, body: { dest: `${base}/scheduled`, signatureToken: "another-shared-secret-1", schedule: every }, headers: json });
      expect(scheduled.status).toBe(201);
      expect(scheduled.json).toMatchObject({ schedule: every, reportIfEmpty: false });
      expect(scheduled.json.stream).toBeUndefined();
      const empty = await call("POST", "/queries/nothing-sq/subscriptions", { token: brand, body: { dest: `${base}/empty`, signatureToken: "another-shared-secret-2", schedule: every, reportIfEmpty: true }, headers: json });
      expect(empty.status).toBe(201);
      await hub.query<any>(`mutation($d: JSON!) { captureEvents(document: $d) { stored } }`, { d: doc([observe("SQ1", "2026-11-08T10:00:00Z", { bizStep: "receiving", disposition: "in_progress" }), observe("SQ1", "2026-11-08T11:00:00Z")]) }, brand);
      const started = Date.now();
      const found = () => received.find((r) => r.path === "/scheduled" && r.body.epcisBody.queryResults.resultsBody.eventList.length > 0);
      while ((!found() || !received.some((r) => r.path === "/empty")) && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 100));
      const report = found();
      if (!report) throw new Error(`no scheduled report came: ${JSON.stringify(received.map((r) => r.path))}`);
      expect(verifyWebhookSignature("another-shared-secret-1", report.signature, report.raw).ok).toBe(true);
      expect(report.body.epcisBody.queryResults).toMatchObject({ queryName: "received-sq", subscriptionID: scheduled.json.subscriptionID });
      expect(report.body.epcisBody.queryResults.resultsBody.eventList.map((e: any) => e.bizStep)).toEqual(["receiving"]);
      expect(officialSchema(report.body)).toBe(true);
      // Later runs cover only what was recorded since: the event is sent once.
      await new Promise((r) => setTimeout(r, 2_500));
      const reports = received.filter((r) => r.path === "/scheduled").flatMap((r) => r.body.epcisBody.queryResults.resultsBody.eventList);
      expect(reports).toHaveLength(1);
      const emptyReport = received.find((r) => r.path === "/empty");
      expect(emptyReport?.body.epcisBody.queryResults.resultsBody.eventList).toEqual([]);
      const listed = await call("GET", "/queries/received-sq/subscriptions", { token: brand });
      expect(listed.json).toEqual([expect.objectContaining({ subscriptionID: scheduled.json.subscriptionID, schedule: every, minRecordTime: expect.any(String) })]);
      for (const name of ["received-sq", "nothing-sq"]) expect((await call("DELETE", `/queries/${name}`, { token: brand })).status).toBe(204);
    } finally {
      await close();
    }
  });

  it("answers unknown resources as problems", async () => {
    const unknown = await fetch(`${base}/epcis/nowhere`, { headers: { authorization: `Bearer ${brand}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ type: "epcisException:NoSuchNameException" });
  });

  it("checked every answer above against the openapi document", () => {
    expect(validated.length).toBeGreaterThan(60);
    // And the checks can fail: answers that break the document are caught.
    expect(api.validateResponse({ captureID: "x", running: "yes", errors: [] }, "GET /capture/{captureID}", 200).valid).toBe(false);
    expect(api.validateResponse({ type: "epcisException:SecurityException", status: 401 }, "GET /events", 401).valid).toBe(false);
    expect(api.validateResponse({ "@context": CONTEXT, type: "Collection", member: ["events"] }, "GET /", 200).valid).toBe(false);
  });
});
