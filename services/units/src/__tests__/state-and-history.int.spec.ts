import { type TestHub, startHub } from "@tracehub/testkit";

const GTIN = "09506000134352";
const SITE = "https://id.gs1.org/414/9506000000008";
const CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
const CAPTURE = `mutation($doc: JSON!, $b: CaptureErrorBehavior) { captureEvents(document: $doc, errorBehavior: $b) {
  stored duplicates eventIds rejected { eventIndex path message } alerts { kind unitId } } }`;
const PACK = `mutation($i: PackInput!) { pack(input: $i) { eventId } }`;
const UNPACK = `mutation($i: PackInput!) { unpack(input: $i) { eventId } }`;
const SCAN = `mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`;

function doc(events: Record<string, unknown>[]) {
  return { "@context": [CONTEXT], type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2026-01-01T00:00:00Z", epcisBody: { eventList: events } };
}
const event = (type: string, eventTime: string, fields: Record<string, unknown>) => ({ type, eventTime, eventTimeZoneOffset: "+00:00", ...fields });
const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 1, day, hour)).toISOString();
const fromNow = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

let serials = 0;
let ssccs = 0;
/** A fresh SSCC of company prefix 9506000 (check digit computed), as a Digital Link. */
function newSscc(): string {
  const body = `0${"9506000"}${String(100_000 + ++ssccs).padStart(9, "0")}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return `https://id.gs1.org/00/${body}${(10 - (sum % 10)) % 10}`;
}

