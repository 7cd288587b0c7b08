import { type TestHub, startHub } from "@tracehub/testkit";
import { SignJWT } from "jose";

// Issue 18, defect 8: tokens without limits are refused at the gateway, over HTTP and WebSocket alike.
describe("access tokens need limits", () => {
  let hub: TestHub;
  const now = () => Math.floor(Date.now() / 1000);
  const sign = (build: (jwt: SignJWT) => SignJWT, claims: Record<string, unknown> = {}) =>
    build(new SignJWT({ roles: ["operator"], ...claims }).setProtectedHeader({ alg: "HS256" }).setSubject("u").setIssuer("tracehub").setAudience("tracehub")).sign(
      new TextEncoder().encode(hub.secrets.jwt),
    );
  const query = `{ units(first: 1) { totalCount } }`;

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub?.stop());

  it.each([
    ["no exp", (j: SignJWT) => j.setIssuedAt(), {}],
    ["an exp decades away", (j: SignJWT) => j.setIssuedAt().setExpirationTime(now() + 40 * 365 * 86400), {}],
    ["an iat an hour in the future", (j: SignJWT) => j.setIssuedAt(now() + 3600).setExpirationTime(now() + 7200), {}],
    ["a malformed organization id", (j: SignJWT) => j.setIssuedAt().setExpirationTime("1h"), { org: "42 OR 1=1" }],
  ] as const)("refuses a token with %s with UNAUTHENTICATED, naming the problem", async (_name, build, claims) => {
    const res = await hub.query(query, {}, await sign(build, claims));
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(res.errors?.[0]?.message).toMatch(/expiry|lives|future|organization id/);
    expect(res.data ?? null).toBeNull();
  });

  it("accepts a token with a bounded lifetime", async () => {
    const res = await hub.query(query, {}, await sign((j) => j.setIssuedAt().setExpirationTime("1h")));
    expect(res.errors).toBeUndefined();
  });
});
