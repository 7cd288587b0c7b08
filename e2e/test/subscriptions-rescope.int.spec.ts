import { type LiveSubscription, type TestHub, startHub, subscribe } from "@tracehub/testkit";

// Issue 10: access changes reach subscriptions that are open. A partner follows unitMovements on one subscription;
// a brand owner grants it one GTIN, then revokes the grant. With the hub's default settings (scopes cached 5 s,
// open subscriptions' scopes looked up again every 2 s), the granted GTIN's movements start arriving, and stop
// again after the revocation, on the same subscription: no reconnect, no error, and every movement of the
// partner's own units exactly once, in order, across both moves.
const A_GTIN = "09506000134352"; // brand A, prefix 9506000
const P_GTIN = "04012345000016"; // the partner's own product, prefix 4012345
const COMMISSION = `mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds } }`;
const MOVE = `mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`;
const MOVEMENTS = `subscription { unitMovements { cursor eventId units { id } } }`;

interface Movement {
  unitMovements: { cursor: string; eventId: string; units: { id: string }[] };
}

describe("an open subscription follows its organization's access", () => {
  let hub: TestHub;
  let brandA: string;
  let partner: string;
  let partnerOrg: string;
  let a: string[];
  let p: string[];
  let live: LiveSubscription<Movement>;
  const own: string[] = [];
  const data = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await hub.query<any>(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const move = async (code: string, token: string): Promise<string> => (await data(MOVE, { i: { codes: [code], bizStep: "inspecting" } }, token)).recordMovement.eventId;
  /** Records a movement of the partner's own unit and waits until the subscription delivered it; returns what came with it. */
  const ownMovement = async (): Promise<Movement[]> => {
    const from = live.received.length;
    const eventId = await move(p[0] as string, partner);
    own.push(eventId);
    for (;;) {
      const all = await live.take(live.received.length + 1);
      if (all.some((m) => m.unitMovements.eventId === eventId)) return all.slice(from);
    }
  };
  const showsA = (movements: Movement[]) => movements.some((m) => m.unitMovements.units.some((u) => u.id === a[0]));

  beforeAll(async () => {
    hub = await startHub();
    const aOrg = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    partnerOrg = await hub.seed.organization({ name: "Carrier", kind: "LOGISTICS", companyPrefixes: ["4012345"] });
    brandA = await hub.token({ sub: "a", org: aOrg, roles: ["brand_owner"] });
    partner = await hub.token({ sub: "p", org: partnerOrg, roles: ["brand_owner"] });
    await data(`mutation { upsertProduct(input: { gtin: "${A_GTIN}", name: "A" }) { gtin } }`, {}, brandA);
    await data(`mutation { upsertProduct(input: { gtin: "${P_GTIN}", name: "P" }) { gtin } }`, {}, partner);
    a = (await data(COMMISSION, { i: { gtin: A_GTIN, count: 1, serialType: "SEQUENTIAL" } }, brandA)).commissionUnits.unitIds;
    p = (await data(COMMISSION, { i: { gtin: P_GTIN, count: 1, serialType: "SEQUENTIAL" } }, partner)).commissionUnits.unitIds;
    live = subscribe<Movement>(hub.wsUrl, MOVEMENTS, {}, { token: partner });
    await hub.gateway.subscriptions.fanout.whenSubscribers((n) => n === 1);
  });
  afterAll(async () => {
    await live?.dispose();
    await hub?.stop();
  });

  it("sees a brand owner's movements only while a grant is in force, on the same subscription", async () => {
    // Before the grant: A's movements are not delivered.
    await move(a[0] as string, brandA);
    expect(showsA(await ownMovement())).toBe(false);

    const granted = Date.now();
    const grant = (await data(`mutation($i: GrantAccessInput!) { grantAccess(input: $i) { id } }`, { i: { granteeId: partnerOrg, gtins: [A_GTIN], permissions: ["READ"] } }, brandA)).grantAccess;
    let seen = false;
    while (!seen) {
      await move(a[0] as string, brandA);
      seen = showsA(await ownMovement());
      if (!seen) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const grantTook = Date.now() - granted;

    const revoked = Date.now();
    await data(`mutation($id: ID!) { revokeGrant(id: $id) { id } }`, { id: grant.id }, brandA);
    let hidden = false;
    while (!hidden) {
      await move(a[0] as string, brandA);
      hidden = !showsA(await ownMovement());
      if (!hidden) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const revocationTook = Date.now() - revoked;
    // Once hidden, hidden for good.
    for (let i = 0; i < 3; i += 1) {
      await move(a[0] as string, brandA);
      expect(showsA(await ownMovement())).toBe(false);
    }
    if (process.env.TRACEHUB_REPORT) console.log(`grant reached the open subscription in ${grantTook} ms, the revocation in ${revocationTook} ms`);

    // One subscription throughout: no error, no close, every own movement once and in order, cursors increasing.
    expect(live.resultErrors).toEqual([]);
    const delivered = live.received.map((m) => m.unitMovements);
    expect(delivered.filter((m) => own.includes(m.eventId)).map((m) => m.eventId)).toEqual(own);
    expect(new Set(delivered.map((m) => m.eventId)).size).toBe(delivered.length);
    const cursors = delivered.map((m) => BigInt(m.cursor));
    expect(cursors.every((c, i) => i === 0 || c > (cursors[i - 1] as bigint))).toBe(true);
    expect(hub.gateway.subscriptions.connectionCount()).toBe(1);
  });
});