describe("units: state and history agree, and event times are bounded, through the gateway", () => {
  let hub: TestHub;
  let op: string;
  const q = (query: string, variables: Record<string, unknown> = {}, token = op) => hub.query(query, variables, token) as Promise<any>;
  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await q(query, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const capture = async (events: Record<string, unknown>[], b = "ROLLBACK") => (await ok(CAPTURE, { doc: doc(events), b })).captureEvents;
  const unit = async (id: string, fields = "status disposition location parent { id } children { id } contents { unit { id } }") =>
    (await ok(`query($c: String!) { unit(code: $c) { ${fields} } }`, { c: id })).unit;
  const commission = async (count: number, extra: Record<string, unknown> = {}): Promise<string[]> =>
    (
      await ok(`mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds } }`, {
        i: { gtin: GTIN, serials: Array.from({ length: count }, () => `SH-${++serials}`), eventTime: "2026-01-01T00:00:00Z", ...extra },
      })
    ).commissionUnits.unitIds;

  /** The unit's container now, as the state says and as the containment history says: they must be the same. */
  async function containerOf(id: string): Promise<string | null> {
    const u = (await ok(`query($c: String!, $t: DateTimeISO!) { unit(code: $c) { parent { id children { id } } containersAt(time: $t) { id } } }`, { c: id, t: new Date().toISOString() })).unit;
    const fromHistory = u.containersAt[0]?.id ?? null;
    expect(u.parent?.id ?? null).toBe(fromHistory);
    if (u.parent) expect(u.parent.children.map((c: { id: string }) => c.id)).toContain(id);
    return fromHistory;
  }
  const timeline = async (id: string) =>
    (await ok(`query($c: String!) { provenance(code: $c) { timeline { eventId bizStep eventTime inherited via } } }`, { c: id })).provenance.timeline as {
      eventId: string;
      bizStep: string;
      inherited: boolean;
      via: string | null;
    }[];

  beforeAll(async () => {
    hub = await startHub();
    op = await hub.token({ roles: ["operator"] });
    await hub.seed.product(GTIN, "Ibuprofen 400 mg");
  });
  afterAll(() => hub?.stop());

  describe("event times (defect 4)", () => {
    it("refuses an event dated beyond the clock skew, naming the event and the field, and stores nothing under ROLLBACK", async () => {
      const [a] = await commission(1);
      const far = event("ObjectEvent", "4000-01-01T00:00:00Z", { epcList: [a], action: "OBSERVE", bizStep: "shipping" });
      const real = event("ObjectEvent", fromNow(-60), { epcList: [a], action: "OBSERVE", bizStep: "receiving", bizLocation: { id: SITE } });
      const rolled = await capture([real, far]);
      expect(rolled).toMatchObject({ stored: 0, duplicates: 0, eventIds: [] });
      expect(rolled.rejected).toEqual([{ eventIndex: 1, path: "$.epcisBody.eventList[1].eventTime", message: expect.stringMatching(/^eventTime 4000-01-01T00:00:00.000Z is .* ahead of the hub's clock; .* at most 300 s/) }]);
      const proceeded = await capture([real, far], "PROCEED");
      expect(proceeded).toMatchObject({ stored: 1, rejected: [{ eventIndex: 1 }] });
      expect(await unit(a as string, "status disposition location")).toEqual({ status: "ACTIVE", disposition: "in_progress", location: SITE });
      // The real scans that follow keep moving the unit.
      await ok(SCAN, { i: { codes: [a], bizStep: "shipping" } });
      expect((await unit(a as string, "status")).status).toBe("IN_TRANSIT");
    });

    it("refuses event times before 1970 and year 0 per event, never as an internal error", async () => {
      const [a] = await commission(1);
      const res = await capture(
        [
          event("ObjectEvent", "0000-01-01T00:00:00Z", { epcList: [a], action: "OBSERVE", bizStep: "inspecting" }),
          event("ObjectEvent", "1969-12-31T23:59:59Z", { epcList: [a], action: "OBSERVE", bizStep: "inspecting" }),
          event("ObjectEvent", at(2), { epcList: [a], action: "OBSERVE", bizStep: "inspecting" }),
        ],
        "PROCEED",
      );
      expect(res.stored).toBe(1);
      expect(res.rejected.map((r: any) => [r.eventIndex, r.path])).toEqual([
        [0, "$.epcisBody.eventList[0].eventTime"],
        [1, "$.epcisBody.eventList[1].eventTime"],
      ]);
      expect(res.rejected[0].message).toMatch(/before 1970-01-01/);
    });

    it("accepts an event within the clock skew, and a real scan recorded after it still updates the unit", async () => {
      const [a] = await commission(1);
      // A scanner whose clock runs 4 minutes fast ships the unit.
      expect(await capture([event("ObjectEvent", fromNow(240), { epcList: [a], action: "OBSERVE", bizStep: "shipping" })])).toMatchObject({ stored: 1, rejected: [] });
      expect((await unit(a as string, "status")).status).toBe("IN_TRANSIT");
      // A real receiving, now, is later than the shipment was recorded: it wins.
      await ok(SCAN, { i: { codes: [a], bizStep: "receiving", bizLocation: SITE } });
      expect(await unit(a as string, "status disposition location")).toEqual({ status: "ACTIVE", disposition: "in_progress", location: SITE });
    });

    it("applies an event with the same time as the last one applied (the later recorded wins)", async () => {
      const [a] = await commission(1);
      await capture([event("ObjectEvent", at(3), { epcList: [a], action: "OBSERVE", bizStep: "shipping" })]);
      await capture([event("ObjectEvent", at(3), { epcList: [a], action: "OBSERVE", bizStep: "receiving" })]);
      expect((await unit(a as string, "status disposition")).disposition).toBe("in_progress");
    });

    it("still ignores a late upload of an event older than the unit's state", async () => {
      const [a] = await commission(1);
      await capture([event("ObjectEvent", at(5), { epcList: [a], action: "OBSERVE", bizStep: "retail_selling" })]);
      await capture([event("ObjectEvent", at(4), { epcList: [a], action: "OBSERVE", bizStep: "shipping" })]);
      expect((await unit(a as string, "status")).status).toBe("SOLD");
    });

    it("refuses a command's eventTime beyond the clock skew with BAD_USER_INPUT naming eventTime", async () => {
      const [a, b] = await commission(2);
      const box = newSscc();
      const future = fromNow(3600);
      for (const [query, input] of [
        [SCAN, { codes: [a], bizStep: "receiving", eventTime: future }],
        [PACK, { parent: box, children: [b], eventTime: future }],
        [UNPACK, { parent: box, eventTime: future }],
        [`mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { count } }`, { gtin: GTIN, count: 1, eventTime: future }],
      ] as const) {
        const res = await q(query, { i: input });
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "eventTime", reason: "EVENT_TIME_OUT_OF_RANGE" });
        expect(res.errors?.[0]?.message).toMatch(/^'eventTime' .* ahead of the hub's clock/);
      }
    });
  });

  describe("duplicates inside one document (defect 14)", () => {
    it("reports the second copy of an event as a duplicate with the id the first was stored under", async () => {
      const [a] = await commission(1);
      const base = event("ObjectEvent", at(6), { epcList: [a], action: "OBSERVE", bizStep: "inspecting" });
      const first = { ...base, eventID: "urn:uuid:6a1f0c2e-1111-4c39-9d55-2b1f0c7a9e10" };
      const copy = { ...base, eventID: "urn:uuid:6a1f0c2e-2222-4c39-9d55-2b1f0c7a9e10" };
      const res = await capture([first, copy, first]);
      expect(res).toMatchObject({ stored: 1, duplicates: 2, rejected: [] });
      expect(res.eventIds).toEqual([first.eventID, first.eventID, first.eventID]);
      const stored = await ok(`query($ids: [String!]) { events(first: 5, filter: { eventIds: $ids }) { totalCount } }`, { ids: [copy.eventID] });
      expect(stored.events.totalCount).toBe(0);
      const again = await capture([copy]);
      expect(again).toMatchObject({ stored: 0, duplicates: 1, eventIds: [first.eventID] });
    });
  });

  describe("containment (defect 9)", () => {
    it("empties a container unpacked without naming children: parent, children, contents and history agree", async () => {
      const units = await commission(3);
      const [box, pallet] = [newSscc(), newSscc()];
      await ok(PACK, { i: { parent: box, children: units.slice(0, 2), eventTime: at(7, 8) } });
      await ok(PACK, { i: { parent: pallet, children: [box, units[2]], eventTime: at(7, 9) } });
      expect(await containerOf(box)).toBe(pallet);
      await ok(UNPACK, { i: { parent: pallet, eventTime: at(7, 10) } });
      expect(await unit(pallet, "children { id } contents { unit { id } }")).toEqual({ children: [], contents: [] });
      expect(await containerOf(box)).toBeNull();
      expect(await containerOf(units[2] as string)).toBeNull();
      // What was inside the box stays inside it.
      expect(await containerOf(units[0] as string)).toBe(box);
      expect((await ok(`{ units(first: 5, filter: { container: "${pallet}" }) { totalCount } }`)).units.totalCount).toBe(0);
      const unpacking = (await timeline(box)).find((e) => e.bizStep === "unpacking");
      expect(unpacking).toMatchObject({ inherited: true, via: pallet });
    });

    it("empties a container on an AggregationEvent DELETE without childEPCs sent through captureEvents", async () => {
      const units = await commission(2);
      const box = newSscc();
      await capture([event("AggregationEvent", at(8, 8), { parentID: box, childEPCs: units, action: "ADD", bizStep: "packing" })]);
      expect(await containerOf(units[0] as string)).toBe(box);
      await capture([event("AggregationEvent", at(8, 9), { parentID: box, action: "DELETE", bizStep: "unpacking", bizLocation: { id: SITE } })]);
      for (const id of units) expect(await containerOf(id)).toBeNull();
      expect(await unit(units[0] as string, "location")).toEqual({ location: SITE });
      expect(await unit(box, "children { id }")).toEqual({ children: [] });
    });

    it("moves a container's contents with a TransactionEvent on the container, and keeps them inside", async () => {
      const units = await commission(2);
      const box = newSscc();
      await ok(PACK, { i: { parent: box, children: units, eventTime: at(9, 8) } });
      const res = await capture([
        event("TransactionEvent", at(9, 9), {
          bizTransactionList: [{ type: "po", bizTransaction: "urn:epcglobal:cbv:bt:9506000000008:PO-TX-1" }],
          epcList: [box],
          action: "ADD",
          bizStep: "shipping",
          bizLocation: { id: SITE },
        }),
      ]);
      for (const id of units) {
        expect(await unit(id, "status location")).toEqual({ status: "IN_TRANSIT", location: SITE });
        expect(await containerOf(id)).toBe(box);
      }
      expect((await timeline(units[0] as string)).find((e) => e.bizStep === "shipping")).toMatchObject({ eventId: res.eventIds[0], inherited: true, via: box });
    });

    it("takes a unit consumed by a TransformationEvent out of its container, in state and history", async () => {
      const units = await commission(2);
      const box = newSscc();
      await ok(PACK, { i: { parent: box, children: units, eventTime: at(10, 8) } });
      await capture([
        event("TransformationEvent", at(10, 9), { inputEPCList: [units[0]], outputEPCList: [`https://id.gs1.org/01/${GTIN}/21/SH-KIT-1`], bizStep: "commissioning" }),
      ]);
      expect(await unit(units[0] as string, "status")).toEqual({ status: "CONSUMED" });
      expect(await containerOf(units[0] as string)).toBeNull();
      expect(await containerOf(units[1] as string)).toBe(box);
    });

    it("frees the contents of a container whose id is deleted, without decommissioning them", async () => {
      const units = await commission(1);
      const box = newSscc();
      await capture([event("ObjectEvent", at(11, 7), { epcList: [box], action: "ADD", bizStep: "commissioning", disposition: "active" })]);
      await ok(PACK, { i: { parent: box, children: units, eventTime: at(11, 8) } });
      await capture([event("ObjectEvent", at(11, 9), { epcList: [box], action: "DELETE", bizStep: "decommissioning" })]);
      expect(await unit(box, "status")).toEqual({ status: "DECOMMISSIONED" });
      expect(await unit(units[0] as string, "status")).toEqual({ status: "ACTIVE" });
      expect(await containerOf(units[0] as string)).toBeNull();
    });

    it("keeps a container's events after a unit left it out of the unit's provenance and state", async () => {
      const units = await commission(2);
      const box = newSscc();
      await ok(PACK, { i: { parent: box, children: units, eventTime: at(12, 8) } });
      await ok(UNPACK, { i: { parent: box, children: [units[0]], eventTime: at(12, 9) } });
      await ok(UNPACK, { i: { parent: box, eventTime: at(12, 10) } });
      const shipped = await ok(SCAN, { i: { codes: [box], bizStep: "shipping", bizLocation: SITE, eventTime: at(12, 11) } });
      for (const id of units) {
        const story = await timeline(id);
        expect(story.map((e) => e.eventId)).not.toContain(shipped.recordMovement.eventId);
        expect(await unit(id, "status location")).toEqual({ status: "ACTIVE", location: null });
      }
      expect((await timeline(units[1] as string)).map((e) => e.bizStep)).toEqual(["commissioning", "packing", "unpacking", "unpacking"]);
    });
  });

  describe("lifecycle", () => {
    it("gives DESTROYED for a DELETE with the disposition destroyed, DECOMMISSIONED without one", async () => {
      const [a, b] = await commission(2);
      await capture([
        event("ObjectEvent", at(13), { epcList: [a], action: "DELETE", bizStep: "destroying", disposition: "destroyed" }),
        event("ObjectEvent", at(13), { epcList: [b], action: "DELETE", bizStep: "decommissioning" }),
      ]);
      expect(await unit(a as string, "status disposition")).toEqual({ status: "DESTROYED", disposition: "destroyed" });
      expect(await unit(b as string, "status disposition")).toEqual({ status: "DECOMMISSIONED", disposition: "inactive" });
    });

    it("raises no EXPIRED_UNIT_SOLD for a sale on the expiry date itself, and raises it the day after", async () => {
      const [a, b] = await commission(2, { expiry: "2026-02-14" });
      const onTheDay = await capture([event("ObjectEvent", "2026-02-14T23:59:59Z", { epcList: [a], action: "OBSERVE", bizStep: "retail_selling" })]);
      expect(onTheDay.alerts).toEqual([]);
      const dayAfter = await capture([event("ObjectEvent", "2026-02-15T00:00:00Z", { epcList: [b], action: "OBSERVE", bizStep: "retail_selling" })]);
      expect(dayAfter.alerts).toEqual([{ kind: "EXPIRED_UNIT_SOLD", unitId: b }]);
    });
  });
});

describe("units: a configured clock skew, through the gateway", () => {
  let hub: TestHub;
  let op: string;

  beforeAll(async () => {
    hub = await startHub({ futureToleranceSeconds: 30 });
    op = await hub.token({ roles: ["operator"] });
    await hub.seed.product(GTIN, "Ibuprofen 400 mg");
  });
  afterAll(() => hub?.stop());

  it("refuses event times further ahead than the configured tolerance, in documents and commands", async () => {
    const two = fromNow(120);
    const captured: any = await hub.query(CAPTURE, { doc: doc([event("ObjectEvent", two, { epcList: [`https://id.gs1.org/01/${GTIN}/21/SK-1`], action: "OBSERVE", bizStep: "receiving" })]) }, op);
    expect(captured.data.captureEvents.rejected).toEqual([{ eventIndex: 0, path: "$.epcisBody.eventList[0].eventTime", message: expect.stringContaining("at most 30 s in the future") }]);
    const scan: any = await hub.query(SCAN, { i: { codes: [`(01)${GTIN}(21)SK-1`], bizStep: "receiving", eventTime: two } }, op);
    expect(scan.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "eventTime" });
    const within: any = await hub.query(SCAN, { i: { codes: [`(01)${GTIN}(21)SK-1`], bizStep: "receiving", eventTime: fromNow(-5) } }, op);
    expect(within.errors).toBeUndefined();
  });
});
