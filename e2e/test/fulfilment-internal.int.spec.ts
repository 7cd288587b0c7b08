import { randomUUID } from "node:crypto";
import { PRINCIPAL_HEADER, type Principal, internalBinding, signPrincipal } from "@tracehub/auth";
import { type TestHub, startHub } from "@tracehub/testkit";
import { Client } from "pg";

// Units' internal fulfilment endpoints, over real HTTP on the units subgraph: orders tells units the EPCIS events its
// orders caused (`order.events`, an outbox message applied exactly once, captured as the seller's organization) and
// reads unit facts (`unit-facts`) and a seller's sellable stock, first expiry first (`unit-stock`). Only a principal
// signed for exactly that call gets in.
const GTIN = "09506000134352";
const GTIN_B = "09506000134369";
const GTIN_C = "09506000134376";
const GTIN_D = "09506000134383";
const GTIN_E = "09506000134390";
const SHOP_GLN = "4000001000005";
const ORDERS_CALLER: Principal = Object.freeze({ sub: "orders", org: null, roles: ["operator"], anonymous: false }) as Principal;

/** How a call is signed: for exactly it, not at all, for another body, for another endpoint, or with another key. */
type Sign = "signed" | "unsigned" | "other-body" | "other-endpoint" | "other-key";
type Answer = { status: number; body: any };
const EVENTS = `query($c: String!) { events(first: 100, filter: { code: $c }) { totalCount edges { node { eventId type action bizStep } } } }`;

