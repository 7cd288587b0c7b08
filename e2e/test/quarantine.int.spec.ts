import { type TestHub, startHub } from "@tracehub/testkit";

// Issue 11: a brand owner puts suspect units on hold while it investigates. Moving a unit on hold raises an alert
// (units learns of the hold through the outbox); the investigation gathers notes and keeps a clock; closing it as
// RECALLED prepares a recall draft with the same scope, and the units move freely again.
const GTIN = "09506000134352";
const COMMISSION = `mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds } }`;
const MOVE = `mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`;
const OPEN = `mutation($i: OpenQuarantineInput!) { openQuarantine(input: $i) { id status outcome openSeconds lots } }`;
const NOTE = `mutation($id: ID!, $t: String!) { addInvestigationNote(id: $id, text: $t) { id } }`;
const CLOSE = `mutation($i: CloseQuarantineInput!) { closeQuarantine(input: $i) { id status outcome findings closedAt recall { id status lots classification reason } } }`;
const QUARANTINE = `query($id: ID!) { quarantine(id: $id) { id status reason openSeconds notes { text writtenBy } } }`;

describe("quarantine: units on hold through the gateway", () => {
  let hub: TestHub;
  let brand: string;
  let rival: string;
  let regulator: string;
  let held: string[];
  let free: string[];
  let quarantineId: string;
  const data = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await hub.query<any>(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const holdAlerts = async (code: string) =>
    ((await data(`query($c: String!) { unit(code: $c) { alerts { kind message } } }`, { c: code }, brand)).unit.alerts as { kind: string; message: string }[]).filter(
      (a) => a.kind === "MOVED_WHILE_ON_HOLD",
    );

  beforeAll(async () => {
    hub = await startHub();
    const brandOrg = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const rivalOrg = await hub.seed.organization({ name: "Brand B", kind: "BRAND_OWNER", companyPrefixes: ["0614141"] });
    const regulatorOrg = await hub.seed.organization({ name: "Agency", kind: "REGULATOR" });
    brand = await hub.token({ sub: "qa", org: brandOrg, roles: ["brand_owner", "compliance"] });
    rival = await hub.token({ sub: "rb", org: rivalOrg, roles: ["brand_owner", "compliance"] });
    regulator = await hub.token({ sub: "rg", org: regulatorOrg, roles: ["regulator"] });
    await data(`mutation { upsertProduct(input: { gtin: "${GTIN}", name: "Ibuprofen" }) { gtin } }`, {}, brand);
    held = (await data(COMMISSION, { i: { gtin: GTIN, lot: "Q1", count: 3, serialType: "SEQUENTIAL" } }, brand)).commissionUnits.unitIds;
    free = (await data(COMMISSION, { i: { gtin: GTIN, lot: "Q2", count: 1, serialType: "SEQUENTIAL" } }, brand)).commissionUnits.unitIds;
  });
  afterAll(() => hub?.stop());

  it("opens a quarantine on the brand's own units only, refusing bad input", async () => {
    const refused = await hub.query<any>(OPEN, { i: { gtin: GTIN, lots: ["Q1"], reason: "not mine" } }, rival);
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const bad = await hub.query<any>(OPEN, { i: { gtin: GTIN, lots: ["Q 1"], reason: "x" } }, brand);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "lots" });
    const opened = (await data(OPEN, { i: { gtin: GTIN, lots: ["Q1"], reason: "Foreign particles reported" } }, brand)).openQuarantine;
    expect(opened).toMatchObject({ status: "OPEN", outcome: null, lots: ["Q1"] });
    expect(opened.openSeconds).toBeGreaterThanOrEqual(0);
    quarantineId = opened.id;
  });

  it("raises an alert when a unit on hold moves, and none for a unit outside the hold", async () => {
    // Units learns of the hold through the outbox: move until the alert shows (each move is an event of its own).
    let alerts: { kind: string; message: string }[] = [];
    for (const end = Date.now() + 10_000; alerts.length === 0 && Date.now() < end; ) {
      await data(MOVE, { i: { codes: [held[0]], bizStep: "shipping", disposition: "in_transit" } }, brand);
      alerts = await holdAlerts(held[0] as string);
      if (alerts.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(alerts[0]?.message).toBe(`This unit is on hold (quarantine ${quarantineId}) and was moved (shipping).`);
    const onHold = async (code: string) => (await data(`query($c: String!) { unit(code: $c) { onHold } }`, { c: code }, brand)).unit.onHold;
    expect([await onHold(held[0] as string), await onHold(held[1] as string), await onHold(free[0] as string)]).toEqual([true, true, false]);
    // Inspecting it where it stands is not a move.
    const before = (await holdAlerts(held[1] as string)).length;
    await data(MOVE, { i: { codes: [held[1]], bizStep: "inspecting" } }, brand);
    expect(await holdAlerts(held[1] as string)).toHaveLength(before);
    await data(MOVE, { i: { codes: [free[0]], bizStep: "shipping", disposition: "in_transit" } }, brand);
    expect(await holdAlerts(free[0] as string)).toEqual([]);
  });

  it("keeps the investigation's notes and its clock, for the brand and regulators only", async () => {
    await data(NOTE, { id: quarantineId, t: "Samples sent to the lab." }, brand);
    await data(NOTE, { id: quarantineId, t: "Lab confirms contamination." }, brand);
    const seen = (await data(QUARANTINE, { id: quarantineId }, brand)).quarantine;
    expect(seen.notes).toEqual([
      { text: "Samples sent to the lab.", writtenBy: "qa" },
      { text: "Lab confirms contamination.", writtenBy: "qa" },
    ]);
    expect((await data(QUARANTINE, { id: quarantineId }, regulator)).quarantine.id).toBe(quarantineId);
    expect((await data(QUARANTINE, { id: quarantineId }, rival)).quarantine).toBeNull();
    expect((await data(`{ quarantines(first: 10) { totalCount } }`, {}, rival)).quarantines.totalCount).toBe(0);
    const note = await hub.query<any>(NOTE, { id: quarantineId, t: "mine now" }, rival);
    expect(note.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", reason: "QUARANTINE_NOT_FOUND" });
  });

  it("closes as RECALLED with a recall draft of the same scope, after which the units move freely", async () => {
    const closed = (await data(CLOSE, { i: { id: quarantineId, outcome: "RECALLED", findings: "Contaminated lot", recallClassification: "CLASS_I" } }, brand)).closeQuarantine;
    expect(closed).toMatchObject({ status: "CLOSED", outcome: "RECALLED", findings: "Contaminated lot", closedAt: expect.any(String) });
    expect(closed.recall).toMatchObject({ status: "DRAFT", lots: ["Q1"], classification: "CLASS_I", reason: "Contaminated lot" });
    const again = await hub.query<any>(CLOSE, { i: { id: quarantineId, outcome: "RELEASED", findings: "x" } }, brand);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "QUARANTINE_CLOSED" });
    // The hold lifts through the outbox: moves stop raising alerts.
    let raised = true;
    for (const end = Date.now() + 10_000; raised && Date.now() < end; ) {
      const before = (await holdAlerts(held[2] as string)).length;
      await data(MOVE, { i: { codes: [held[2]], bizStep: "receiving" } }, brand);
      raised = (await holdAlerts(held[2] as string)).length > before;
      if (raised) await new Promise((r) => setTimeout(r, 100));
    }
    expect(raised).toBe(false);
    expect((await data(`query($c: String!) { unit(code: $c) { onHold } }`, { c: held[2] }, brand)).unit.onHold).toBe(false);
  });
});
