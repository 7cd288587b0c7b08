import { type TestHub, startHub } from "@tracehub/testkit";
import { PUBLIC_OPERATIONS } from "@tracehub/gateway/public-operations";

const GTIN = "09506000134352";
const GTIN_B = "04012345123456";
const SITE_A = "https://id.gs1.org/414/9506000000008";
const SITE_B = "https://id.gs1.org/414/9506000000015";
const CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

const CAPTURE = `mutation($doc: JSON!, $b: CaptureErrorBehavior) { captureEvents(document: $doc, errorBehavior: $b) {
  stored duplicates eventIds rejected { eventIndex path message } alerts { kind unitId eventId } } }`;

function doc(events: Record<string, unknown>[]) {
  return { "@context": [CONTEXT], type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2026-01-01T00:00:00Z", epcisBody: { eventList: events } };
}
function objectEvent(epcs: string[], over: Record<string, unknown> = {}) {
  return { type: "ObjectEvent", eventTime: "2026-01-10T10:00:00Z", eventTimeZoneOffset: "+01:00", epcList: epcs, action: "OBSERVE", bizStep: "inspecting", ...over };
}
const at = (day: number, hour = 10, minute = 0) => new Date(Date.UTC(2026, 0, day, hour, minute)).toISOString();

describe("units: capture, lifecycle, containment and lineage through the gateway", () => {
  let hub: TestHub;
  let op: string;
  const q = async (query: string, variables: Record<string, unknown> = {}) => {
    const res: any = await hub.query(query, variables, op);
    return res;
  };
  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await q(query, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const capture = async (events: Record<string, unknown>[], b?: string) => (await ok(CAPTURE, { doc: doc(events), b })).captureEvents;
  const unit = async (code: string, fields = "status disposition location parent { id } alerts { kind }") =>
    (await ok(`query($c: String!) { unit(code: $c) { ${fields} } }`, { c: code })).unit;
  const commission = async (count: number, extra: Record<string, unknown> = {}, gtin = GTIN) =>
    (await ok(`mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds serials eventId count } }`, { i: { gtin, count, serialType: "SEQUENTIAL", eventTime: "2026-01-01T00:00:00Z", ...extra } }))
      .commissionUnits;
  const eventCount = async () => (await ok(`{ events(first: 1) { totalCount } }`)).events.totalCount as number;

  beforeAll(async () => {
    hub = await startHub();
    op = await hub.token({ roles: ["operator"] });
    await hub.seed.product(GTIN, "Ibuprofen 400 mg");
    await hub.seed.product(GTIN_B, "Vitamin D3");
  });
  afterAll(() => hub?.stop());

  describe("product catalog", () => {
    it("creates and updates a product, keeping fields left out, and refuses a bad GTIN or image URL", async () => {
      const upsert = `mutation($i: UpsertProductInput!) { upsertProduct(input: $i) { gtin name brand description imageUrl identifierScheme } }`;
      const created = await ok(upsert, { i: { gtin: "4012345000009", name: "Saline 0.9%", brand: "Healthy", imageUrl: "https://img.example/saline.png", identifierScheme: "RFID_SGTIN_198" } });
      expect(created.upsertProduct).toEqual({ gtin: "04012345000009", name: "Saline 0.9%", brand: "Healthy", description: null, imageUrl: "https://img.example/saline.png", identifierScheme: "RFID_SGTIN_198" });
      const updated = await ok(upsert, { i: { gtin: "04012345000009", name: "Saline 0.9% 500 ml", description: "Infusion" } });
      expect(updated.upsertProduct).toMatchObject({ name: "Saline 0.9% 500 ml", brand: "Healthy", description: "Infusion", identifierScheme: "RFID_SGTIN_198" });
      expect((await q(upsert, { i: { gtin: "4012345000008", name: "x" } })).errors[0].extensions.code).toBe("BAD_USER_INPUT");
      expect((await q(upsert, { i: { gtin: "4012345000009", name: "x", imageUrl: "javascript:alert(1)" } })).errors[0].extensions.code).toBe("BAD_USER_INPUT");
    });
  });

  describe("commissioning", () => {
    it("records the standard commissioning event with lot and expiry as ILMD", async () => {
      const c = await commission(3, { lot: "L-100", expiry: "2027-05-31" });
      const u = await unit(c.unitIds[0], "status disposition lot expiry commissioned events { edges { node { type action bizStep disposition epcisEvent } } }");
      expect(u).toMatchObject({ status: "ACTIVE", disposition: "active", lot: "L-100", expiry: "2027-05-31", commissioned: true });
      const node = u.events.edges[0].node;
      expect(node).toMatchObject({ type: "ObjectEvent", action: "ADD", bizStep: "commissioning", disposition: "active" });
      expect(node.epcisEvent.ilmd).toEqual({ "cbvmda:lotNumber": "L-100", "cbvmda:itemExpirationDate": "2027-05-31" });
    });

    it("never issues a sequential serial twice under concurrent calls", async () => {
      const calls = await Promise.all(Array.from({ length: 6 }, () => commission(150, {}, GTIN_B)));
      const serials = calls.flatMap((c) => c.serials);
      expect(serials).toHaveLength(900);
      expect(new Set(serials).size).toBe(900);
    });

    it("lets exactly one of two concurrent calls issue the same given serials", async () => {
      const input = { gtin: GTIN, serials: ["RACE-1", "RACE-2", "RACE-3"] };
      const m = `mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { count } }`;
      const results = await Promise.all([q(m, { i: input }), q(m, { i: input })]);
      const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? "OK").sort();
      expect(codes).toEqual(["CONFLICT", "OK"]);
      expect(results.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.reason)).toEqual(["SERIAL_ALREADY_ISSUED"]);
    });

    it("issues random serials that satisfy GS1 character set 82 and are unique", async () => {
      const c = await commission(500, { serialType: "RANDOM" }, GTIN_B);
      expect(new Set(c.serials).size).toBe(500);
      expect(c.serials.every((s: string) => /^[0-9A-Z]{12}$/.test(s))).toBe(true);
    });

    it("refuses bad input with a clear error and stores nothing", async () => {
      const before = await eventCount();
      const m = `mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { count } }`;
      for (const i of [
        { gtin: GTIN, count: 0 },
        { gtin: GTIN, count: 100_001 },
        { gtin: GTIN, serials: ["A B"] },
        { gtin: GTIN, serials: ["X"], count: 1 },
        { gtin: GTIN, count: 1, expiry: "2027-02-30" },
        { gtin: "09506000134353", count: 1 },
        { gtin: "00000000000017", count: 1 },
      ]) {
        const res = await q(m, { i });
        expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      }
      // Beside the generic code, a domain reason says which rule it was.
      const unregistered = await q(m, { i: { gtin: "00000000000017", count: 1 } });
      expect(unregistered.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "gtin", reason: "PRODUCT_NOT_REGISTERED" });
      const scan = `mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`;
      const badStep = await q(scan, { i: { codes: [`https://id.gs1.org/01/${GTIN}/21/ANY`], bizStep: "teleporting" } });
      expect(badStep.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "bizStep", reason: "NOT_CBV_VOCABULARY" });
      expect(await eventCount()).toBe(before);
    });
  });

  describe("capture", () => {
    it("captures every event type and reads each back", async () => {
      const [a, b, c] = (await commission(3)).unitIds;
      const sscc = "urn:epc:id:sscc:9506000.0000000900";
      const result = await capture([
        objectEvent([a], { eventTime: at(11), readPoint: { id: "urn:epc:id:sgln:9506000.00000.0" } }),
        { type: "AggregationEvent", eventTime: at(11, 11), eventTimeZoneOffset: "+00:00", parentID: sscc, childEPCs: [a, b], action: "ADD", bizStep: "packing" },
        { type: "TransactionEvent", eventTime: at(11, 12), eventTimeZoneOffset: "+00:00", bizTransactionList: [{ type: "po", bizTransaction: "urn:epcglobal:cbv:bt:9506000000008:PO-77" }], epcList: [c], action: "ADD", bizStep: "shipping" },
        { type: "TransformationEvent", eventTime: at(11, 13), eventTimeZoneOffset: "+00:00", inputEPCList: [c], outputEPCList: ["https://id.gs1.org/01/04012345123456/21/BATCH-OUT-1"], bizStep: "commissioning" },
        { type: "AssociationEvent", eventTime: at(11, 14), eventTimeZoneOffset: "+00:00", parentID: "https://id.gs1.org/8004/9506000ASSET1", childEPCs: [a], action: "ADD", bizStep: "assembling" },
      ]);
      expect(result).toMatchObject({ stored: 5, duplicates: 0, rejected: [] });
      const types = await ok(`{ events(first: 10, filter: { from: "${at(11)}", to: "${at(12)}" }) { edges { node { type } } } }`);
      expect(types.events.edges.map((e: any) => e.node.type)).toEqual(["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"]);
      const po = await ok(`{ events(first: 5, filter: { bizTransaction: "urn:epcglobal:cbv:bt:9506000000008:PO-77" }) { edges { node { type bizTransactions { type id } } } } }`);
      expect(po.events.edges).toEqual([{ node: { type: "TransactionEvent", bizTransactions: [{ type: "po", id: "urn:epcglobal:cbv:bt:9506000000008:PO-77" }] } }]);
      // Every unit an event names is indexed under the kind its identifier says (a GIAI asset is not OTHER).
      const kinds = await ok(`{ a: unit(code: "${a}") { kind } pallet: unit(code: "${sscc}") { kind } asset: unit(code: "https://id.gs1.org/8004/9506000ASSET1") { kind } }`);
      expect(kinds).toEqual({ a: { kind: "SGTIN" }, pallet: { kind: "SSCC" }, asset: { kind: "GIAI" } });
    });

    it("stores all or nothing under ROLLBACK and the valid events under PROCEED", async () => {
      const [a, b] = (await commission(2)).unitIds;
      const events = [objectEvent([a], { eventTime: at(12) }), objectEvent([b], { eventTime: at(12), bizStep: "not_a_step" }), objectEvent([b], { eventTime: at(12, 11) })];
      const before = await eventCount();
      const rolled = await capture(events, "ROLLBACK");
      expect(rolled).toMatchObject({ stored: 0, duplicates: 0, eventIds: [] });
      expect(rolled.rejected).toEqual([{ eventIndex: 1, path: expect.stringContaining("eventList[1]"), message: expect.any(String) }]);
      expect(await eventCount()).toBe(before);
      const proceeded = await capture(events, "PROCEED");
      expect(proceeded).toMatchObject({ stored: 2, duplicates: 0 });
      expect(proceeded.rejected.map((r: any) => r.eventIndex)).toEqual([1]);
      expect(await eventCount()).toBe(before + 2);
    });

    it("stores an event once: a repeat, in another identifier form, is a duplicate and keeps the first id", async () => {
      const [a] = (await commission(1)).serials;
      const dl = `https://id.gs1.org/01/${GTIN}/21/${a}`;
      const urn = `urn:epc:id:sgtin:9506000.013435.${a}`;
      const first = await capture([objectEvent([dl], { eventTime: at(13), eventID: "urn:uuid:11111111-1111-4111-8111-111111111111" })]);
      const second = await capture([objectEvent([urn], { eventTime: at(13) }), objectEvent([urn], { eventTime: at(13) })]);
      expect(first).toMatchObject({ stored: 1, eventIds: ["urn:uuid:11111111-1111-4111-8111-111111111111"] });
      expect(second).toMatchObject({ stored: 0, duplicates: 2, eventIds: [first.eventIds[0], first.eventIds[0]] });
    });

    it("stores an error declaration about a stored event as its own entry, once, and leaves the log unchanged", async () => {
      const [a] = (await commission(1)).unitIds;
      const original = objectEvent([a], { eventTime: at(14), bizStep: "shipping", eventID: "urn:uuid:22222222-2222-4222-8222-222222222222" });
      await capture([original]);
      const declaration = { ...original, errorDeclaration: { declarationTime: at(14, 12), reason: "incorrect_data" } };
      expect(await capture([declaration])).toMatchObject({ stored: 1, duplicates: 0 });
      expect(await capture([declaration])).toMatchObject({ stored: 0, duplicates: 1 });
      const events = await ok(`{ events(first: 5, filter: { eventIds: ["urn:uuid:22222222-2222-4222-8222-222222222222"] }) { edges { node { isErrorDeclaration } } } }`);
      expect(events.events.edges.map((e: any) => e.node.isErrorDeclaration)).toEqual([false, true]);
      expect((await unit(a)).status).toBe("IN_TRANSIT");
    });

    it("answers broken and oversized documents with clear errors and stores nothing", async () => {
      const before = await eventCount();
      const notADocument = await q(CAPTURE, { doc: [1, 2, 3] });
      expect(notADocument.errors[0].extensions.code).toBe("BAD_USER_INPUT");
      const noContext = await q(CAPTURE, { doc: { type: "EPCISDocument", schemaVersion: "2.0", creationDate: at(1), epcisBody: { eventList: [objectEvent(["https://id.gs1.org/01/09506000134352/21/1"])] } } });
      expect(noContext.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "EPCIS_DOCUMENT_INVALID" });
      expect(noContext.errors[0].message).toContain("@context");
      const badCheckDigit = await capture([objectEvent(["https://id.gs1.org/01/09506000134353/21/1"])]);
      expect(badCheckDigit.stored).toBe(0);
      expect(badCheckDigit.rejected[0].path).toContain("epcList");
      const tooMany = await q(CAPTURE, { doc: doc(Array.from({ length: 10_001 }, (_, i) => objectEvent([`https://id.gs1.org/01/${GTIN}/21/N${i}`]))) });
      expect(tooMany.errors[0].extensions).toMatchObject({ code: "LIMIT_EXCEEDED", reason: "CAPTURE_TOO_LARGE" });
      expect(tooMany.errors[0].message).toMatch(/10,?000/);
      expect(await eventCount()).toBe(before);
    });
  });

  describe("unit state and alerts", () => {
    it("flags a scan of a serial that was never commissioned, and keeps the alert on the unit", async () => {
      const ghost = `(01)${GTIN}(21)GHOST-1`;
      const res = await ok(`mutation($i: RecordMovementInput!) { recordMovement(input: $i) { unitIds alerts { kind } } }`, { i: { codes: [ghost], bizStep: "receiving" } });
      expect(res.recordMovement.alerts.map((a: any) => a.kind)).toEqual(["UNKNOWN_UNIT"]);
      const u = await unit(ghost, "status commissioned alerts { kind eventId }");
      expect(u).toMatchObject({ status: "UNKNOWN", commissioned: false, alerts: [{ kind: "UNKNOWN_UNIT" }] });
      const verdict: any = await hub.query(PUBLIC_OPERATIONS.VerifyAuthenticity, { code: ghost });
      expect(verdict.data.verifyAuthenticity.verdict).toBe("UNKNOWN");
    });

    it.each([
      ["DUPLICATE_COMMISSIONING", [{ action: "ADD", bizStep: "commissioning", disposition: "active" }]],
      ["EVENT_AFTER_TERMINAL", [{ bizStep: "destroying" }, { bizStep: "shipping" }]],
      ["RECALLED_UNIT_SOLD", [{ bizStep: "holding", disposition: "recalled" }, { bizStep: "retail_selling" }]],
      ["ALREADY_SOLD", [{ bizStep: "retail_selling" }, { bizStep: "retail_selling" }]],
      ["STOLEN_UNIT_SEEN", [{ bizStep: "inspecting", disposition: "stolen" }, { bizStep: "receiving" }]],
      ["IMPOSSIBLE_TRAVEL", [{ bizLocation: { id: SITE_A } }, { bizLocation: { id: SITE_B }, minutes: 2 }]],
    ])("raises %s and still stores the event", async (kind, steps) => {
      const [a] = (await commission(1)).unitIds;
      let last: any;
      for (const [i, step] of (steps as Record<string, unknown>[]).entries()) {
        // Steps an hour apart unless a step says how many minutes after the first it happened.
        const { minutes, ...fields } = step as { minutes?: number };
        last = await capture([objectEvent([a], { eventTime: at(20, 10, minutes ?? i * 60), ...fields })]);
        expect(last.stored).toBe(1);
      }
      expect(last.alerts.map((x: any) => x.kind)).toEqual([kind]);
      expect((await unit(a)).alerts.map((x: any) => x.kind)).toEqual([kind]);
    });

    it("raises EXPIRED_UNIT_SOLD when a unit is sold after its expiry date", async () => {
      const [a] = (await commission(1, { expiry: "2025-12-31" })).unitIds;
      const res = await capture([objectEvent([a], { eventTime: at(21), bizStep: "retail_selling" })]);
      expect(res.alerts.map((x: any) => x.kind)).toEqual(["EXPIRED_UNIT_SOLD"]);
    });

    it("does not let a late event overwrite newer state", async () => {
      const [a] = (await commission(1)).unitIds;
      await capture([objectEvent([a], { eventTime: at(22), bizStep: "retail_selling" })]);
      await capture([objectEvent([a], { eventTime: at(21), bizStep: "shipping" })]);
      expect((await unit(a)).status).toBe("SOLD");
    });
  });

  describe("aggregation", () => {
    it("packs units into cases and cases onto a pallet, ships the pallet, and keeps the history after unpacking", async () => {
      const units = (await commission(4)).unitIds as string[];
      const [case1, case2, pallet] = ["(00)095060000000000015", "(00)095060000000000022", "(00)095060000000000039"];
      const pack = `mutation($i: PackInput!) { pack(input: $i) { eventId unitIds } }`;
      const unpack = `mutation($i: PackInput!) { unpack(input: $i) { eventId } }`;
      await ok(pack, { i: { parent: case1, children: units.slice(0, 2), eventTime: at(25, 8) } });
      await ok(pack, { i: { parent: case2, children: units.slice(2), eventTime: at(25, 8) } });
      await ok(pack, { i: { parent: pallet, children: [case1, case2], eventTime: at(25, 9) } });
      const shipped = await ok(`mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`, {
        i: { codes: [pallet], bizStep: "shipping", bizLocation: SITE_A, eventTime: at(25, 10) },
      });

      expect(await unit(units[0] as string, "status location parent { id parent { id } }")).toEqual({
        status: "IN_TRANSIT",
        location: SITE_A,
        parent: { id: "https://id.gs1.org/00/095060000000000015", parent: { id: "https://id.gs1.org/00/095060000000000039" } },
      });
      const p = await unit(pallet, "kind children { id } contents { depth unit { id } }");
      expect(p.kind).toBe("SSCC");
      expect(p.children.map((c: any) => c.id).sort()).toEqual(["https://id.gs1.org/00/095060000000000015", "https://id.gs1.org/00/095060000000000022"]);
      expect(p.contents.filter((c: any) => c.depth === 2).map((c: any) => c.unit.id).sort()).toEqual([...units].sort());
      const contained = await ok(`{ units(first: 10, filter: { container: "${case1}" }) { totalCount } }`);
      expect(contained.units.totalCount).toBe(2);

      await ok(unpack, { i: { parent: pallet, eventTime: at(26, 8) } });
      await ok(unpack, { i: { parent: case1, children: [units[0]], eventTime: at(26, 9) } });
      expect((await unit(units[0] as string)).parent).toBeNull();
      expect((await unit(units[1] as string, "parent { id }")).parent.id).toBe("https://id.gs1.org/00/095060000000000015");

      const history = await unit(units[0] as string, `during: containersAt(time: "${at(25, 12)}") { id } after: containersAt(time: "${at(26, 12)}") { id }`);
      expect(history.during.map((c: any) => c.id)).toEqual(["https://id.gs1.org/00/095060000000000015", "https://id.gs1.org/00/095060000000000039"]);
      expect(history.after).toEqual([]);

      const prov = await ok(`query($c: String!) { provenance(code: $c) { timeline { eventId bizStep inherited via } containers { childId parentId level unpackedAt } custody { location } } }`, {
        c: units[0],
      });
      const shipping = prov.provenance.timeline.find((e: any) => e.bizStep === "shipping");
      expect(shipping).toEqual({ eventId: shipped.recordMovement.eventId, bizStep: "shipping", inherited: true, via: "https://id.gs1.org/00/095060000000000039" });
      expect(prov.provenance.timeline.map((e: any) => e.bizStep)).toEqual(["commissioning", "packing", "packing", "shipping", "unpacking", "unpacking"]);
      expect(prov.provenance.containers.map((c: any) => [c.level, c.parentId.slice(-4)])).toEqual([[1, "0015"], [2, "0039"]]);
      expect(prov.provenance.custody).toEqual([{ location: SITE_A }]);

      const withContents = await ok(`{ events(first: 50, filter: { code: "${case2}", includeContents: true }) { totalCount } }`);
      expect(withContents.events.totalCount).toBeGreaterThan((await ok(`{ events(first: 50, filter: { code: "${case2}" }) { totalCount } }`)).events.totalCount);
    });
  });

  describe("transformation", () => {
    it("links outputs to inputs at every depth and consumes the inputs", async () => {
      const [a, b] = (await commission(2)).unitIds;
      const mid = `https://id.gs1.org/01/${GTIN_B}/21/MIX-1`;
      const end = `https://id.gs1.org/01/${GTIN_B}/21/KIT-1`;
      await capture([
        { type: "TransformationEvent", eventTime: at(27), eventTimeZoneOffset: "+00:00", inputEPCList: [a, b], outputEPCList: [mid], bizStep: "commissioning" },
        { type: "TransformationEvent", eventTime: at(28), eventTimeZoneOffset: "+00:00", inputEPCList: [mid], outputEPCList: [end], bizStep: "commissioning" },
      ]);
      const e = await unit(end, "status commissioned madeFrom { id }");
      expect(e).toEqual({ status: "ACTIVE", commissioned: true, madeFrom: [{ id: mid }] });
      expect(await unit(a, "status usedIn { id }")).toEqual({ status: "CONSUMED", usedIn: [{ id: mid }] });
      const prov = await ok(`{ provenance(code: "${end}") { madeFrom { unitId intoId depth } } }`);
      expect(prov.provenance.madeFrom).toEqual(
        expect.arrayContaining([
          { unitId: mid, intoId: end, depth: 1 },
          { unitId: a, intoId: mid, depth: 2 },
          { unitId: b, intoId: mid, depth: 2 },
        ]),
      );
      expect(prov.provenance.madeFrom).toHaveLength(3);
    });
  });

  describe("queries and export", () => {
    it("filters units by GTIN, lot and status, and pages events in time order", async () => {
      await commission(5, { lot: "Q-LOT" });
      const byLot = await ok(`{ units(first: 50, filter: { gtin: "${GTIN}", lot: "Q-LOT", status: ACTIVE }) { totalCount edges { node { lot status } } } }`);
      expect(byLot.units.totalCount).toBe(5);
      const all: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = await ok(`query($a: String) { events(first: 7, after: $a) { edges { node { eventTime } } pageInfo { hasNextPage endCursor } } }`, { a: after });
        all.push(...page.events.edges.map((e: any) => e.node.eventTime));
        if (!page.events.pageInfo.hasNextPage) break;
        after = page.events.pageInfo.endCursor;
      }
      expect(all).toHaveLength(await eventCount());
      expect([...all].sort()).toEqual(all);
    });

    it("reads a unit from its RFID tag and its EPC URN as from its Digital Link", async () => {
      const [serial] = (await commission(1, { serials: ["123456789"], count: null })).serials;
      const id = `https://id.gs1.org/01/${GTIN}/21/${serial}`;
      for (const code of [`urn:epc:tag:sgtin-96:1.9506000.013435.${serial}`, `urn:epc:id:sgtin:9506000.013435.${serial}`]) {
        expect((await ok(`query($c: String!) { unit(code: $c) { id } }`, { c: code })).unit.id).toBe(id);
      }
    });

    it("exports a unit's events with EPC URNs on request, valid and with the same hashes", async () => {
      const [a] = (await commission(1)).unitIds;
      await capture([objectEvent([a], { eventTime: at(29), bizStep: "shipping" })]);
      const dl = await ok(`query($c: String) { exportEpcis(filter: { code: $c }) }`, { c: a });
      const noPrefix = await q(`query($c: String) { exportEpcis(filter: { code: $c }, epcFormat: ALWAYS_EPC_URN) }`, { c: a });
      expect(noPrefix.errors[0].extensions.code).toBe("BAD_USER_INPUT");
      expect(noPrefix.errors[0].message).toMatch(/companyPrefixLength/);
      const urn = await ok(`query($c: String) { exportEpcis(filter: { code: $c }, epcFormat: ALWAYS_EPC_URN, companyPrefixLength: 7) }`, { c: a });
      const eventsOf = (d: any) => d.epcisBody.eventList as { epcList: string[]; eventID: string }[];
      expect(eventsOf(dl.exportEpcis)).toHaveLength(2);
      expect(eventsOf(urn.exportEpcis)[1]?.epcList[0]).toMatch(/^urn:epc:id:sgtin:/);
      expect(eventsOf(urn.exportEpcis).map((e) => e.eventID)).toEqual(eventsOf(dl.exportEpcis).map((e) => e.eventID));
    });

    it("refuses filters with unknown vocabulary or malformed codes", async () => {
      expect((await q(`{ events(first: 1, filter: { bizSteps: ["flying"] }) { totalCount } }`)).errors[0].extensions.code).toBe("BAD_USER_INPUT");
      expect((await q(`{ events(first: 1, filter: { code: "(01)09506000134353(21)1" }) { totalCount } }`)).errors[0].extensions.code).toBe("BAD_USER_INPUT");
      expect((await q(`{ events(first: 1, filter: { eventTypes: ["PartyEvent"] }) { totalCount } }`)).errors[0].extensions.code).toBe("BAD_USER_INPUT");
    });
  });
});
