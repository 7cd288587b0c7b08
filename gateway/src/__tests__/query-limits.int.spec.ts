import { type TestHub, postGraphQL, startHub, subscribe } from "@tracehub/testkit";

type Errors = { message: string; extensions?: { code?: string; limit?: string; argument?: string } }[];

/** `levels` fragments (a, b, c, ...), each spreading the next one twice: 2^levels expansions in about 1 KB. */
function fragmentBomb(levels: number, on: string, leaf: string): string {
  const name = (i: number) => String.fromCharCode(97 + i);
  const fragments = Array.from({ length: levels }, (_, i) => `fragment ${name(i)} on ${on}{...${name(i + 1)}...${name(i + 1)}}`);
  fragments.push(`fragment ${name(levels)} on ${on}{${leaf}}`);
  return fragments.join(" ");
}

/** units > edges > node, then `hops` times order > units, then `tail`: 3 + 2 * hops + depth(tail) levels. */
function nestedUnits(hops: number, tail: string): string {
  return `{ units(first: 1) { edges { node { ${"order { units { ".repeat(hops)}${tail}${" } }".repeat(hops)} } } } }`;
}

describe("query limits through the gateway", () => {
  let hub: TestHub;
  let operator: string;

  beforeAll(async () => {
    hub = await startHub();
    operator = await hub.token({ roles: ["operator"] });
  });
  afterAll(() => hub?.stop());

  describe("fragments are measured once, in time linear in the document", () => {
    it("refuses an anonymous sub-kilobyte fragment bomb with LIMIT_EXCEEDED while /health keeps answering", async () => {
      const query = `{...a} ${fragmentBomb(25, "Query", "__typename")}`;
      expect(Buffer.byteLength(query)).toBeLessThan(1024);
      const pending = hub.query(query);
      const health = await fetch(hub.url.replace(/\/graphql$/, "/health"));
      expect(health.status).toBe(200);
      const res = await pending;
      expect(res.status).toBe(400);
      expect(res.errors?.[0]?.extensions?.code).toBe("LIMIT_EXCEEDED");
    });

    it("refuses a fragment bomb below a field for an authenticated caller", async () => {
      const query = `{verifyAuthenticity(code:"x"){...a}} ${fragmentBomb(25, "AuthenticityResult", "verdict")}`;
      expect(Buffer.byteLength(query)).toBeLessThan(1200);
      const res = await hub.query(query, {}, operator);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "fields" });
    });

    it("refuses a fragment bomb over WebSocket too", async () => {
      const sub = subscribe(hub.wsUrl, `subscription { unitMovements { ...a } } ${fragmentBomb(25, "MovementEvent", "cursor")}`, {}, { token: operator });
      const errors = (await sub.failed) as Errors;
      expect(errors[0]?.extensions?.code).toBe("LIMIT_EXCEEDED");
      await sub.dispose();
    });

    it("counts a fragment's fields once per spread", async () => {
      // U has 21 fields; each next fragment spreads the previous one 4 times: E expands to 1,428 fields, F to 5,716.
      const chain = ["U", "C", "D", "E", "F"];
      const fragments = chain.map((name, i) =>
        i === 0
          ? `fragment U on Unit { id gtin lot kind serial expiry status disposition readPoint bizLocation location commissioned commissionedAt lastEventTime product { gtin name brand description imageUrl identifierScheme } }`
          : `fragment ${name} on Unit { ${["children", "madeFrom", "usedIn", "parent"].map((f) => `${f} { ...${chain[i - 1]} }`).join(" ")} }`,
      );
      const spread = (name: string) => `{ units(first: 1) { edges { node { ...${name} } } } } ${fragments.slice(0, chain.indexOf(name) + 1).join(" ")}`;
      expect((await hub.query(spread("E"), {}, operator)).errors).toBeUndefined();
      const res = await hub.query(spread("F"), {}, operator);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "fields" });
      // units, edges, node and F's 5,716.
      expect(res.errors?.[0]?.message).toContain("selects 5719 fields");
    });
  });

  describe("depth", () => {
    it("accepts a query exactly at the depth limit (15) and refuses one level more", async () => {
      // 3 + 2*5 + 2 = 15 levels.
      const atLimit = await hub.query(nestedUnits(5, "order { id }"), {}, operator);
      expect(atLimit.errors).toBeUndefined();
      const deeper = await hub.query(nestedUnits(5, "order { units { id } }"), {}, operator);
      expect(deeper.status).toBe(400);
      expect(deeper.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "depth" });
      expect(deeper.errors?.[0]?.message).toMatch(/16/);
    });

    it("measures depth through named fragments, at the limit and one over", async () => {
      const fragments = `fragment O on Order { units { ...U } } fragment U on Unit { order { ...Leaf } } fragment Leaf on Order { id }`;
      // units > edges > node (3), 4 inline hops (8), then order > units > order > id through fragments (4) = 15.
      const atLimit = await hub.query(`{ units(first: 1) { edges { node { ${"order { units { ".repeat(4)}order { ...O }${" } }".repeat(4)} } } } } ${fragments}`, {}, operator);
      expect(atLimit.errors).toBeUndefined();
      const over = await hub.query(`{ units(first: 1) { edges { node { ${"order { units { ".repeat(5)}order { ...O }${" } }".repeat(5)} } } } } ${fragments}`, {}, operator);
      expect(over.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "depth" });
    });

    it("refuses a subscription deeper than the limit", async () => {
      const sub = subscribe(hub.wsUrl, `subscription { unitMovements { units { ${"order { units { ".repeat(7)}id${" } }".repeat(7)} } } }`, {}, { token: operator });
      const errors = (await sub.failed) as Errors;
      expect(errors[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "depth" });
      await sub.dispose();
    });
  });

  describe("aliases, root fields and tokens", () => {
    const aliased = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: id`).join(" ");

    it("accepts 30 aliases and refuses 31", async () => {
      expect((await hub.query(`{ units(first: 1) { edges { node { ${aliased(30)} } } } }`, {}, operator)).errors).toBeUndefined();
      const res = await hub.query(`{ units(first: 1) { edges { node { ${aliased(31)} } } } }`, {}, operator);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "aliases" });
    });

    it("counts aliases in a fragment once per spread", async () => {
      const res = await hub.query(`{ a: units(first: 1) { edges { node { ...F } } } b: units(first: 1) { edges { node { ...F } } } } fragment F on Unit { ${aliased(15)} }`, {}, operator);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "aliases" });
    });

    it("accepts 20 root fields and refuses 21, also through a fragment on Query", async () => {
      const roots = (n: number) => Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(" ");
      expect((await hub.query(`{ ${roots(20)} }`, {}, operator)).errors).toBeUndefined();
      const res = await hub.query(`{ ${roots(15)} ...Q } fragment Q on Query { ${roots(6).replace(/t(\d)/g, "q$1")} }`, {}, operator);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "rootFields" });
    });

    it("refuses a document of more than 20,000 tokens while parsing", async () => {
      const res = await hub.query(`{ __typename ${"__typename ".repeat(20_000)}}`, {}, operator);
      expect(res.status).toBe(400);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "tokens" });
    });
  });

  describe("list arguments", () => {
    const events = `query($ids: [String!]) { events(first: 1, filter: { eventIds: $ids }) { totalCount } }`;

    it("refuses an eventIds filter of 200,000 entries in a variable, naming it", async () => {
      const res = await hub.query(events, { ids: Array.from({ length: 200_000 }, () => "x") }, operator);
      expect(res.status).toBe(400);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "list" });
      expect(res.errors?.[0]?.message).toContain("$ids");
      expect(res.errors?.[0]?.message).toContain("200,000");
    });

    it("accepts 1,000 entries and refuses 1,001, in variables and in literals", async () => {
      expect((await hub.query(events, { ids: Array.from({ length: 1_000 }, (_, i) => `e${i}`) }, operator)).errors).toBeUndefined();
      expect((await hub.query(events, { ids: Array.from({ length: 1_001 }, (_, i) => `e${i}`) }, operator)).errors?.[0]?.extensions?.code).toBe("LIMIT_EXCEEDED");
      const literal = (n: number) => `{ events(first: 1, filter: { eventIds: [${Array.from({ length: n }, (_, i) => `"e${i}"`).join(",")}] }) { totalCount } }`;
      expect((await hub.query(literal(1_000), {}, operator)).errors).toBeUndefined();
      const res = await hub.query(literal(1_001), {}, operator);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "list" });
      expect(res.errors?.[0]?.message).toContain("filter.eventIds");
    });

    it("checks a list given as a variable's default", async () => {
      const res = await hub.query(events.replace("$ids: [String!]", `$ids: [String!] = [${Array.from({ length: 1_001 }, () => '"x"').join(",")}]`), {}, operator);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "list" });
    });

    it("refuses a long list inside an input object variable, naming the path", async () => {
      const res = await hub.query(`query($f: EventFilter) { events(first: 1, filter: $f) { totalCount } }`, { f: { bizSteps: Array.from({ length: 5_000 }, () => "shipping") } }, operator);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "list" });
      expect(res.errors?.[0]?.message).toContain("$f.bizSteps");
    });

    it("still commissions more than 1,000 given serials in one call (its own allowance)", async () => {
      await hub.seed.organization({ name: "Limits Pharma", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
      await hub.seed.product("09506000134352", "Limits test product");
      const serials = Array.from({ length: 1_500 }, (_, i) => `LIM${i}`);
      const res = await hub.query<{ commissionUnits: { serials: string[] } }>(
        `mutation($input: CommissionUnitsInput!) { commissionUnits(input: $input) { serials } }`,
        { input: { gtin: "09506000134352", lot: "LIM-1", serials } },
        operator,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.commissionUnits.serials).toHaveLength(1_500);
    });

    it("passes an EPCIS document with more than 1,000 events to captureEvents (a JSON scalar is not walked)", async () => {
      const eventList = Array.from({ length: 1_200 }, () => ({ type: "ObjectEvent" }));
      const res = await hub.query(`mutation($d: JSON!) { captureEvents(document: $d) { eventIds } }`, { d: { type: "EPCISDocument", epcisBody: { eventList } } }, operator);
      // The units service reads it (and refuses this skeleton as not EPCIS), not the gateway's limits.
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", serviceName: "units" });
      expect(res.errors?.[0]?.message).toMatch(/not valid EPCIS/);
    });
  });

  describe("cost", () => {
    it("refuses nested connections whose pages multiply past the limit, literal or in variables", async () => {
      const nested = `query($n: Int) { units(first: $n) { edges { node { events(first: $n) { edges { node { eventId } } } } } } }`;
      const res = await hub.query(nested, { n: 500 }, operator);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "cost" });
      expect(res.errors?.[0]?.message).toMatch(/estimated cost is 751,501/);
      expect((await hub.query(nested, { n: 10 }, operator)).errors).toBeUndefined();
      // A variable left out takes the operation's default.
      const defaulted = await hub.query(nested.replace("$n: Int", "$n: Int = 500"), {}, operator);
      expect(defaulted.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "cost" });
      expect((await hub.query(`{ units(first: 500) { edges { node { id } } } }`, {}, operator)).errors).toBeUndefined();
    });

    it("counts exportEpcis as expensive: 10 exports pass, 11 cost too much", async () => {
      const exports = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `e${i}: exportEpcis(filter: {})`).join(" ")} }`;
      expect((await hub.query(exports(10), {}, operator)).errors).toBeUndefined();
      const res = await hub.query(exports(11), {}, operator);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "cost" });
    });
  });

  describe("field suggestions", () => {
    const typo = `{ verifyAuthenticty(code: "x") { verdict } }`;

    it("gives anonymous callers no 'Did you mean' hints", async () => {
      const res = await hub.query(typo);
      expect(res.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(res.errors?.[0]?.message).toContain("verifyAuthenticty");
      expect(JSON.stringify(res.errors)).not.toMatch(/Did you mean/);
      const arg = await hub.query(`{ verifyAuthenticity(cod: "x") { verdict } }`);
      expect(JSON.stringify(arg.errors)).not.toMatch(/Did you mean/);
      const enumValue = await postGraphQL(hub.url, `{ exportEpcis(filter: {}, epcFormat: ALWAYS_EPC_URX) }`);
      expect(enumValue.errors?.[0]?.message).toContain("ALWAYS_EPC_URX");
      expect(JSON.stringify(enumValue.errors)).not.toMatch(/Did you mean/);
    });

    it("still helps authenticated callers", async () => {
      const res = await hub.query(typo, {}, operator);
      expect(res.errors?.[0]?.message).toMatch(/Did you mean "verifyAuthenticity"\?/);
    });
  });
});
