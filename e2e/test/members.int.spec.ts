import { type TestHub, postGraphQL, startHub, subscribe } from "@tracehub/testkit";

// Issue 10: an organization's admins manage its people. Once an organization has members, the gateway takes its
// people's roles from their membership (not from their tokens) and refuses the tokens of people who are not, or no
// longer, members: on HTTP at once here (the hub's scope cache is 0; 5 s by default), and on open graphql-ws
// connections within the recheck period. An organization that keeps no members works as before.
const GTIN = "09506000134352"; // prefix 9506000, brand A
const ADD = `mutation($i: AddMemberInput!) { addMember(input: $i) { id subject name email roles removedAt organization { id } } }`;
const UPDATE = `mutation($i: UpdateMemberInput!) { updateMember(input: $i) { id roles } }`;
const REMOVE = `mutation($id: ID!) { removeMember(id: $id) { id removedAt } }`;
const MEMBERS = `query($o: ID) { members(first: 10, organizationId: $o) { totalCount edges { node { subject roles } } } }`;
const UNITS = `{ units(first: 5) { totalCount } }`;
const COMMISSION = `mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds } }`;

type Res = Awaited<ReturnType<typeof postGraphQL<any>>>;

describe("organization members through the gateway", () => {
  let hub: TestHub;
  let op: string;
  let orgA: string;
  let orgB: string;
  let adminA: string;
  let adminB: string;
  const as = (token: string, query: string, variables: Record<string, unknown> = {}): Promise<Res> => postGraphQL<any>(hub.url, query, variables, token);
  const ok = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await as(token, query, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const code = (res: Res) => res.errors?.[0]?.extensions?.code;
  const reason = (res: Res) => res.errors?.[0]?.extensions?.reason;
  const person = (sub: string, org: string, roles: string[]) => hub.token({ sub, org, roles: roles as never });
  const memberCount = async () => (await ok(op, MEMBERS, { o: orgA })).members.totalCount;

  beforeAll(async () => {
    hub = await startHub({ scopeCacheMs: 0, apiKeyCacheMs: 1_000 });
    op = await hub.token({ roles: ["operator"] });
    orgA = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    orgB = await hub.seed.organization({ name: "Brand B", kind: "BRAND_OWNER", companyPrefixes: ["0614141"] });
    adminA = await person("alice", orgA, ["admin", "brand_owner"]);
    adminB = await person("bea", orgB, ["admin"]);
    await ok(adminA, `mutation { upsertProduct(input: { gtin: "${GTIN}", name: "A" }) { gtin } }`);
  });
  afterAll(() => hub?.stop());

  it("refuses bad input with a clear error and writes nothing", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ subject: "  ", roles: ["ADMIN"] }, "subject"],
      [{ subject: "x".repeat(201), roles: ["ADMIN"] }, "subject"],
      [{ subject: "tab\tbed", roles: ["ADMIN"] }, "subject"],
      [{ subject: "alice", roles: [] }, "roles"],
      [{ subject: "alice", roles: ["ADMIN", "REGULATOR"] }, "roles"],
      [{ subject: "alice", roles: ["ADMIN"], email: "not-an-address" }, "email"],
      [{ subject: "alice", roles: ["ADMIN"], organizationId: "nope" }, "organizationId"],
    ];
    for (const [input, field] of cases) {
      const res = await as(adminA, ADD, { i: input });
      const extensions = res.errors?.[0]?.extensions;
      expect({ input, code: extensions?.code, field: extensions?.field ?? extensions?.argument }).toEqual({ input, code: "BAD_USER_INPUT", field });
    }
    // The hub's operators are named by the identity provider only: not a role an organization gives.
    const operator = await as(adminA, ADD, { i: { subject: "mallory", roles: ["OPERATOR"] } });
    expect(code(operator)).toBe("BAD_USER_INPUT");
    expect(operator.errors?.[0]?.message).toContain('"OPERATOR"');
    expect(code(await as(op, ADD, { i: { subject: "alice", roles: ["ADMIN"] } }))).toBe("BAD_USER_INPUT");
    expect(await memberCount()).toBe(0);
  });

  it("keeps an organization without members working from its tokens' roles", async () => {
    const bob = await person("bob", orgA, ["brand_owner"]);
    expect((await ok(bob, COMMISSION, { i: { gtin: GTIN, count: 1, serialType: "SEQUENTIAL" } })).commissionUnits.unitIds).toHaveLength(1);
  });

  it("insists the first member is an admin, so someone can manage the others", async () => {
    const res = await as(adminA, ADD, { i: { subject: "bob", roles: ["BRAND_OWNER"] } });
    expect([code(res), reason(res)]).toEqual(["CONFLICT", "LAST_ADMIN"]);
    expect(await memberCount()).toBe(0);
  });

  describe("once an organization has members", () => {
    let aliceId: string;
    let bobId: string;

    beforeAll(async () => {
      const alice = (await ok(adminA, ADD, { i: { subject: "alice", roles: ["ADMIN"], name: "Alice", email: "alice@brand-a.example" } })).addMember;
      expect(alice).toMatchObject({ subject: "alice", name: "Alice", email: "alice@brand-a.example", roles: ["ADMIN"], removedAt: null, organization: { id: orgA } });
      aliceId = alice.id;
    });

    it("refuses a person who is not a member, whatever its token says", async () => {
      const bob = await person("bob", orgA, ["brand_owner", "admin"]);
      const res = await as(bob, UNITS);
      expect(res.status).toBe(403);
      expect(code(res)).toBe("FORBIDDEN");
      expect(res.errors?.[0]?.message).toContain("not a member");
      // Another organization, keeping no members, is not affected.
      expect((await ok(adminB, `{ organizations(first: 5) { totalCount } }`)).organizations.totalCount).toBe(1);
    });

    it("gives members the roles recorded for them, not those in their tokens", async () => {
      // Alice's token still says brand_owner, but her membership says admin only.
      const res = await as(adminA, COMMISSION, { i: { gtin: GTIN, count: 1, serialType: "SEQUENTIAL" } });
      expect(code(res)).toBe("FORBIDDEN");
      bobId = (await ok(adminA, ADD, { i: { subject: "bob", roles: ["BRAND_OWNER"] } })).addMember.id;
      const bob = await person("bob", orgA, ["logistics"]);
      expect((await ok(bob, COMMISSION, { i: { gtin: GTIN, count: 1, serialType: "SEQUENTIAL" } })).commissionUnits.unitIds).toHaveLength(1);
      expect((await ok(bob, UNITS)).units.totalCount).toBe(2);

      const twice = await as(adminA, ADD, { i: { subject: "bob", roles: ["LOGISTICS"] } });
      expect([code(twice), reason(twice)]).toEqual(["CONFLICT", "MEMBER_EXISTS"]);

      expect((await ok(adminA, UPDATE, { i: { id: bobId, roles: ["LOGISTICS", "LOGISTICS"] } })).updateMember.roles).toEqual(["LOGISTICS"]);
      expect(code(await as(bob, COMMISSION, { i: { gtin: GTIN, count: 1, serialType: "SEQUENTIAL" } }))).toBe("FORBIDDEN");
      expect((await ok(adminA, UPDATE, { i: { id: bobId, roles: ["BRAND_OWNER"] } })).updateMember.roles).toEqual(["BRAND_OWNER"]);
    });

    it("lists members to the organization's admins and operators only", async () => {
      const listed = (await ok(adminA, MEMBERS)).members;
      expect(listed).toEqual({ totalCount: 2, edges: [{ node: { subject: "alice", roles: ["ADMIN"] } }, { node: { subject: "bob", roles: ["BRAND_OWNER"] } }] });
      expect((await ok(op, MEMBERS, { o: orgA })).members.totalCount).toBe(2);
      const bob = await person("bob", orgA, []);
      expect(code(await as(bob, MEMBERS))).toBe("FORBIDDEN");
      expect(code(await as(adminB, MEMBERS, { o: orgA }))).toBe("FORBIDDEN");
      expect((await ok(adminB, MEMBERS)).members.totalCount).toBe(0);
      // Another organization's admin cannot touch A's members: they answer as unknown ones.
      for (const [query, variables] of [
        [REMOVE, { id: bobId }],
        [UPDATE, { i: { id: bobId, roles: ["ADMIN"] } }],
      ] as const) {
        const res = await as(adminB, query, variables);
        expect([code(res), reason(res)]).toEqual(["NOT_FOUND", "MEMBER_NOT_FOUND"]);
      }
    });

    it("never leaves the organization without an admin", async () => {
      for (const [query, variables] of [
        [REMOVE, { id: aliceId }],
        [UPDATE, { i: { id: aliceId, roles: ["BRAND_OWNER"] } }],
      ] as const) {
        const res = await as(adminA, query, variables);
        expect([code(res), reason(res)]).toEqual(["CONFLICT", "LAST_ADMIN"]);
      }
      expect((await ok(adminA, MEMBERS)).members.totalCount).toBe(2);
    });

    it("shuts a removed member out at once, live connections within the recheck period", async () => {
      const carol = await person("carol", orgA, ["logistics"]);
      const carolId = (await ok(adminA, ADD, { i: { subject: "carol", roles: ["LOGISTICS"] } })).addMember.id;
      const live = subscribe(hub.wsUrl, `subscription { unitMovements { cursor } }`, {}, { token: carol });
      try {
        await hub.gateway.subscriptions.fanout.whenSubscribers((n) => n === 1);
        expect((await ok(carol, UNITS)).units.totalCount).toBe(2);
        const removed = (await ok(adminA, REMOVE, { id: carolId })).removeMember;
        expect(removed.removedAt).not.toBeNull();
        expect((await as(carol, UNITS)).status).toBe(403);
        const closed = await live.closed;
        expect(closed.code).toBe(4403);
        expect(closed.reason).toContain("no longer a member");
        // Removing twice keeps the first time; adding again makes a new membership.
        expect((await ok(adminA, REMOVE, { id: carolId })).removeMember.removedAt).toBe(removed.removedAt);
        expect((await ok(adminA, ADD, { i: { subject: "carol", roles: ["LOGISTICS"] } })).addMember.id).not.toBe(carolId);
        expect((await ok(carol, UNITS)).units.totalCount).toBe(2);
      } finally {
        await live.dispose();
      }
    });

    it("lets the last admin go only with the last member, and operators manage any organization", async () => {
      const members = (await ok(op, `query($o: ID) { members(first: 10, organizationId: $o) { edges { node { id subject } } } }`, { o: orgA })).members.edges.map(
        (e: { node: { id: string; subject: string } }) => e.node,
      );
      for (const m of members.filter((m: { subject: string }) => m.subject !== "alice")) await ok(op, REMOVE, { id: m.id });
      await ok(op, REMOVE, { id: aliceId });
      expect(await memberCount()).toBe(0);
      // Without members, the tokens' roles stand again.
      expect((await ok(adminA, COMMISSION, { i: { gtin: GTIN, count: 1, serialType: "SEQUENTIAL" } })).commissionUnits.unitIds).toHaveLength(1);
      // API keys act for the organization whatever its members.
      const key = (await ok(adminA, `mutation { createApiKey(input: { name: "scanner", scopes: [READ] }) { key } }`)).createApiKey.key;
      await ok(op, ADD, { i: { subject: "alice", roles: ["ADMIN"], organizationId: orgA } });
      const byKey = await postGraphQL<any>(hub.url, UNITS, {}, null, { authorization: `ApiKey ${key}` });
      expect(byKey.data?.units.totalCount).toBe(3);
    });
  });
});