describe("units' internal fulfilment endpoints", () => {
  let hub: TestHub;
  let db: Client;
  let operator: string;
  let brandOrg: string;
  let shopOrg: string;
  let rivalOrg: string;
  const brandHolder = () => ({ org: brandOrg, scope: { prefixes: ["9506000"], foreignPrefixes: [], grants: [] } });
  const shopHolder = () => ({ org: shopOrg, scope: { prefixes: ["4000001"], foreignPrefixes: [], grants: [], glns: [SHOP_GLN] } });

  /** POSTs `body` to units' internal endpoint `name`: signed for it, unsigned, or signed for another body. */
  async function internal(name: string, body: unknown, sign: Sign = "signed"): Promise<Answer> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (sign !== "unsigned") {
      const signedFor = sign === "other-body" ? { ...(body as Record<string, unknown>), tampered: true } : body;
      const signedName = sign === "other-endpoint" ? (name === "unit-facts" ? "unit-stock" : "unit-facts") : name;
      const key = sign === "other-key" ? `${hub.secrets.principalKey}-not` : hub.secrets.principalKey;
      headers[PRINCIPAL_HEADER] = signPrincipal(ORDERS_CALLER, key, internalBinding(signedName, signedFor));
    }
    const response = await fetch(`${hub.subgraphUrls.units.replace(/\/graphql\/?$/, "")}/internal/${name}`, { method: "POST", headers, body: JSON.stringify(body) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // kept as text
    }
    return { status: response.status, body: parsed };
  }
  const objectEvent = (unitId: string, fields: Record<string, unknown> = {}) => ({
    type: "ObjectEvent",
    eventTime: new Date().toISOString(),
    eventTimeZoneOffset: "+00:00",
    epcList: [unitId],
    action: "OBSERVE",
    bizStep: "inspecting",
    ...fields,
  });
  const message = (events: unknown[], fields: Record<string, unknown> = {}, payload: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    topic: "order.events",
    key: "order:test",
    payload: { org: shopOrg, actor: "orders:picker", events, ...payload },
    ...fields,
  });
  const eventsOf = async (code: string, token = operator) => {
    const res = await hub.query<any>(EVENTS, { c: code }, token);
    expect(res.errors).toBeUndefined();
    return res.data.events as { totalCount: number; edges: { node: { eventId: string; type: string; action: string | null; bizStep: string | null } }[] };
  };
  const bizStepsOf = async (code: string) => (await eventsOf(code)).edges.map((e) => e.node.bizStep);
  const count = async (table: "event" | "inbox") => Number((await db.query(`SELECT count(*)::int AS n FROM "units"."${table}"`)).rows[0].n);
  const commission = async (input: { gtin?: string; lot: string; expiry?: string; count?: number }) =>
    (await hub.seed.units({ gtin: input.gtin ?? GTIN, lot: input.lot, ...(input.expiry ? { expiry: input.expiry } : {}), count: input.count ?? 1, serialType: "SEQUENTIAL" }))
      .unitIds;

  beforeAll(async () => {
    hub = await startHub();
    db = new Client({ connectionString: hub.databaseUrl });
    await db.connect();
    operator = await hub.token({ sub: "op", roles: ["operator"] });
    brandOrg = await hub.seed.organization({ name: "Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    shopOrg = await hub.seed.organization({ name: "Shop", kind: "RETAILER", companyPrefixes: ["4000001"] });
    rivalOrg = await hub.seed.organization({ name: "Rival", kind: "RETAILER", companyPrefixes: ["4000002"] });
    await hub.seed.location(shopOrg, SHOP_GLN, "Shop");
    await hub.seed.product(GTIN, "Ibuprofen 400 mg");
    await hub.seed.product(GTIN_B, "Paracetamol 500 mg");
    await hub.seed.product(GTIN_C, "Aspirin 100 mg");
    await hub.seed.product(GTIN_D, "Cetirizine 10 mg");
    await hub.seed.product(GTIN_E, "Loratadine 10 mg");
  });
  afterAll(async () => {
    await db?.end();
    await hub?.stop();
  });

  describe("who may call them", () => {
    const variants: [Sign, string][] = [
      ["unsigned", "without a principal"],
      ["other-body", "with a principal signed for another body"],
      ["other-endpoint", "with a principal signed for the same body to another endpoint"],
      ["other-key", "with a principal signed with another key"],
    ];

    it.each(variants)("refuses order.events %#: %s, and records nothing", async (sign) => {
      const [unit] = (await commission({ lot: `AUTH-${sign}` })) as [string];
      const msg = message([objectEvent(unit)]);
      const [events, inbox] = [await count("event"), await count("inbox")];
      const answer = await internal("order.events", msg, sign);
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe("UNAUTHENTICATED");
      expect([await count("event"), await count("inbox")]).toEqual([events, inbox]);
      expect(await bizStepsOf(unit)).toEqual(["commissioning"]);
      // The refused call did not take the message id: signed as it should be, the same message is applied now.
      expect(await internal("order.events", msg)).toEqual({ status: 200, body: { applied: true } });
      expect(await bizStepsOf(unit)).toEqual(["commissioning", "inspecting"]);
    });

    it.each(variants)("refuses unit-facts and unit-stock %#: %s, and changes nothing", async (sign) => {
      const [unit] = (await commission({ lot: `READ-${sign}` })) as [string];
      const [events, inbox] = [await count("event"), await count("inbox")];
      for (const [name, body] of [
        ["unit-facts", { unitIds: [unit], holder: brandHolder() }],
        ["unit-stock", { holder: brandHolder(), gtins: [GTIN], perGtin: 5 }],
      ] as const) {
        const answer = await internal(name, body, sign);
        expect({ name, status: answer.status, code: answer.body.error?.code, units: answer.body.units }).toEqual({ name, status: 401, code: "UNAUTHENTICATED", units: undefined });
      }
      expect([await count("event"), await count("inbox")]).toEqual([events, inbox]);
      // Signed for exactly that call, the same read is answered.
      expect((await internal("unit-facts", { unitIds: [unit], holder: brandHolder() })).body.units).toHaveLength(1);
    });
  });

  describe("order.events", () => {
    it("answers 400 and stores nothing when an event is not valid EPCIS 2.0 (an ObjectEvent without action)", async () => {
      const [unit] = (await commission({ lot: "INVALID" })) as [string];
      const { action: _action, ...withoutAction } = objectEvent(unit);
      const [events, inbox] = [await count("event"), await count("inbox")];
      // A valid event beside the invalid one is not stored either: the message is refused whole.
      const msg = message([objectEvent(unit, { bizStep: "storing" }), withoutAction]);
      const answer = await internal("order.events", msg);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe("BAD_USER_INPUT");
      expect(answer.body.error.message).toContain("not valid EPCIS 2.0");
      expect(await bizStepsOf(unit)).toEqual(["commissioning"]);
      expect([await count("event"), await count("inbox")]).toEqual([events, inbox]);
    });

    it.each<[string, (unit: string) => Record<string, unknown>]>([
      ["a payload without org", (unit) => message([objectEvent(unit)], {}, { org: undefined })],
      ["a payload with no events", () => message([])],
      ["a payload with 11 events", (unit) => message(Array.from({ length: 11 }, () => objectEvent(unit)))],
      ["a payload whose events are not objects", () => message(["ObjectEvent"])],
      ["a body that is not a relayed message (no key)", (unit) => ({ ...message([objectEvent(unit)]), key: undefined })],
      ["a body that is not a relayed message (numeric id)", (unit) => ({ ...message([objectEvent(unit)]), id: 7 })],
      ["a body whose message id is not a UUID", (unit) => ({ ...message([objectEvent(unit)]), id: "not-a-uuid" })],
      ["a payload with an empty actor", (unit) => message([objectEvent(unit)], {}, { actor: "" })],
      ["a message of another topic", (unit) => ({ ...message([objectEvent(unit)]), topic: "recall.issued" })],
    ])("answers 400 and stores nothing for %s", async (_, build) => {
      const [unit] = (await commission({ lot: "MALFORMED" })) as [string];
      const [events, inbox] = [await count("event"), await count("inbox")];
      const answer = await internal("order.events", JSON.parse(JSON.stringify(build(unit))));
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe("BAD_USER_INPUT");
      expect([await count("event"), await count("inbox")]).toEqual([events, inbox]);
      expect(await bizStepsOf(unit)).toEqual(["commissioning"]);
    });

    it("answers a body that is not JSON with a JSON 400, never an HTML page with a stack trace", async () => {
      for (const raw of ["{not json", "null"]) {
        const response = await fetch(`${hub.subgraphUrls.units.replace(/\/graphql\/?$/, "")}/internal/order.events`, { method: "POST", headers: { "content-type": "application/json" }, body: raw });
        const text = await response.text();
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get("content-type")).toContain("application/json");
        expect(text).not.toMatch(/<html|node_modules|at \w+ \(/i);
      }
    });

    it("applies a message once: a redelivery with the same id answers { applied: false } and records nothing more", async () => {
      const [unit] = (await commission({ lot: "ONCE" })) as [string];
      const msg = message([objectEvent(unit)], {}, { actor: "orders:picker-7" });
      expect(await internal("order.events", msg)).toEqual({ status: 200, body: { applied: true } });
      const stored = await count("event");
      expect(await internal("order.events", msg)).toEqual({ status: 200, body: { applied: false } });
      expect(await count("event")).toBe(stored);

      const seen = await eventsOf(unit);
      expect(seen.edges.map((e) => [e.node.type, e.node.action, e.node.bizStep])).toEqual([
        ["ObjectEvent", "ADD", "commissioning"],
        ["ObjectEvent", "OBSERVE", "inspecting"],
      ]);
      const inspecting = seen.edges[1]?.node.eventId as string;
      // Captured as the seller organization named in the payload, by the actor it names.
      const rows = (await db.query(`SELECT "captured_by", "captured_by_org" FROM "units"."event" WHERE "event_id" = $1`, [inspecting])).rows;
      expect(rows).toEqual([{ captured_by: "orders:picker-7", captured_by_org: shopOrg }]);
      // Through the gateway: the seller sees the event its organization captured (and not the brand's commissioning),
      // another shop sees neither.
      const shop = await hub.token({ sub: "picker-7", org: shopOrg, roles: ["fulfilment"] });
      const rival = await hub.token({ sub: "r", org: rivalOrg, roles: ["fulfilment"] });
      expect((await eventsOf(unit, shop)).edges.map((e) => e.node.eventId)).toEqual([inspecting]);
      expect((await eventsOf(unit, rival)).totalCount).toBe(0);
    });

    it("stores an event once when another message carries it again (a new id is applied, the event is a duplicate)", async () => {
      const [unit] = (await commission({ lot: "AGAIN" })) as [string];
      const event = objectEvent(unit);
      expect((await internal("order.events", message([event]))).body).toEqual({ applied: true });
      expect((await internal("order.events", message([event]))).body).toEqual({ applied: true });
      expect(await bizStepsOf(unit)).toEqual(["commissioning", "inspecting"]);
    });
  });

  describe("unit-facts", () => {
    it("answers a unit's facts, held by the holder whose prefixes own it, and leaves out units the hub never saw", async () => {
      const [unit] = (await commission({ lot: "FACTS-1", expiry: "2055-06-30" })) as [string];
      const never = `https://id.gs1.org/01/${GTIN}/21/NEVER-SEEN`;
      const facts = { id: unit, gtin: GTIN, lot: "FACTS-1", expiry: "2055-06-30", status: "ACTIVE", commissioned: true, onHold: false, recalled: false };

      const asBrand = await internal("unit-facts", { unitIds: [unit, never, unit], holder: brandHolder() });
      expect(asBrand.status).toBe(200);
      expect(asBrand.body.units).toEqual([expect.objectContaining({ ...facts, held: true })]);
      expect(asBrand.body.units[0].serial).toEqual(expect.any(String));
      expect(unit).toContain(`/21/${asBrand.body.units[0].serial}`);

      const asShop = await internal("unit-facts", { unitIds: [unit, never], holder: shopHolder() });
      expect(asShop.body.units).toEqual([expect.objectContaining({ ...facts, held: false })]);
      const nobody = await internal("unit-facts", { unitIds: [unit, never] });
      expect(nobody.body.units).toEqual([expect.objectContaining({ ...facts, held: false })]);
      expect((await internal("unit-facts", { unitIds: [never], holder: brandHolder() })).body).toEqual({ units: [] });
    });

    it("answers what order.events did to a unit (sold)", async () => {
      const [unit] = (await commission({ lot: "FACTS-SOLD" })) as [string];
      expect((await internal("order.events", message([objectEvent(unit, { bizStep: "retail_selling", disposition: "retail_sold" })]))).body).toEqual({ applied: true });
      const facts = await internal("unit-facts", { unitIds: [unit], holder: brandHolder() });
      expect(facts.body.units).toEqual([expect.objectContaining({ id: unit, status: "SOLD" })]);
    });

    it("answers held for the shop, not the brand, once the unit was handed over to the shop", async () => {
      const [unit] = (await commission({ lot: "FACTS-HANDED" })) as [string];
      await hub.seed.handOver([unit], SHOP_GLN);
      const held = async (holder: unknown) => (await internal("unit-facts", { unitIds: [unit], holder })).body.units[0].held;
      expect(await held(shopHolder())).toBe(true);
      expect(await held(brandHolder())).toBe(false);
    });

    it.each<[string, unknown]>([
      ["unitIds that are a string", { unitIds: "x" }],
      ["no unitIds", { holder: null }],
      ["a numeric unit id", { unitIds: [1] }],
      ["1,001 unit ids", { unitIds: Array.from({ length: 1_001 }, (_, i) => `u-${i}`) }],
      ["a holder without scope", { unitIds: ["u-1"], holder: { org: "o" } }],
      ["a holder whose scope has no grants", { unitIds: ["u-1"], holder: { org: "o", scope: { prefixes: [], foreignPrefixes: [] } } }],
    ])("answers 400 for a body with %s", async (_, body) => {
      const answer = await internal("unit-facts", body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe("BAD_USER_INPUT");
    });
  });

  describe("unit-stock", () => {
    const ids = (units: { id: string }[]) => units.map((u) => u.id);
    const lots = (units: { lot: string | null }[]) => units.map((u) => u.lot);
    const stock = async (body: Record<string, unknown>) => {
      const answer = await internal("unit-stock", { holder: brandHolder(), gtins: [GTIN_B], perGtin: 500, ...body });
      expect(answer.status).toBe(200);
      return answer.body.units as { id: string; gtin: string; lot: string | null; expiry: string | null; location: string | null }[];
    };

    it("answers the holder's ACTIVE units of a GTIN, first expiry first, honouring excluded and perGtin", async () => {
      // Commissioned latest expiry first, so expiry order is not commissioning order.
      const late = await commission({ gtin: GTIN_B, lot: "LATE", expiry: "2056-12-31", count: 2 });
      const early = await commission({ gtin: GTIN_B, lot: "EARLY", expiry: "2055-01-31", count: 3 });
      const sold = early[2] as string;
      expect((await internal("order.events", message([objectEvent(sold, { bizStep: "retail_selling", disposition: "retail_sold" })]))).body).toEqual({ applied: true });
      const activeEarly = early.slice(0, 2);

      const all = await stock({});
      expect(lots(all)).toEqual(["EARLY", "EARLY", "LATE", "LATE"]);
      expect(new Set(ids(all).slice(0, 2))).toEqual(new Set(activeEarly));
      expect(new Set(ids(all).slice(2))).toEqual(new Set(late));
      expect(ids(all)).not.toContain(sold);
      expect(all[0]).toEqual({ id: expect.any(String), gtin: GTIN_B, lot: "EARLY", expiry: "2055-01-31", location: null });
      expect(all[2]).toMatchObject({ gtin: GTIN_B, lot: "LATE", expiry: "2056-12-31" });

      // perGtin: the first ones, first expiry first.
      expect(await stock({ perGtin: 1 })).toEqual([all[0]]);
      expect(await stock({ perGtin: 3 })).toEqual(all.slice(0, 3));
      // excluded: left out, the next ones move up.
      expect(await stock({ excluded: activeEarly })).toEqual(all.slice(2));
      expect(await stock({ excluded: [all[0]?.id], perGtin: 2 })).toEqual(all.slice(1, 3));
      // Another holder holds none of them.
      expect(await stock({ holder: shopHolder() })).toEqual([]);
    });

    it("answers at most perGtin units of each GTIN asked, each GTIN first expiry first", async () => {
      const c = await commission({ gtin: GTIN_C, lot: "C-LATE", expiry: "2056-03-31", count: 2 });
      const cEarly = await commission({ gtin: GTIN_C, lot: "C-EARLY", expiry: "2055-03-31", count: 1 });
      const d = await commission({ gtin: GTIN_D, lot: "D-1", expiry: "2055-05-31", count: 3 });
      const units = await stock({ gtins: [GTIN_C, GTIN_D, GTIN_C], perGtin: 2 });
      expect(units.map((u) => [u.gtin, u.lot])).toEqual([
        [GTIN_C, "C-EARLY"],
        [GTIN_C, "C-LATE"],
        [GTIN_D, "D-1"],
        [GTIN_D, "D-1"],
      ]);
      expect(units[0]?.id).toBe(cEarly[0]);
      expect(c).toContain(units[1]?.id);
      for (const u of units.slice(2)) expect(d).toContain(u.id);
    });

    it("answers units with no expiry last, and leaves out expired ones", async () => {
      const none = await commission({ gtin: GTIN_C, lot: "NO-EXPIRY" });
      const expired = await commission({ gtin: GTIN_C, lot: "EXPIRED", expiry: "2020-01-31" });
      const units = await stock({ gtins: [GTIN_C] });
      expect(units.at(-1)).toEqual({ id: none[0], gtin: GTIN_C, lot: "NO-EXPIRY", expiry: null, location: null });
      expect(ids(units)).not.toContain(expired[0]);
      expect(units.slice(0, -1).every((u) => u.expiry !== null)).toBe(true);
    });

    it("answers the units a shop was handed, at its location, and no longer as the brand's", async () => {
      const units = await commission({ gtin: GTIN_E, lot: "E-1", expiry: "2055-08-31", count: 3 });
      const handed = units.slice(0, 2);
      await hub.seed.handOver(handed, SHOP_GLN);
      const shop = await stock({ holder: shopHolder(), gtins: [GTIN_E] });
      expect(new Set(ids(shop))).toEqual(new Set(handed));
      expect(ids(await stock({ gtins: [GTIN_E] }))).toEqual([units[2]]);
      const location = shop[0]?.location as string;
      expect(location).toContain(SHOP_GLN);
      expect(new Set(ids(await stock({ holder: shopHolder(), gtins: [GTIN_E], location })))).toEqual(new Set(handed));
      expect(await stock({ holder: shopHolder(), gtins: [GTIN_E], location: "https://id.gs1.org/414/4000002000004" })).toEqual([]);
    });

    it.each<[string, Record<string, unknown>]>([
      ["a GTIN with a wrong check digit", { gtins: ["09506000134353"] }],
      ["perGtin 0", { perGtin: 0 }],
      ["perGtin 501", { perGtin: 501 }],
      ["a fractional perGtin", { perGtin: 1.5 }],
      ["no holder", { holder: undefined }],
      ["4,001 excluded units", { excluded: Array.from({ length: 4_001 }, (_, i) => `u-${i}`) }],
    ])("answers 400 for a body with %s", async (_, fields) => {
      const answer = await internal("unit-stock", JSON.parse(JSON.stringify({ holder: brandHolder(), gtins: [GTIN_B], perGtin: 5, ...fields })));
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe("BAD_USER_INPUT");
    });
  });
});
