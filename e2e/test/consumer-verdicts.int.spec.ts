import { type TestHub, startHub, subscribe } from "@tracehub/testkit";
import { PUBLIC_OPERATIONS } from "@tracehub/gateway/public-operations";

// Issue 17: what a consumer learns from a public check, and what its brand owner learns from the checks. Every
// verdict is built here; a serial checked from two continents minutes apart, and one checked after it was
// dispensed, become SUSPECT with their reasons and an alert for the brand; a genuine unit checked a few times stays
// GENUINE. Anonymous, through the gateway.
const GTIN = "09506000134352";
const VERIFY = PUBLIC_OPERATIONS.VerifyAuthenticity;
/** A verdict's reasons without their sentences. */
const codesAndValues = (details: { code: string; values: unknown[] }[]) => details.map(({ code, values }) => ({ code, values }));

describe("public verdicts and clone detection through the gateway", () => {
  let hub: TestHub;
  let brand: string;
  let rival: string;
  const u: Record<"genuine" | "recalled" | "held" | "destroyed" | "dispensed" | "expired" | "cloned", string> = {} as never;
  const data = async (query: string, variables: Record<string, unknown>, token: string | null) => {
    const res = await hub.query<any>(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const check = async (code: string, origin: string | null = null) => (await data(VERIFY, { code, origin }, null)).verifyAuthenticity;
  const commission = async (lot: string, expiry = "2030-06-30") =>
    (await data(`mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds } }`, { i: { gtin: GTIN, lot, expiry, count: 1, serialType: "SEQUENTIAL" } }, brand)).commissionUnits
      .unitIds[0] as string;
  const move = (code: string, fields: Record<string, unknown>) => data(`mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`, { i: { codes: [code], ...fields } }, brand);

  beforeAll(async () => {
    // Behind a trusted proxy on loopback: X-Forwarded-For names the caller's address (for the GeoIP test).
    hub = await startHub({ gateway: { trustProxy: "loopback" } });
    const brandOrg = await hub.seed.organization({ name: "Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const rivalOrg = await hub.seed.organization({ name: "Rival", kind: "BRAND_OWNER", companyPrefixes: ["0614141"] });
    brand = await hub.token({ sub: "b", org: brandOrg, roles: ["brand_owner", "compliance"] });
    rival = await hub.token({ sub: "r", org: rivalOrg, roles: ["brand_owner"] });
    await data(`mutation { upsertProduct(input: { gtin: "${GTIN}", name: "Ibuprofen 400", brand: "Healthy", imageUrl: "https://img.example/ibu.png" }) { gtin } }`, {}, brand);
    u.genuine = await commission("G1");
    u.recalled = await commission("R1");
    u.held = await commission("H1");
    u.destroyed = await commission("D1");
    u.dispensed = await commission("P1");
    u.expired = await commission("E1", "2021-01-31");
    u.cloned = await commission("C1");
    await move(u.destroyed, { bizStep: "destroying" });
    await move(u.dispensed, { bizStep: "dispensing" });
    const created = await data(
      `mutation($i: CreateRecallInput!) { createRecall(input: $i) { id } }`,
      { i: { gtin: GTIN, lots: ["R1"], classification: "CLASS_I", reason: "Tablets may crumble", instructions: "Return to your pharmacy." } },
      brand,
    );
    await data(`mutation($id: ID!) { issueRecall(id: $id) { id } }`, { id: created.createRecall.id }, brand);
    await data(`mutation($i: OpenQuarantineInput!) { openQuarantine(input: $i) { id } }`, { i: { gtin: GTIN, lots: ["H1"], reason: "Seal under review" } }, brand);
    // Compliance tells units through the outbox: wait until both reached it.
    for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      const [r, h] = [await check(u.recalled), await check(u.held)];
      if (r.verdict === "RECALLED" && h.verdict === "ON_HOLD") break;
    }
  });
  afterAll(() => hub?.stop());

  it("answers every verdict, with the product's public facts and nothing private", async () => {
    const genuine = await check(u.genuine, "DE");
    expect(genuine).toMatchObject({ verdict: "GENUINE", reasons: [], product: { name: "Ibuprofen 400", brand: "Healthy", imageUrl: "https://img.example/ibu.png" }, expiry: "2030-06-30", recall: null });
    const recalled = await check(u.recalled, "DE");
    expect(recalled).toMatchObject({ verdict: "RECALLED", recall: { reason: "Tablets may crumble", instructions: "Return to your pharmacy." } });
    expect((await check(u.held)).verdict).toBe("ON_HOLD");
    expect((await check(u.destroyed)).verdict).toBe("DECOMMISSIONED");
    expect(await check(u.expired)).toMatchObject({ verdict: "EXPIRED", expiry: "2021-01-31" });
    expect(await check(`(01)${GTIN}(21)NEVER-MADE`)).toMatchObject({ verdict: "UNKNOWN", expiry: null });
    expect((await check(`(01)${GTIN}(10)WRONG(21)${u.genuine.split("/").pop()}`)).verdict).toBe("SUSPECT");
    expect((await check(`(01)${GTIN.slice(0, 13)}9(21)1`)).verdict).toBe("INVALID_CODE");
    const bad = await hub.query<any>(VERIFY, { code: u.genuine, origin: "Germany" }, null);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "origin" });
  });

  it("keeps a genuine unit checked a few times GENUINE", async () => {
    for (let i = 0; i < 3; i++) expect((await check(u.genuine, "DE")).verdict).toBe("GENUINE");
  });

  it("flags a serial checked on two continents minutes apart, with the reason, and alerts its brand owner", async () => {
    expect((await check(u.cloned, "DE")).verdict).toBe("GENUINE");
    const second = await check(u.cloned, "US");
    expect(second.verdict).toBe("SUSPECT");
    expect(second.reasons).toEqual([expect.stringMatching(/^This serial was checked in DE and in US, 0 minute\(s\) apart/)]);
    expect(codesAndValues(second.details)).toEqual([
      {
        code: "IMPOSSIBLE_TRAVEL",
        values: [
          { name: "from", value: "DE" },
          { name: "to", value: "US" },
          { name: "minutes", value: "0" },
        ],
      },
    ]);
    const seen = (await data(`query($c: String!) { unit(code: $c) { alerts { kind message eventId } verifications { country verdict reasons } } }`, { c: u.cloned }, brand)).unit;
    expect(seen.alerts).toEqual([expect.objectContaining({ kind: "CLONE_SUSPECTED", eventId: null })]);
    expect(seen.verifications.map((v: any) => [v.country, v.verdict])).toEqual([
      ["US", "SUSPECT"],
      ["DE", "GENUINE"],
    ]);
  });

  it("flags a serial checked after it was dispensed", async () => {
    const checked = await check(u.dispensed, "DE");
    expect(checked.verdict).toBe("SUSPECT");
    expect(checked.reasons).toEqual(["This serial was dispensed already: a dispensed item is not checked again, so this may be a copy."]);
    expect(codesAndValues(checked.details)).toEqual([{ code: "CHECKED_AFTER_DISPENSING", values: [] }]);
    // The resolver's German page says the reason in German.
    const page = await fetch(`${hub.url.replace(/\/graphql$/, "")}/01/${GTIN}/21/${u.dispensed.split("/").pop()}`, { headers: { accept: "text/html", "accept-language": "de" } });
    const html = await page.text();
    expect(html).toContain("Diese Seriennummer wurde bereits abgegeben");
    expect(html).not.toContain("This serial was dispensed already");
  });

  it("flags a serial checked on another continent than the party custody says holds it, while it is in the supply chain", async () => {
    // Two units shipped to a distributor in Germany (its GLN's GS1 prefix 400 is Germany's), not yet sold.
    const shipped = [await commission("S1"), await commission("S1"), await commission("S1")];
    const doc = {
      "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
      type: "EPCISDocument",
      schemaVersion: "2.0",
      creationDate: new Date().toISOString(),
      epcisBody: {
        eventList: [
          {
            type: "ObjectEvent",
            eventTime: new Date().toISOString(),
            eventTimeZoneOffset: "+00:00",
            epcList: shipped,
            action: "OBSERVE",
            bizStep: "shipping",
            disposition: "in_transit",
            destinationList: [{ type: "owning_party", destination: "https://id.gs1.org/417/4000001000005" }],
          },
        ],
      },
    };
    expect((await data(`mutation($d: JSON!) { captureEvents(document: $d) { stored } }`, { d: doc }, brand)).captureEvents.stored).toBe(1);
    // Checked in Austria (Europe, like Germany): genuine. Checked in the United States: the pack is not where the real one is.
    expect((await check(shipped[0] as string, "AT")).verdict).toBe("GENUINE");
    const abroad = await check(shipped[1] as string, "US");
    expect(abroad.verdict).toBe("SUSPECT");
    expect(codesAndValues(abroad.details)).toEqual([{ code: "CUSTODY_MISMATCH", values: [{ name: "country", value: "US" }] }]);
    // The reason names neither the holder nor its country.
    expect(JSON.stringify(abroad)).not.toMatch(/4000001000005|DE\b|Germany|Europe/);
    // Sold to a consumer (custody still says the German distributor), it may travel anywhere: no custody finding.
    await move(shipped[2] as string, { bizStep: "retail_selling" });
    expect((await check(shipped[2] as string, "US")).verdict).toBe("GENUINE");
  });

  it("shows the log of checks to the brand owner alone", async () => {
    const q = `query($c: String!) { unit(code: $c) { verifications { country } } }`;
    expect((await data(q, { c: u.genuine }, brand)).unit.verifications.length).toBeGreaterThanOrEqual(4);
    // Others cannot read the unit at all; an operator reads the log.
    expect((await data(q, { c: u.genuine }, rival)).unit).toBeNull();
    const op = await hub.token({ sub: "op", org: null, roles: ["operator"] });
    expect((await data(q, { c: u.genuine }, op)).unit.verifications.length).toBeGreaterThanOrEqual(4);
  });

  it("places a check without an origin in the country of the caller's address (offline GeoIP), and never keeps the address", async () => {
    const unit = await commission("GEO1");
    const fromAddress = async (address: string) => {
      const res = await fetch(hub.url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": address },
        body: JSON.stringify({ query: VERIFY, variables: { code: unit, origin: null } }),
      });
      return ((await res.json()) as any).data.verifyAuthenticity;
    };
    expect((await fromAddress("194.25.0.60")).verdict).toBe("GENUINE"); // an address in Germany
    // Minutes later from an address in the United States: impossible travel, as with the client's own hint.
    const abroad = await fromAddress("8.8.8.8");
    expect(abroad.verdict).toBe("SUSPECT");
    expect(abroad.details).toEqual([expect.objectContaining({ code: "IMPOSSIBLE_TRAVEL", values: expect.arrayContaining([{ name: "from", value: "DE" }, { name: "to", value: "US" }]) })]);
    // The resolver's page is placed the same way; a loopback caller is placed nowhere; the client's own origin wins.
    const page = await fetch(`${hub.url.replace(/\/graphql$/, "")}/01/${GTIN}/21/${unit.split("/").pop()}`, { headers: { accept: "text/html", "x-forwarded-for": "81.2.69.160" } });
    expect(page.status).toBe(200);
    await check(unit);
    await check(unit, "AT");
    const log = (await data(`query($c: String!) { unit(code: $c) { verifications { country } } }`, { c: unit }, brand)).unit.verifications;
    expect(log.map((v: any) => v.country)).toEqual(["AT", null, "GB", "US", "DE"]);
    const stored = JSON.stringify(log);
    for (const address of ["194.25.0.60", "8.8.8.8", "81.2.69.160"]) expect(stored).not.toContain(address);
  });

  it("pushes each clone alert to the brand owner on a live feed that resumes from a cursor, and to nobody else", async () => {
    const LIVE = `subscription($after: String) { cloneAlerts(after: $after) { cursor alert { kind unitId message raisedAt eventId } } }`;
    const brandLive = subscribe<any>(hub.wsUrl, LIVE, {}, { token: brand });
    const rivalLive = subscribe<any>(hub.wsUrl, LIVE, {}, { token: rival });
    try {
      await hub.gateway.subscriptions.fanout.whenSubscribers((n) => n >= 2);
      const copied = await commission("CL2");
      await check(copied, "DE");
      expect((await check(copied, "JP")).verdict).toBe("SUSPECT");
      const [pushed] = await brandLive.take(1);
      expect(pushed.cloneAlerts.alert).toMatchObject({ kind: "CLONE_SUSPECTED", unitId: copied, eventId: null, message: expect.stringContaining("DE and in JP") });
      // Resuming after the alert delivers nothing again; the rival was told nothing; a bad cursor is refused.
      const resumed = subscribe<any>(hub.wsUrl, LIVE, { after: pushed.cloneAlerts.cursor }, { token: brand });
      const fromStart = subscribe<any>(hub.wsUrl, LIVE, { after: Buffer.from("alert:0").toString("base64url") }, { token: brand });
      const [replayed] = await fromStart.take(1);
      expect(replayed.cloneAlerts.alert.kind).toBe("CLONE_SUSPECTED");
      await new Promise((r) => setTimeout(r, 3_500));
      expect(resumed.received).toEqual([]);
      expect(rivalLive.received).toEqual([]);
      expect(rivalLive.resultErrors).toEqual([]);
      await resumed.dispose();
      await fromStart.dispose();
      const bad = subscribe<any>(hub.wsUrl, LIVE, { after: "nope" }, { token: brand });
      expect(JSON.stringify(await bad.failed)).toContain("ALERT_CURSOR_INVALID");
      await bad.dispose();
    } finally {
      await brandLive.dispose();
      await rivalLive.dispose();
    }
  });
});
