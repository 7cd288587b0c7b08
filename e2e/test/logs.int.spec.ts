import { Writable } from "node:stream";
import { PUBLIC_OPERATIONS } from "@tracehub/gateway/public-operations";
import { setLogDestination } from "@tracehub/subgraph-kit/log";
import { type TestHub, startHub } from "@tracehub/testkit";

// Issue 16, logs: every process writes structured JSON lines (pino). A federated request is one line in the gateway
// and one in each subgraph it reached, all with the gateway's request id and the principal, and never a token, an
// API key or a variable's value.
describe("structured request logs", () => {
  let hub: TestHub;
  let token: string;
  let orgId: string;
  const lines: Record<string, any>[] = [];
  const GTIN = "09506000134352";

  beforeAll(async () => {
    process.env.LOG_LEVEL = "info";
    setLogDestination(
      new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
          done();
        },
      }),
    );
    hub = await startHub();
    orgId = await hub.seed.organization({ name: "Brand Logs", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    token = await hub.token({ sub: "user-17", org: orgId, roles: ["brand_owner"] });
    await hub.seed.product(GTIN, "Logged Tablets");
    await hub.seed.units({ gtin: GTIN, lot: "L", count: 2 });
  });
  afterAll(async () => {
    await hub?.stop();
    setLogDestination(null);
    process.env.LOG_LEVEL = "warn";
  });

  const post = async (body: unknown, bearer?: string) => {
    const res = await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }, body: JSON.stringify(body) });
    return { requestId: res.headers.get("x-request-id")!, body: (await res.json()) as any };
  };
  const linesOf = async (requestId: string, count: number) => {
    for (const until = Date.now() + 5_000; Date.now() < until; await new Promise((r) => setTimeout(r, 20))) {
      if (lines.filter((l) => l.requestId === requestId).length >= count) break;
    }
    return lines.filter((l) => l.requestId === requestId);
  };

  it("joins the gateway's line and each subgraph's by the request id, with the principal", async () => {
    const { requestId, body } = await post({ query: `query LogProbe { units(first: 1) { edges { node { id product { name brandOwner { name } } } } } }` }, token);
    expect(body.errors).toBeUndefined();
    const mine = await linesOf(requestId, 3);
    expect(mine.map((l) => l.service).sort()).toEqual(["gateway", "suppliers", "units"]);
    for (const line of mine) {
      expect(line).toMatchObject({ level: "info", msg: "graphql request", requestId, outcome: "ok", principal: { sub: "user-17", org: orgId, roles: ["brand_owner"] } });
      expect(typeof line.ms).toBe("number");
      expect(typeof line.time).toBe("string");
    }
    expect(mine.find((l) => l.service === "gateway")).toMatchObject({ operation: "LogProbe", type: "query" });
  });

  it("says who failed and with which code, and writes no credential or variable", async () => {
    const refused = await post({ query: `query Private { units(first: 1) { totalCount } }` });
    const [line] = await linesOf(refused.requestId, 1);
    expect(line).toMatchObject({ service: "gateway", outcome: "error", codes: ["UNAUTHENTICATED"], principal: { anonymous: true } });
    const secretSerial = "NOBODY-LOGS-THIS7";
    const check = await post({ query: PUBLIC_OPERATIONS.VerifyAuthenticity, variables: { code: `(01)${GTIN}(21)${secretSerial}` } });
    expect(check.body.data.verifyAuthenticity.verdict).toBe("UNKNOWN");
    expect((await linesOf(check.requestId, 2)).map((l) => l.service).sort()).toEqual(["gateway", "units"]);
    const all = JSON.stringify(lines);
    expect(all).not.toContain(token);
    expect(all).not.toContain(secretSerial);
    expect(all).not.toContain(hub.secrets.principalKey);
  });
});
