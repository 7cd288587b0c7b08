import { once } from "node:events";
import { readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { type GatewayOptions, type RunningGateway, SUPERGRAPH_PATH, UNLIMITED, startGateway } from "@tracehub/gateway";
import { type TestHub, postGraphQL, startHub } from "@tracehub/testkit";
import { GRAPHQL_TRANSPORT_WS_PROTOCOL } from "graphql-ws";
import WebSocket from "ws";
import { PUBLIC_OPERATIONS } from "../public-operations";

const VERIFY = PUBLIC_OPERATIONS.VerifyAuthenticity;
const CODE = { code: "(01)09506000134352(21)NOPE" };
/** A bucket that does not refill during a test. */
const NO_REFILL = { perSecond: 0.001 };
const OPEN = { perSecond: 1_000, burst: 1_000 };

describe("HTTP protections of the gateway", () => {
  let hub: TestHub;
  let operator: string;
  const gateways: RunningGateway[] = [];
  const gatewayWith = async (options: Partial<GatewayOptions>) => {
    const gateway = await startGateway({
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, "utf8"),
      subgraphUrls: hub.subgraphUrls,
      jwt: { secret: hub.secrets.jwt },
      principalKey: hub.secrets.principalKey,
      port: 0,
      rateLimits: UNLIMITED,
      ...options,
    });
    gateways.push(gateway);
    return gateway;
  };
  const post = (url: string, token?: string | null, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query: VERIFY, variables: CODE }),
    });

  beforeAll(async () => {
    hub = await startHub();
    operator = await hub.token({ roles: ["operator"] });
  });
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await hub?.stop();
  });

  describe("rate limits (token buckets)", () => {
    async function expectLimited(response: Response): Promise<void> {
      expect(response.status).toBe(429);
      const retryAfter = Number(response.headers.get("retry-after"));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string; retryAfterSeconds: number } }[] };
      expect(body.errors[0]?.extensions).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: retryAfter });
    }

    it("limits anonymous (public) requests per client address, apart from authenticated ones", async () => {
      const gateway = await gatewayWith({ rateLimits: { address: OPEN, anonymous: { ...NO_REFILL, burst: 3 }, principal: OPEN } });
      for (let i = 0; i < 3; i++) expect((await post(gateway.url)).status).toBe(200);
      await expectLimited(await post(gateway.url));
      expect((await post(gateway.url, operator)).status).toBe(200);
    });

    it("limits authenticated requests per principal: one subject's burst does not touch another's", async () => {
      const gateway = await gatewayWith({ rateLimits: { address: OPEN, anonymous: OPEN, principal: { ...NO_REFILL, burst: 3 } } });
      const alice = await hub.token({ sub: "alice", roles: ["operator"] });
      const bob = await hub.token({ sub: "bob", roles: ["operator"] });
      for (let i = 0; i < 3; i++) expect((await post(gateway.url, alice)).status).toBe(200);
      await expectLimited(await post(gateway.url, alice));
      // A fresh token of the same subject shares its bucket.
      await expectLimited(await post(gateway.url, await hub.token({ sub: "alice", roles: ["operator"] })));
      expect((await post(gateway.url, bob)).status).toBe(200);
      expect((await post(gateway.url)).status).toBe(200);
    });

    it("limits every request and WebSocket connection per client address (behind a trusted proxy, per X-Forwarded-For)", async () => {
      const gateway = await gatewayWith({ trustProxy: "loopback", rateLimits: { address: { ...NO_REFILL, burst: 4 }, anonymous: OPEN, principal: OPEN } });
      const from = (address: string) => ({ "x-forwarded-for": address });
      expect((await post(gateway.url, null, from("203.0.113.7"))).status).toBe(200);
      expect((await post(gateway.url, operator, from("203.0.113.7"))).status).toBe(200);
      expect((await post(gateway.url, await hub.token({ sub: "other" }), from("203.0.113.7"))).status).toBe(200);
      expect((await post(gateway.url, null, from("203.0.113.7"))).status).toBe(200);
      await expectLimited(await post(gateway.url, operator, from("203.0.113.7")));
      expect((await post(gateway.url, operator, from("198.51.100.2"))).status).toBe(200);

      const socket = new WebSocket(gateway.url.replace(/^http/, "ws"), GRAPHQL_TRANSPORT_WS_PROTOCOL, { headers: from("203.0.113.7") });
      const [, response] = (await once(socket, "unexpected-response")) as [unknown, IncomingMessage];
      expect(response.statusCode).toBe(429);
      expect(Number(response.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      socket.on("error", () => undefined);
      socket.terminate();
    });

    it("leaves the hubs tests use unlimited unless a test sets limits", async () => {
      // Twice the default anonymous burst (30), from one address.
      const results = await Promise.all(Array.from({ length: 60 }, () => postGraphQL(hub.url, VERIFY, CODE)));
      expect(results.every((r) => r.status === 200)).toBe(true);
    });
  });

  it("answers requests it cannot read or resolve with a 4xx and a code, never a 500", async () => {
    const json = { "content-type": "application/json", authorization: `Bearer ${operator}` };
    const cases: [RequestInit, number, string][] = [
      [{ headers: json, body: JSON.stringify({ query: "query A { __typename } query B { __typename }" }) }, 400, "BAD_REQUEST"],
      [{ headers: json, body: JSON.stringify({ query: "query A { __typename }", operationName: "B" }) }, 400, "BAD_REQUEST"],
      [{ headers: { ...json, "content-type": "application/json; charset=latin1" }, body: JSON.stringify({ query: "{ __typename }" }) }, 415, "BAD_REQUEST"],
      [{ headers: { ...json, "content-encoding": "gzip" }, body: JSON.stringify({ query: "{ __typename }" }) }, 400, "BAD_REQUEST"],
      [{ headers: json, body: JSON.stringify({ query: "{ __typename }", extensions: { persistedQuery: { version: 1, sha256Hash: "x" } } }) }, 400, "PERSISTED_QUERY_NOT_FOUND"],
    ];
    for (const [init, status, code] of cases) {
      const response = await fetch(hub.url, { method: "POST", ...init });
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect({ status: response.status, code: body.errors[0]?.extensions.code }).toEqual({ status, code });
    }
  });

  describe("security headers", () => {
    function expectSecurityHeaders(response: Response): void {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-powered-by")).toBeNull();
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
    }

    it("sets them on every answer: health, GraphQL, bad requests, unknown paths, rate limiting", async () => {
      const base = hub.url.replace(/\/graphql$/, "");
      const answers = [
        await fetch(`${base}/health`),
        await post(hub.url, operator),
        await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" }),
        await fetch(`${base}/nowhere`),
        await fetch(hub.url, { headers: { accept: "text/html" } }),
      ];
      expect(answers.map((a) => a.status)).toEqual([200, 200, 400, 404, 400]);
      // A GraphQL answer is never stored by a shared cache (the subgraphs declare no cache hints).
      expect(answers[1]!.headers.get("cache-control")).toBe("no-store");
      expect(((await answers[3]!.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe("NOT_FOUND");
      for (const answer of answers) {
        expectSecurityHeaders(answer);
        expect(answer.headers.get("strict-transport-security")).toBeNull();
      }
      const limited = await gatewayWith({ rateLimits: { address: OPEN, anonymous: { ...NO_REFILL, burst: 1 }, principal: OPEN } });
      await post(limited.url);
      const refused = await post(limited.url);
      expect(refused.status).toBe(429);
      expectSecurityHeaders(refused);
    });

    it("sends HSTS when the request came over TLS through a trusted proxy, and ignores the header from an untrusted one", async () => {
      const https = { "x-forwarded-proto": "https" };
      const proxied = await gatewayWith({ trustProxy: "loopback" });
      const viaProxy = await post(proxied.url, operator, https);
      expect(viaProxy.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
      expect((await post(proxied.url, operator)).headers.get("strict-transport-security")).toBeNull();
      expect((await post(hub.url, operator, https)).headers.get("strict-transport-security")).toBeNull();
    });
  });
});
