import { type TestHub, startHub } from "@tracehub/testkit";
import fc from "fast-check";
import { type GraphQLSchema, buildClientSchema, getIntrospectionQuery } from "graphql";
import { handMadeDocuments, mutate, mutationArb, officialExamples } from "./epcis";
import { identifierArb } from "./identifiers";
import { OperationGenerator, type Vocabulary } from "./operations";
import { type Answer, type Caller, FUZZ_SEED, expectSound, fuzz, problemsOf, send } from "./support";
import { PUBLIC_OPERATIONS } from "@tracehub/gateway/public-operations";

// Issue 18: a bounded, seeded fuzz suite through the real gateway. Every answer must be a client error or
// data, never a 5xx, an INTERNAL_SERVER_ERROR, a subgraph failure, or an error without a code; and a capture
// under ROLLBACK that rejects anything stores nothing. FUZZ_SEED replays a run; FUZZ_SCALE runs more.
const RUNS = { perRootField: 6, broken: 30, documents: 80, identifiers: 80 };

const GTIN = "09506000134352";
const OTHER_GTIN = "09506000123455";
const COUNTS = `{ events(first: 1) { totalCount } units(first: 1) { totalCount } }`;
const CAPTURE = `mutation($doc: JSON!) { captureEvents(document: $doc, errorBehavior: ROLLBACK) { stored duplicates eventIds rejected { eventIndex path message } } }`;

