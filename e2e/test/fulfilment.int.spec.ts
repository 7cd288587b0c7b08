import { parseCode, toDigitalLink, toElementString, toEpcUri } from "@tracehub/gs1";
import { type TestHub, startHub } from "@tracehub/testkit";
import { PUBLIC_OPERATIONS } from "@tracehub/gateway/public-operations";

// Issue 12: a storefront's flow through the gateway. A shop holds a brand's units (shipped to and received at its
// location); it takes an order, allocates exact serials by scanning them in any GS1 form (every refusal reason is
// built here), packs, ships and delivers (units learn of each step through the outbox), and checks returns against
// the sale (every verdict is built here). Customers stay with the shop.
const A = "09506000134352";
const B = "09506000134369";
const C = "09506000134376";
const SHOP_GLN = "4000001000005";
const RIVAL_GLN = "4000002000004";
const CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";
const doc = (events: Record<string, unknown>[]) => ({ "@context": [CONTEXT], type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2026-01-01T00:00:00Z", epcisBody: { eventList: events } });
const event = (epcs: string[], fields: Record<string, unknown>) => ({ type: "ObjectEvent", eventTime: new Date().toISOString(), eventTimeZoneOffset: "+00:00", epcList: epcs, action: "OBSERVE", ...fields });

const ORDER_FIELDS = `id reference status sscc shipFrom lines { gtin quantity allocated remaining } customer { name email address { lines city postalCode country } } customerName`;
const CREATE = `mutation($i: CreateOrderInput!) { createOrder(input: $i) { ${ORDER_FIELDS} } }`;
const ALLOCATE = `mutation($o: ID!, $c: String!) { allocateUnit(orderId: $o, code: $c) { allocated unitId refusal { code message } order { status } line { allocated remaining } } }`;
const RETURN = `mutation($o: ID!, $c: String!, $r: String) { requestReturn(orderId: $o, code: $c, reason: $r) { verdict verified verificationFailureReason return { id status unitId } } }`;

describe("fulfilment: allocate by scan, ship, deliver and verify returns through the gateway", () => {
  let hub: TestHub;
  let op: string;
  let brand: string;
  let shop: string;
  let rival: string;
  let regulator: string;
  /** Units by what became of them before the order. */
  const u = {} as Record<"late" | "early" | "expired" | "recalled" | "held" | "gone" | "transit" | "brandKept" | "rivals" | "sock" | "cap" | "later", string[]>;
  const data = async (query: string, variables: Record<string, unknown>, token: string | null) => {
    const res = await hub.query<any>(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const capture = async (events: Record<string, unknown>[], token: string) => {
    const out = (await data(`mutation($d: JSON!) { captureEvents(document: $d) { stored rejected { message } } }`, { d: doc(events) }, token)).captureEvents;
    expect(out.rejected).toEqual([]);
  };
  const commission = async (gtin: string, lot: string, count: number, expiry = "2030-12-31") =>
    (await data(`mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds } }`, { i: { gtin, lot, expiry, count, serialType: "SEQUENTIAL" } }, brand)).commissionUnits.unitIds as string[];
  const handOver = async (ids: string[], gln: string, receive = true) => {
    await capture([event(ids, { bizStep: "shipping", destinationList: [{ type: "owning_party", destination: `https://id.gs1.org/417/${gln}` }] })], brand);
    if (receive) await capture([event(ids, { bizStep: "receiving", bizLocation: { id: `https://id.gs1.org/414/${gln}` } })], brand);
  };
  const status = async (code: string, token = brand) => (await data(`query($c: String!) { unit(code: $c) { status } }`, { c: code }, token)).unit?.status;
  const until = async <T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> => {
    let last: T = await read();
    for (const end = Date.now() + 15_000; !ok(last) && Date.now() < end; ) {
      await new Promise((r) => setTimeout(r, 100));
      last = await read();
    }
    if (!ok(last)) throw new Error(`${what}: still ${JSON.stringify(last)}`);
    return last;
  };
  const allocate = async (orderId: string, code: string, token = shop) => (await data(ALLOCATE, { o: orderId, c: code }, token)).allocateUnit;
  const createOrder = async (input: Record<string, unknown>, token = shop) => (await data(CREATE, { i: input }, token)).createOrder;
  const fulfil = async (orderId: string, codes: string[]) => {
    for (const code of codes) expect((await allocate(orderId, code)).allocated).toBe(true);
    await data(`mutation($o: ID!) { packOrder(orderId: $o) { status } }`, { o: orderId }, shop);
    await data(`mutation($o: ID!) { shipOrder(orderId: $o) { status } }`, { o: orderId }, shop);
    return (await data(`mutation($o: ID!) { confirmDelivery(orderId: $o) { status deliveredAt } }`, { o: orderId }, shop)).confirmDelivery;
  };

  beforeAll(async () => {
    hub = await startHub({ gateway: { tracking: { pollMs: 100 } } });
    op = await hub.token({ sub: "op", org: null, roles: ["operator"] });
    const brandOrg = await hub.seed.organization({ name: "Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const shopOrg = await hub.seed.organization({ name: "Shop", kind: "RETAILER", companyPrefixes: ["4000001"] });
    const rivalOrg = await hub.seed.organization({ name: "Rival shop", kind: "RETAILER", companyPrefixes: ["4000002"] });
    const agency = await hub.seed.organization({ name: "Agency", kind: "REGULATOR" });
    for (const [org, gln] of [
      [shopOrg, SHOP_GLN],
      [rivalOrg, RIVAL_GLN],
    ] as const) {
      await data(`mutation($o: ID!, $g: String!) { addLocation(input: { organizationId: $o, gln: $g, name: "Store" }) { gln } }`, { o: org, g: gln }, op);
    }
    brand = await hub.token({ sub: "b", org: brandOrg, roles: ["brand_owner", "compliance"] });
    shop = await hub.token({ sub: "picker", org: shopOrg, roles: ["fulfilment"] });
    rival = await hub.token({ sub: "r", org: rivalOrg, roles: ["fulfilment"] });
    regulator = await hub.token({ sub: "reg", org: agency, roles: ["regulator"] });
    for (const [gtin, name] of [
      [A, "Sneaker"],
      [B, "Sock"],
      [C, "Cap"],
    ]) {
      await data(`mutation($g: String!, $n: String!) { upsertProduct(input: { gtin: $g, name: $n }) { gtin } }`, { g: gtin, n: name }, brand);
    }
    u.late = await commission(A, "LATE", 6, "2031-06-30");
    u.early = await commission(A, "EARLY", 3, "2030-01-31");
    u.expired = await commission(A, "OLD", 1, "2021-01-31");
    u.recalled = await commission(A, "BAD", 1);
    u.held = await commission(A, "HELD", 1);
    u.gone = await commission(A, "GONE", 4); // destroyed, decommissioned, sold, stolen
    u.transit = await commission(A, "ROAD", 1);
    u.brandKept = await commission(A, "KEPT", 1);
    u.rivals = await commission(A, "RIVAL", 1);
    u.sock = await commission(B, "S1", 3);
    u.cap = await commission(C, "C1", 1);
    u.later = await commission(A, "LATER", 2); // sold, then recalled after delivery
    await handOver([...u.late, ...u.early, ...u.expired, ...u.recalled, ...u.held, ...u.gone, ...u.sock, ...u.cap, ...u.later], SHOP_GLN);
    await handOver(u.transit, SHOP_GLN, false);
    await handOver(u.rivals, RIVAL_GLN);
    const [destroyed, decommissioned, sold, stolen] = u.gone as [string, string, string, string];
    await capture(
      [
        event([destroyed], { bizStep: "destroying" }),
        { ...event([decommissioned], { bizStep: "decommissioning" }), action: "DELETE" },
        event([sold], { bizStep: "retail_selling" }),
        event([stolen], { disposition: "stolen" }),
      ],
      brand,
    );
    await hub.seed.recall({ gtin: A, lots: ["BAD"], reason: "Sole separates" });
    await data(`mutation($i: OpenQuarantineInput!) { openQuarantine(input: $i) { id } }`, { i: { gtin: A, lots: ["HELD"], reason: "Glue under review" } }, brand);
    await until(() => status(u.recalled[0] as string), (s) => s === "RECALLED", "the recall reaches units");
  });
  afterAll(() => hub?.stop());

  let orderId: string;

  it("creates an order with its customer and lines; the reference is unique per seller; bad input changes nothing", async () => {
    const input = {
      reference: "WEB-1001",
      customer: { name: "Jane Doe", email: "jane@example.com", address: { lines: ["1 High Street"], city: "Leeds", postalCode: "LS1 1AA", country: "GB" } },
      lines: [
        { gtin: A, quantity: 3 },
        { gtin: "9506000134369", quantity: 1 },
      ],
    };
    const order = await createOrder(input);
    orderId = order.id;
    expect(order).toMatchObject({
      reference: "WEB-1001",
      status: "OPEN",
      shipFrom: `https://id.gs1.org/414/${SHOP_GLN}`,
      customerName: "Jane Doe",
      customer: { name: "Jane Doe", email: "jane@example.com", address: { lines: ["1 High Street"], city: "Leeds", postalCode: "LS1 1AA", country: "GB" } },
      lines: [
        { gtin: A, quantity: 3, allocated: 0, remaining: 3 },
        { gtin: B, quantity: 1, allocated: 0, remaining: 1 },
      ],
    });
    const again = await hub.query<any>(CREATE, { i: input }, shop);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "REFERENCE_TAKEN" });
    // The same reference is another seller's own business.
    expect((await createOrder({ ...input, customer: { name: "Someone" } }, rival)).reference).toBe("WEB-1001");
    for (const [bad, field] of [
      [{ ...input, reference: "X1", lines: [{ gtin: "09506000134353", quantity: 1 }] }, "lines[0].gtin"],
      [{ ...input, reference: "X2", lines: [{ gtin: A, quantity: 0 }] }, "lines[0].quantity"],
      [{ ...input, reference: "X3", customer: { name: "J", email: "not-an-email" } }, "customer.email"],
      [{ ...input, reference: "X4", customer: { name: " " } }, "customer.name"],
      [{ ...input, reference: "X5", lines: [] }, "lines"],
      [{ ...input, reference: "X6", customer: { name: "J", address: { lines: ["x"], city: "y", country: "gb" } } }, "customer.address.country"],
    ] as const) {
      const res = await hub.query<any>(CREATE, { i: bad }, shop);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    expect((await data(`{ orders(first: 50) { totalCount } }`, {}, shop)).orders.totalCount).toBe(1);
  });

  it("suggests what to pick first expiry first, from the shop's sellable stock only", async () => {
    const picks = (await data(`query($o: ID!) { pickSuggestions(orderId: $o) { unitId gtin lot expiry location } }`, { o: orderId }, shop)).pickSuggestions;
    expect(picks.filter((p: any) => p.gtin === A).map((p: any) => p.unitId)).toEqual([...u.early]);
    expect(picks.filter((p: any) => p.gtin === B)).toEqual([{ unitId: u.sock[0], gtin: B, lot: "S1", expiry: "2030-12-31", location: `https://id.gs1.org/414/${SHOP_GLN}` }]);
    const more = (await data(`query($o: ID!) { pickSuggestions(orderId: $o, perLine: 5) { unitId gtin } }`, { o: orderId }, shop)).pickSuggestions;
    // Still the line's need at most; nothing expired, recalled, held, gone, in transit or someone else's.
    expect(more.filter((p: any) => p.gtin === A).map((p: any) => p.unitId)).toEqual([...u.early]);
    const elsewhere = await data(`query($o: ID!) { pickSuggestions(orderId: $o, location: "https://id.gs1.org/414/${RIVAL_GLN}") { unitId } }`, { o: orderId }, shop);
    expect(elsewhere.pickSuggestions).toEqual([]);
    // Another seller's order shows nothing to pick, as an order that does not exist.
    expect((await data(`query($o: ID!) { pickSuggestions(orderId: $o) { unitId } }`, { o: orderId }, rival)).pickSuggestions).toEqual([]);
  });

  it("refuses every unsellable scan with its reason and changes nothing", async () => {
    const [destroyed, decommissioned, sold, stolen] = u.gone as string[];
    const unknown = `(01)${A}(21)NEVER-MADE`;
    const cases: [string, string][] = [
      [unknown, "UNKNOWN_UNIT"],
      [u.cap[0] as string, "GTIN_NOT_ON_ORDER"],
      [u.expired[0] as string, "EXPIRED"],
      [u.recalled[0] as string, "RECALLED"],
      [u.held[0] as string, "ON_HOLD"],
      [destroyed as string, "DESTROYED"],
      [decommissioned as string, "DECOMMISSIONED"],
      [sold as string, "ALREADY_SOLD"],
      [stolen as string, "NOT_SELLABLE"],
      [u.transit[0] as string, "IN_TRANSIT"],
      [u.brandKept[0] as string, "NOT_IN_CUSTODY"],
      [u.rivals[0] as string, "NOT_IN_CUSTODY"],
    ];
    for (const [code, reason] of cases) {
      const result = await allocate(orderId, code);
      expect({ code, allocated: result.allocated, reason: result.refusal?.code }).toEqual({ code, allocated: false, reason });
      expect(result.refusal.message.length).toBeGreaterThan(10);
    }
    const bad = await hub.query<any>(ALLOCATE, { o: orderId, c: `(01)${A.slice(0, 13)}9(21)X` }, shop);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "code" });
    const order = (await data(`query($o: ID!) { order(id: $o) { status lines { allocated } units { id } } }`, { o: orderId }, shop)).order;
    expect(order).toEqual({ status: "OPEN", lines: [{ allocated: 0 }, { allocated: 0 }], units: [] });
  });

  it("allocates scans in every identifier form, refuses repeats and a full line, and says which order holds a unit", async () => {
    const key = (id: string) => parseCode(id);
    const forms = [
      toElementString(key(u.early[0] as string)),
      toDigitalLink(key(u.early[1] as string), { stem: "https://shop.example.com" }),
      toEpcUri(key(u.early[2] as string), { companyPrefixLength: 7 }),
    ];
    const first = await allocate(orderId, forms[0] as string);
    expect(first).toMatchObject({ allocated: true, refusal: null, unitId: u.early[0], order: { status: "OPEN" }, line: { allocated: 1, remaining: 2 } });
    expect((await allocate(orderId, u.early[0] as string)).refusal.code).toBe("ALREADY_ON_THIS_ORDER");
    expect((await allocate(orderId, forms[1] as string)).allocated).toBe(true);
    expect((await allocate(orderId, forms[2] as string)).allocated).toBe(true);
    expect((await allocate(orderId, u.late[0] as string)).refusal.code).toBe("LINE_COMPLETE");
    const other = await createOrder({ reference: "WEB-1002", customer: { name: "Jane Doe", email: "JANE@example.com" }, lines: [{ gtin: A, quantity: 1 }] });
    const taken = await allocate(other.id, u.early[0] as string);
    expect(taken.refusal).toEqual({ code: "ALREADY_ALLOCATED", message: "This unit is allocated to order WEB-1001." });
    // The same email is the same customer of the shop, updated by the newer order.
    expect(other.customer).toMatchObject({ name: "Jane Doe", email: "jane@example.com", address: { city: "Leeds" } });
    expect((await data(`{ customers { totalCount } }`, {}, shop)).customers.totalCount).toBe(1);
    const last = await allocate(orderId, `${u.sock[0]}`);
    expect(last).toMatchObject({ allocated: true, order: { status: "ALLOCATED" } });
    await data(`mutation($o: ID!) { cancelOrder(orderId: $o) { status } }`, { o: other.id }, shop);
  });

  it("gives a unit to exactly one of two orders scanning it at once, and never overfills a line", async () => {
    const x = await createOrder({ reference: "RACE-1", customer: { name: "R1" }, lines: [{ gtin: A, quantity: 1 }] });
    const y = await createOrder({ reference: "RACE-2", customer: { name: "R2" }, lines: [{ gtin: A, quantity: 1 }] });
    const contested = u.late[5] as string;
    const results = await Promise.all([allocate(x.id, contested), allocate(y.id, contested), allocate(x.id, contested), allocate(y.id, contested)]);
    expect(results.filter((r) => r.allocated)).toHaveLength(1);
    expect(results.filter((r) => !r.allocated).map((r) => r.refusal.code).sort()).toEqual(expect.arrayContaining(["ALREADY_ALLOCATED"]));
    const z = await createOrder({ reference: "RACE-3", customer: { name: "R3" }, lines: [{ gtin: A, quantity: 2 }] });
    const scans = await Promise.all(u.late.slice(1, 5).map((code) => allocate(z.id, code)));
    expect(scans.filter((r) => r.allocated)).toHaveLength(2);
    expect(scans.filter((r) => !r.allocated).map((r) => r.refusal.code)).toEqual(["LINE_COMPLETE", "LINE_COMPLETE"]);
    for (const o of [x, y, z]) await data(`mutation($o: ID!) { cancelOrder(orderId: $o) { status } }`, { o: o.id }, shop);
    // Cancelling released them: they can be picked again.
    const again = await createOrder({ reference: "RACE-4", customer: { name: "R4" }, lines: [{ gtin: A, quantity: 1 }] });
    expect((await allocate(again.id, contested)).allocated).toBe(true);
    await data(`mutation($o: ID!) { cancelOrder(orderId: $o) { status } }`, { o: again.id }, shop);
  });

  let deliveredAt: string;

  it("packs into an SSCC, ships and delivers; units follow through the outbox", async () => {
    const packed = (await data(`mutation($o: ID!) { packOrder(orderId: $o) { status sscc packedAt } }`, { o: orderId }, shop)).packOrder;
    expect(packed.status).toBe("PACKED");
    expect(packed.sscc).toMatch(/^04000001\d{10}$/);
    const unit = u.early[0] as string;
    const parent = async () => (await data(`query($c: String!) { unit(code: $c) { parent { id } } }`, { c: unit }, shop)).unit.parent?.id;
    await until(parent, (p) => p === `https://id.gs1.org/00/${packed.sscc}`, "the units are packed");
    const early = await hub.query<any>(`mutation($o: ID!) { confirmDelivery(orderId: $o) { status } }`, { o: orderId }, shop);
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "ORDER_STATUS" });
    expect((await data(`mutation($o: ID!) { shipOrder(orderId: $o) { status shippedAt } }`, { o: orderId }, shop)).shipOrder.status).toBe("SHIPPED");
    await until(() => status(unit), (s) => s === "IN_TRANSIT", "the units ship");
    expect(await status(u.sock[0] as string)).toBe("IN_TRANSIT");
    const delivered = (await data(`mutation($o: ID!) { confirmDelivery(orderId: $o) { status deliveredAt } }`, { o: orderId }, shop)).confirmDelivery;
    expect(delivered.status).toBe("DELIVERED");
    deliveredAt = delivered.deliveredAt;
    await until(() => status(unit), (s) => s === "SOLD", "the units are sold");
    const seen = (await data(`query($c: String!) { unit(code: $c) { parent { id } order { reference status } soldAt } }`, { c: unit }, shop)).unit;
    expect(seen).toEqual({ parent: null, order: { reference: "WEB-1001", status: "DELIVERED" }, soldAt: deliveredAt });
    const steps = (await data(`query($c: String!) { events(filter: { code: $c, includeContainers: true }) { edges { node { bizStep } } } }`, { c: unit }, shop)).events.edges.map((e: any) => e.node.bizStep);
    expect(steps.slice(-4)).toEqual(["packing", "shipping", "unpacking", "retail_selling"]);
  });

  it("answers a unit's warranty from delivery, to the seller with the order and to the brand without it", async () => {
    await data(`mutation { setWarrantyPolicy(gtin: "${A}", months: 24) { months } }`, {}, shop);
    const unit = u.early[0] as string;
    const w = (await data(`query($c: String!) { warranty(code: $c) { status covered months startsAt endsAt order { reference } } }`, { c: unit }, shop)).warranty;
    const end = new Date(deliveredAt);
    end.setUTCFullYear(end.getUTCFullYear() + 2);
    expect(w).toEqual({ status: "COVERED", covered: true, months: 24, startsAt: deliveredAt, endsAt: end.toISOString(), order: { reference: "WEB-1001" } });
    expect((await data(`query($c: String!) { warranty(code: $c) { status order { id } } }`, { c: unit }, brand)).warranty).toEqual({ status: "COVERED", order: null });
    expect((await data(`query($c: String!) { warranty(code: $c) { status } }`, { c: unit }, rival)).warranty).toBeNull();
    expect((await data(`query($c: String!) { warranty(code: $c) { status } }`, { c: u.sock[0] }, shop)).warranty.status).toBe("NO_POLICY");
    // A unit no order sold has no warranty to tell, nor has a pallet.
    expect((await data(`query($c: String!) { warranty(code: $c) { status } }`, { c: u.late[0] }, brand)).warranty).toBeNull();
    expect((await data(`query { warranty(code: "(00)095060000000000121") { status } }`, {}, brand)).warranty).toBeNull();
  });

  it("keeps the customer with the shop: others see no personal data", async () => {
    const q = `query($o: ID!) { order(id: $o) { reference customer { name } customerName } }`;
    expect((await data(q, { o: orderId }, shop)).order).toEqual({ reference: "WEB-1001", customer: { name: "Jane Doe" }, customerName: "Jane Doe" });
    expect((await data(q, { o: orderId }, op)).order).toEqual({ reference: "WEB-1001", customer: null, customerName: null });
    expect((await data(q, { o: orderId }, regulator)).order).toEqual({ reference: "WEB-1001", customer: null, customerName: null });
    expect((await data(q, { o: orderId }, rival)).order).toBeNull();
    expect((await data(`{ customers { totalCount edges { node { name } } } }`, {}, op)).customers.totalCount).toBe(0);
    expect((await data(`{ customers { edges { node { name } } } }`, {}, rival)).customers.edges).toEqual([{ node: { name: "Someone" } }]);
    expect((await data(`query($c: String!) { unit(code: $c) { order { reference } } }`, { c: u.early[0] }, brand)).unit.order).toBeNull();
  });

  it("keeps customers out of the audit log: the entry of createOrder records that a customer was given, not who", async () => {
    const q = `{ auditLog(first: 100, operationTypes: [MUTATION]) { edges { node { rootFields outcome variables } } } }`;
    let entries: { rootFields: string[]; outcome: string; variables: any }[] = [];
    for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
      entries = (await data(q, {}, op)).auditLog.edges.map((e: any) => e.node).filter((n: any) => n.rootFields.includes("createOrder") && n.outcome === "OK");
      if (entries.length >= 2) break;
    }
    expect(entries.length).toBeGreaterThanOrEqual(2);
    const text = JSON.stringify(entries);
    for (const personal of ["Jane Doe", "jane@example.com", "High Street", "Leeds"]) expect(text).not.toContain(personal);
    expect(entries.some((e) => e.variables?.i?.customer === "[personal data: not recorded]" && e.variables?.i?.reference === "WEB-1001")).toBe(true);
  });

  let returnId: string;

  it("verifies returns against the sale: every verdict", async () => {
    const ask = async (code: string, reason: string | null = null, order = orderId) => (await data(RETURN, { o: order, c: code, r: reason }, shop)).requestReturn;
    const ok = await ask(toElementString(parseCode(u.early[0] as string)), "Too small");
    expect(ok).toMatchObject({ verdict: "VERIFIED", verified: true, verificationFailureReason: null, return: { status: "AWAITING_ITEM", unitId: u.early[0] } });
    returnId = ok.return.id;
    expect((await data(`query($o: ID!) { order(id: $o) { status } }`, { o: orderId }, shop)).order.status).toBe("RETURN_REQUESTED");
    expect(await ask(u.early[0] as string)).toMatchObject({ verdict: "ALREADY_RETURNED", verified: false, return: { status: "REFUSED" } });
    expect(await ask(u.late[0] as string)).toMatchObject({ verdict: "DIFFERENT_UNIT", verified: false });
    expect(await ask(u.cap[0] as string)).toMatchObject({ verdict: "NOT_SOLD_ON_THIS_ORDER", verified: false });
    expect(await ask(`(01)${A}(21)FAKE-1`)).toMatchObject({ verdict: "UNKNOWN_UNIT", verified: false });
    // A shop with a zero-day window: the window closed at delivery.
    const closed = await createOrder({ reference: "WEB-2001", customer: { name: "Late Larry" }, lines: [{ gtin: B, quantity: 1 }], returnWindowDays: 0 });
    await fulfil(closed.id, [u.sock[1] as string]);
    expect(await ask(u.sock[1] as string, null, closed.id)).toMatchObject({ verdict: "OUTSIDE_RETURN_WINDOW", verified: false, verificationFailureReason: expect.stringContaining("0 day(s)") });
    // Sold and delivered, then recalled: taken back, but flagged.
    const recalled = await createOrder({ reference: "WEB-3001", customer: { name: "Rita" }, lines: [{ gtin: A, quantity: 1 }] });
    await fulfil(recalled.id, [u.later[0] as string]);
    await hub.seed.recall({ gtin: A, lots: ["LATER"], reason: "Laces fray" });
    await until(() => status(u.later[0] as string), (s) => s === "RECALLED", "the second recall reaches units");
    const flagged = await ask(u.later[0] as string, "Recall notice", recalled.id);
    expect(flagged).toMatchObject({ verdict: "RECALLED", verified: true, return: { status: "AWAITING_ITEM" } });
    const notDelivered = await createOrder({ reference: "WEB-4001", customer: { name: "N" }, lines: [{ gtin: A, quantity: 1 }] });
    expect((await hub.query<any>(RETURN, { o: notDelivered.id, c: u.late[0] }, shop)).errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "ORDER_STATUS" });
    expect((await hub.query<any>(RETURN, { o: orderId, c: u.early[1] }, rival)).errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND" });
    // The recalled unit cannot go back on the shelf.
    await data(`mutation($r: ID!, $c: String!) { receiveReturn(returnId: $r, code: $c) { status } }`, { r: flagged.return.id, c: u.later[0] }, shop);
    const restock = await hub.query<any>(`mutation($r: ID!) { decideReturn(returnId: $r, decision: RESTOCK) { status } }`, { r: flagged.return.id }, shop);
    expect(restock.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "DECISION_NOT_ALLOWED" });
    expect((await data(`mutation($r: ID!) { decideReturn(returnId: $r, decision: DESTROY) { status } }`, { r: flagged.return.id }, shop)).decideReturn.status).toBe("DESTROYED");
    await until(() => status(u.later[0] as string), (s) => s === "DESTROYED", "the destroyed return reaches units");
  });

  it("receives the verified item only, then restocks it: it can be sold again", async () => {
    const mismatch = await hub.query<any>(`mutation($r: ID!, $c: String!) { receiveReturn(returnId: $r, code: $c) { status } }`, { r: returnId, c: u.early[1] }, shop);
    expect(mismatch.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "RETURN_ITEM_MISMATCH" });
    const received = (await data(`mutation($r: ID!, $c: String!) { receiveReturn(returnId: $r, code: $c) { status receivedAt order { status } } }`, { r: returnId, c: u.early[0] }, shop)).receiveReturn;
    expect(received).toMatchObject({ status: "RECEIVED", order: { status: "DELIVERED" } });
    await until(() => status(u.early[0] as string), (s) => s === "RETURNED", "the return reaches units");
    expect((await data(`query($c: String!) { warranty(code: $c) { status } }`, { c: u.early[0] }, shop)).warranty.status).toBe("RETURNED");
    expect((await data(`mutation($r: ID!) { decideReturn(returnId: $r, decision: RESTOCK) { status decidedAt } }`, { r: returnId }, shop)).decideReturn.status).toBe("RESTOCKED");
    await until(() => status(u.early[0] as string), (s) => s === "ACTIVE", "the restock reaches units");
    const resale = await createOrder({ reference: "WEB-5001", customer: { name: "Second hand" }, lines: [{ gtin: A, quantity: 1 }] });
    expect((await allocate(resale.id, u.early[0] as string)).allocated).toBe(true);
    expect((await data(`query($c: String!) { unit(code: $c) { order { reference } } }`, { c: u.early[0] }, shop)).unit.order.reference).toBe("WEB-5001");
    const history = (await data(`query($o: ID!) { order(id: $o) { returns { verdict status } } }`, { o: orderId }, shop)).order.returns;
    expect(history.map((r: any) => r.verdict)).toEqual(["VERIFIED", "ALREADY_RETURNED", "DIFFERENT_UNIT", "NOT_SOLD_ON_THIS_ORDER", "UNKNOWN_UNIT"]);
  });

  it("gives the customer a public tracking link with milestones only", async () => {
    const token = (await data(`mutation($o: ID!) { issueTrackingLink(orderId: $o) { token } }`, { o: orderId }, shop)).issueTrackingLink.token;
    const seen = (await data(PUBLIC_OPERATIONS.TrackOrder, { token }, null)).trackOrder;
    expect(seen.status).toBe("DELIVERED");
    expect(seen.items).toBe(4);
    expect(seen.milestones.map((m: any) => m.milestone)).toEqual(["ORDERED", "PICKED", "PACKED", "SHIPPED", "DELIVERED"]);
    expect((await data(PUBLIC_OPERATIONS.TrackOrder, { token: `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}` }, null)).trackOrder).toBeNull();
    // A new link revokes the old one.
    await data(`mutation($o: ID!) { issueTrackingLink(orderId: $o) { token } }`, { o: orderId }, shop);
    expect((await data(PUBLIC_OPERATIONS.TrackOrder, { token }, null)).trackOrder).toBeNull();
    // Anonymous callers reach nothing else.
    expect((await hub.query<any>(`query($o: ID!) { order(id: $o) { id } }`, { o: orderId }, null)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("streams an order's milestones live to the customer's link until delivery, without login", async () => {
    const order = await createOrder({ reference: "WEB-LIVE", customer: { name: "Live Lou" }, lines: [{ gtin: A, quantity: 1 }] });
    const token = (await data(`mutation($o: ID!) { issueTrackingLink(orderId: $o) { token } }`, { o: order.id }, shop)).issueTrackingLink.token;
    const base = hub.url.replace(/\/graphql$/, "");
    const response = await fetch(`${base}/track/${token}/events`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    /** The next `tracking` event's status (null when the stream ended). */
    const next = async (): Promise<string | null> => {
      for (;;) {
        const at = buffer.indexOf("\n\n");
        if (at >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const data = block.split("\n").find((l) => l.startsWith("data: "));
          if (block.startsWith("event: tracking") && data) return JSON.parse(data.slice(6)).status as string;
          continue;
        }
        const chunk = await reader.read();
        if (chunk.done) return null;
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    };
    expect(await next()).toBe("OPEN");
    await allocate(order.id, u.late[2] as string);
    expect(await next()).toBe("ALLOCATED");
    await data(`mutation($o: ID!) { packOrder(orderId: $o) { status } }`, { o: order.id }, shop);
    expect(await next()).toBe("PACKED");
    await data(`mutation($o: ID!) { shipOrder(orderId: $o) { status } }`, { o: order.id }, shop);
    expect(await next()).toBe("SHIPPED");
    await data(`mutation($o: ID!) { confirmDelivery(orderId: $o) { status } }`, { o: order.id }, shop);
    expect(await next()).toBe("DELIVERED");
    // Delivered is the end: the stream closes.
    expect(await next()).toBeNull();
    const unknown = await fetch(`${base}/track/${"B".repeat(43)}/events`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).errors[0].extensions.code).toBe("NOT_FOUND");
    const forged = await fetch(`${base}/track/${token}/events`, { headers: { authorization: "Bearer not-a-token" } });
    expect(forged.status).toBe(401);
  });

  it("reports return rates, fulfilment times and daily sales over the shop's own orders", async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const stats = (await data(`query($f: DateTimeISO!, $t: DateTimeISO!) { returnStats(from: $f, to: $t) { gtin sold returned returnRate byVerdict { key count } byReason { key count } } }`, { f: from, t: to }, shop)).returnStats;
    const a = stats.find((s: any) => s.gtin === A);
    expect(a).toMatchObject({ sold: 5, returned: 2 });
    expect(a.returnRate).toBeCloseTo(0.4);
    expect(a.byVerdict).toEqual(expect.arrayContaining([{ key: "VERIFIED", count: 1 }, { key: "RECALLED", count: 1 }, { key: "UNKNOWN_UNIT", count: 1 }]));
    expect(a.byReason).toEqual(expect.arrayContaining([{ key: "too small", count: 1 }]));
    const times = (await data(`query($f: DateTimeISO!, $t: DateTimeISO!) { fulfilmentTimes(from: $f, to: $t) { orders shipped delivered medianHoursToShip } }`, { f: from, t: to }, shop)).fulfilmentTimes;
    expect(times).toMatchObject({ shipped: 4, delivered: 4 });
    expect(times.medianHoursToShip).toBeGreaterThanOrEqual(0);
    const daily = (await data(`query($f: DateTimeISO!, $t: DateTimeISO!) { unitsSoldPerDay(from: $f, to: $t) { day gtin units } }`, { f: from, t: to }, shop)).unitsSoldPerDay;
    expect(daily.reduce((n: number, d: any) => n + d.units, 0)).toBe(7);
    expect((await data(`query($f: DateTimeISO!, $t: DateTimeISO!) { returnStats(from: $f, to: $t) { gtin } }`, { f: from, t: to }, rival)).returnStats).toEqual([]);
    // The brand sees every seller's sales of its products, counted together; the shop's prefix owns none of them.
    const STATS = `query($f: DateTimeISO!, $t: DateTimeISO!, $s: SalesScope) { returnStats(from: $f, to: $t, scope: $s) { gtin sold returned } }`;
    const brandView = (await data(STATS, { f: from, t: to, s: "OWN_PRODUCTS" }, brand)).returnStats;
    expect(brandView.find((r: any) => r.gtin === A)).toEqual({ gtin: A, sold: 5, returned: 2 });
    expect((await data(STATS, { f: from, t: to, s: null }, brand)).returnStats).toEqual([]);
    expect((await data(STATS, { f: from, t: to, s: "OWN_PRODUCTS" }, shop)).returnStats).toEqual([]);
    const brandDaily = (await data(`query($f: DateTimeISO!, $t: DateTimeISO!) { unitsSoldPerDay(from: $f, to: $t, scope: OWN_PRODUCTS) { units } }`, { f: from, t: to }, brand)).unitsSoldPerDay;
    expect(brandDaily.reduce((n: number, d: any) => n + d.units, 0)).toBe(7);
    const wide = await hub.query<any>(`query($f: DateTimeISO!, $t: DateTimeISO!) { returnStats(from: $f, to: $t) { gtin } }`, { f: "2020-01-01T00:00:00Z", t: to }, shop);
    expect(wide.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
