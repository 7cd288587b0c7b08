import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Principal } from "@tracehub/auth";
import { MemberDirectory, MembershipUnavailable, memberPrincipal, needsMembership } from "../members";

const ORG = "6f1c1a2e-8b0e-4c39-9d55-2b1f0c7a9e10";
const person = (roles: Principal["roles"], extra: Partial<Principal> = {}): Principal => ({ sub: "ann", org: ORG, roles, anonymous: false, ...extra });

describe("memberPrincipal", () => {
  it("leaves the token as it is when the organization keeps no members", () => {
    const token = person(["brand_owner"]);
    expect(memberPrincipal(token, { managed: false })).toBe(token);
  });

  it("gives a member its recorded roles, not its token's, and refuses a non-member", () => {
    expect(memberPrincipal(person(["brand_owner", "admin"]), { managed: true, roles: ["logistics"] })).toEqual(person(["logistics"]));
    expect(memberPrincipal(person(["admin"]), { managed: true, roles: null })).toBeNull();
  });

  it("leaves the hub's operators alone", () => {
    const operator = person(["operator"]);
    expect(memberPrincipal(operator, { managed: true, roles: null })).toBe(operator);
  });
});

describe("needsMembership", () => {
  it("is true for a person of an organization only", () => {
    expect(needsMembership(person(["brand_owner"]))).toBe(true);
    expect(needsMembership(person(["operator"]))).toBe(false);
    expect(needsMembership(person(["brand_owner"], { org: null }))).toBe(false);
    expect(needsMembership(person(["brand_owner"], { apiKeyScopes: ["READ"] }))).toBe(false);
    expect(needsMembership({ sub: null, org: null, roles: [], anonymous: true })).toBe(false);
  });
});

describe("MemberDirectory against a stand-in suppliers", () => {
  let server: http.Server;
  let url: string;
  let answer: { status: number; body: unknown };
  let calls = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      calls += 1;
      req.resume();
      req.on("end", () => {
        res.writeHead(answer.status, { "content-type": "application/json" });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (calls = 0));

  it("caches an answer for its time, and asks again when a fresher one is wanted", async () => {
    const directory = new MemberDirectory({ suppliersUrl: url, principalKey: "k".repeat(32), ttlMs: 60_000 });
    answer = { status: 200, body: { managed: true, roles: ["logistics", "not-a-role"] } };
    await expect(directory.membershipOf(ORG, "ann")).resolves.toEqual({ managed: true, roles: ["logistics"] });
    await expect(directory.membershipOf(ORG, "ann")).resolves.toEqual({ managed: true, roles: ["logistics"] });
    expect(calls).toBe(1);
    answer = { status: 200, body: { managed: true, roles: null } };
    await expect(directory.membershipOf(ORG, "ann", 0)).resolves.toEqual({ managed: true, roles: null });
    expect(calls).toBe(2);
  });

  it("lets a recent answer stand in while suppliers fails, and says it cannot tell after", async () => {
    const directory = new MemberDirectory({ suppliersUrl: url, principalKey: "k".repeat(32), ttlMs: 1, staleMs: 60_000 });
    answer = { status: 200, body: { managed: false } };
    await expect(directory.membershipOf(ORG, "bo")).resolves.toEqual({ managed: false });
    await new Promise((r) => setTimeout(r, 5));
    answer = { status: 500, body: {} };
    await expect(directory.membershipOf(ORG, "bo")).resolves.toEqual({ managed: false });
    await expect(directory.membershipOf(ORG, "cy")).rejects.toBeInstanceOf(MembershipUnavailable);
    answer = { status: 200, body: { managed: "yes" } };
    await expect(directory.membershipOf(ORG, "cy")).rejects.toThrow("unexpected body");
  });
});