describe(`fuzzing the gateway (FUZZ_SEED=${FUZZ_SEED})`, () => {
  let hub: TestHub;
  let tokens: Record<Caller, string | null>;
  let vocabulary: Vocabulary;
  let schema: GraphQLSchema;

  type Body = { data?: any; errors?: { message: string; extensions: { code: string } }[] };
  const as = async (caller: Caller, request: { query: string; variables?: Record<string, unknown> }) => {
    const answer = await send(hub.url, { body: JSON.stringify(request), token: tokens[caller] });
    expectSound(answer, caller, request);
    return answer.body as Body;
  };
  /** For this file's own operations: they must at least be valid, or every answer would be a harmless refusal. */
  const asValid = async (caller: Caller, request: { query: string; variables?: Record<string, unknown> }) => {
    const body = await as(caller, request);
    const invalid = body.errors?.find((e) => e.extensions.code === "GRAPHQL_VALIDATION_FAILED" || e.extensions.code === "GRAPHQL_PARSE_FAILED");
    if (invalid) throw new Error(`The suite's own operation is invalid: ${invalid.message}\n${request.query}`);
    return body;
  };

  beforeAll(async () => {
    // A query's 2 s subgraph timeout is for production; on a busy test machine a large export may take longer,
    // and a timeout here would be noise. Only a subgraph that truly hangs still shows as SUBGRAPH_TIMEOUT.
    hub = await startHub({ gateway: { subgraphs: { timeoutMs: 30_000 } } });
    const operator = await hub.token({ roles: ["operator"] });
    const brandOrg = await hub.seed.organization({ name: "Fuzz Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const retailerOrg = await hub.seed.organization({ name: "Fuzz Shop", kind: "RETAILER" });
    tokens = { operator, brandOwner: await hub.token({ sub: "fuzz-brand", org: brandOrg, roles: ["brand_owner"] }), anonymous: null };
    await hub.seed.product(GTIN, "Fuzz Ibuprofen");
    await hub.seed.product(OTHER_GTIN, "Fuzz Paracetamol");
    // Sequential and given serials, so a seed generates the same codes on every run; one needs escaping in a Digital Link.
    const lotA = await hub.seed.units({ gtin: GTIN, lot: "LOT-F1", expiry: "2027-06-30", count: 8, serialType: "SEQUENTIAL" });
    const lotB = await hub.seed.units({ gtin: OTHER_GTIN, lot: "LOT/F2", expiry: "2026-12-31", serials: ["A1B2", "X-9/Z", "%41", "9".repeat(20)] });
    const unitIds = [...lotA.unitIds, ...lotB.unitIds];
    const orderId = await hub.seed.order({ reference: "FUZZ-1", customer: { name: "F. Uzz" }, unitCodes: [unitIds[6] as string] }, tokens.brandOwner as string);
    const recallId = await hub.seed.recall({ gtin: OTHER_GTIN, lots: ["LOT/F2"], reason: "Fuzz recall" });
    const grantId = await hub.seed.grant({ grantorId: brandOrg, granteeId: retailerOrg, permissions: ["READ"] });

    const cursors: string[] = [];
    for (const list of ["events", "units", "orders", "organizations", "recalls", "grants"]) {
      const res = await as("operator", { query: `{ ${list}(first: 2) { edges { cursor } } }` });
      cursors.push(...res.data[list].edges.map((e: { cursor: string }) => e.cursor));
    }
    const at = new Date(Date.now() - 3_600_000).toISOString();
    vocabulary = {
      now: Date.now(),
      unitIds,
      gtins: [GTIN, OTHER_GTIN],
      lots: ["LOT-F1", "LOT/F2"],
      companyPrefixLength: 7,
      ids: [brandOrg, retailerOrg, orderId, recallId, grantId],
      cursors,
      documents: handMadeDocuments(unitIds, GTIN, at),
    };
    // The public API as a client sees it: introspected through the gateway, as an operator.
    const introspection = await asValid("operator", { query: getIntrospectionQuery() });
    schema = buildClientSchema(introspection.data);
  }, 120_000);
  afterAll(() => hub?.stop());

  it("answers generated operations on every root field, and broken documents, with client errors or data", async () => {
    const plausible = new OperationGenerator(schema, vocabulary, "plausible");
    const hostile = new OperationGenerator(schema, vocabulary, "hostile");
    const sloppy = new OperationGenerator(schema, vocabulary, "sloppy");
    const callers: Caller[] = ["operator", "brandOwner", "anonymous"];
    let operatorAnswers = 0;
    let operatorData = 0;
    const check = async (request: { query: string; variables: Record<string, unknown> }) => {
      for (const caller of callers) {
        const body = await as(caller, request);
        if (caller !== "operator") continue;
        operatorAnswers += 1;
        if (!body.errors && body.data) operatorData += 1;
      }
    };
    // Every root field gets its share of runs, so none is left to chance; each failing one is reported.
    const failures: string[] = [];
    const attempt = (what: string, run: Promise<void>) => run.catch((error: Error) => void failures.push(`${what}: ${error.message}`));
    for (const { kind, name } of hostile.rootFields()) {
      const operations = fc.oneof(
        { weight: 2, arbitrary: plausible.operationOn(kind, name) },
        { weight: 1, arbitrary: hostile.operationOn(kind, name) },
        { weight: 1, arbitrary: sloppy.operationOn(kind, name) },
      );
      await attempt(`${kind} ${name}`, fuzz(operations, RUNS.perRootField, check));
    }
    await attempt("broken documents", fuzz(fc.oneof(plausible.broken(), hostile.broken(), sloppy.broken()), RUNS.broken, check));
    if (failures.length) throw new Error(`${failures.length} of the fuzzed cases failed:\n\n${failures.join("\n\n")}`);
    // The generators still produce operations that work (a schema change could leave them refused wholesale).
    expect(operatorData).toBeGreaterThan(operatorAnswers / 10);
  }, 600_000);

  it("answers malformed HTTP requests with client errors", async () => {
    const valid = JSON.stringify({ query: "{ __typename }" });
    const bodies = [
      "",
      "not json",
      "{",
      "null",
      "[]",
      "5",
      '"{ __typename }"',
      JSON.stringify({}),
      JSON.stringify({ query: 5 }),
      JSON.stringify({ query: null }),
      JSON.stringify({ query: ["{ __typename }"] }),
      JSON.stringify({ query: "{ __typename }", variables: "x" }),
      JSON.stringify({ query: "{ __typename }", variables: [1] }),
      JSON.stringify({ query: "{ __typename }", operationName: 5 }),
      JSON.stringify({ query: "query A { __typename } query B { __typename }" }),
      JSON.stringify({ query: "query A { __typename }", operationName: "B" }),
      JSON.stringify({ query: "{ __typename }", extensions: { persistedQuery: { version: 1, sha256Hash: "x" } } }),
      JSON.stringify({ query: "{ __typename }", extensions: "x" }),
      JSON.stringify([{ query: "{ __typename }" }, { query: "{ __typename }" }]),
      `{"query": "{ __typename }", "variables": {"a": ${"[".repeat(5_000)}${"]".repeat(5_000)}}}`,
      // Past the gateway's 8 MiB body limit.
      JSON.stringify({ query: "{ __typename }", variables: { a: "x".repeat(9 * 1024 * 1024) } }),
    ];
    const headerCases: Record<string, string>[] = [
      { "content-type": "text/plain" },
      { "content-type": "application/json; charset=latin1" },
      { "content-type": "application/graphql" },
      { "content-encoding": "x-unknown" },
      { "content-encoding": "gzip" },
    ];
    // Every case is tried and every bad answer listed, so one failure shows them all.
    const failures: string[] = [];
    const check = (answer: Answer, caller: Caller, request: unknown) => {
      const problems = problemsOf(answer, caller);
      if (problems.length) failures.push(`${caller} ${JSON.stringify(request).slice(0, 200)} → ${problems.join("; ")}`);
    };
    for (const caller of ["operator", "brandOwner", "anonymous"] as Caller[]) {
      for (const body of bodies) check(await send(hub.url, { body, token: tokens[caller] }), caller, { body });
      for (const headers of headerCases) {
        check(await send(hub.url, { body: valid, token: tokens[caller], headers }), caller, { body: valid, headers });
      }
      for (const query of ["?query=%7B__typename%7D", "?query=mutation%7B__typename%7D", "?query=%7B", "?query=query%20A%7B__typename%7Dquery%20B%7B__typename%7D", ""]) {
        const headers = { "apollo-require-preflight": "true" };
        check(await send(hub.url + query, { method: "GET", token: tokens[caller], headers }), caller, { get: query });
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("captures mutated EPCIS documents under ROLLBACK either whole or not at all", async () => {
    const bases = new Map<string, unknown>([...officialExamples().map((e) => [e.name, e.document] as const), ...vocabulary.documents.map((d, i) => [`hand-made #${i}`, d] as const)]);
    const count = async () => {
      const res = await asValid("operator", { query: COUNTS });
      return { events: res.data.events.totalCount as number, units: res.data.units.totalCount as number };
    };
    let before = await count();
    const outcomes = { accepted: 0, refused: 0 };
    const run = fc.tuple(fc.constantFrom(...bases.keys()), fc.array(mutationArb(identifierArb(vocabulary)), { maxLength: 4 }));
    await fuzz(run, RUNS.documents, async ([base, mutations]) => {
      const doc = mutate(bases.get(base) as never, mutations);
      const res = await asValid("operator", { query: CAPTURE, variables: { doc } });
      const after = await count();
      const result = res.data?.captureEvents as { stored: number; rejected: unknown[] } | null | undefined;
      const refused = !!res.errors?.length || !result || result.rejected.length > 0;
      outcomes[refused ? "refused" : "accepted"] += 1;
      // Refused: not one event and not one unit stored. Accepted: exactly the events it says it stored.
      const sound = refused
        ? (result?.stored ?? 0) === 0 && after.events === before.events && after.units === before.units
        : after.events === before.events + (result?.stored ?? 0);
      if (!sound) {
        throw new Error(
          `ROLLBACK broken for ${base} with ${JSON.stringify(mutations).slice(0, 2_000)}:\n  counts before ${JSON.stringify(before)}, after ${JSON.stringify(after)}\n  answer ${JSON.stringify(res).slice(0, 2_000)}`,
        );
      }
      before = after;
    });
    // Both sides of the property were exercised.
    expect(outcomes.accepted).toBeGreaterThan(RUNS.documents / 20);
    expect(outcomes.refused).toBeGreaterThan(RUNS.documents / 20);
  }, 600_000);

  it("answers identifier strings in unit, verifyAuthenticity and recordMovement with client errors or data", async () => {
    const code = identifierArb(vocabulary);
    const run = fc.record({
      code,
      more: fc.array(fc.oneof(code, fc.constantFrom(...vocabulary.unitIds)), { maxLength: 2 }),
      caller: fc.constantFrom<Caller>("operator", "brandOwner"),
      bizStep: fc.constantFrom("inspecting", "inspecting", "shipping", "receiving", "retail_selling", "not a step"),
    });
    const found = { units: 0, known: 0, movements: 0 };
    await fuzz(run, RUNS.identifiers, async ({ code: c, more, caller, bizStep }) => {
      const unit = await asValid("operator", { query: `query($c: String!) { unit(code: $c) { id status gtin serial lot expiry product { name } } }`, variables: { c } });
      if (unit.data?.unit) found.units += 1;
      const verdict = await asValid("anonymous", { query: PUBLIC_OPERATIONS.VerifyAuthenticity, variables: { code: c } });
      if (!["INVALID_CODE", "UNKNOWN", undefined].includes(verdict.data?.verifyAuthenticity?.verdict)) found.known += 1;
      const moved = await asValid(caller, {
        query: `mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId unitIds alerts { kind } } }`,
        variables: { i: { codes: [c, ...more], bizStep } },
      });
      if (moved.data?.recordMovement) found.movements += 1;
    });
    // Some codes named real units, so the lookups and the movement went past input checks.
    expect(found.units).toBeGreaterThan(0);
    expect(found.known).toBeGreaterThan(0);
    expect(found.movements).toBeGreaterThan(0);
  }, 600_000);
});
