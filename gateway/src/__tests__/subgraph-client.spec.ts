import http from "node:http";
import type { AddressInfo } from "node:net";
import { keepAliveFetcher } from "../subgraph-client";

/** A real HTTP server on a free port that records each request's body and the connection it came on. */
async function server(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) {
  const seen: { body: string; socket: object; headers: http.IncomingHttpHeaders }[] = [];
  const httpServer = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      seen.push({ body, socket: req.socket, headers: req.headers });
      handler(req, res, body);
    });
  });
  httpServer.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  return {
    url,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}

describe("the gateway's subgraph client", () => {
  const fetcher = keepAliveFetcher();
  afterAll(() => fetcher.close());

  it("sends the method, headers and body, and answers status, headers and body from memory", async () => {
    const upstream = await server((_req, res, body) => {
      res.setHeader("content-type", "application/json");
      res.setHeader("cache-control", "max-age=5");
      res.statusCode = 200;
      res.end(JSON.stringify({ data: { echo: JSON.parse(body) } }));
    });
    try {
      const response = await fetcher(upstream.url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-tracehub-principal": "signed" },
        body: '{"query":"{ a }"}',
      });
      expect(response.status).toBe(200);
      expect(response.ok).toBe(true);
      expect(response.headers.get("cache-control")).toBe("max-age=5");
      expect(await response.json()).toEqual({ data: { echo: { query: "{ a }" } } });
      expect(await response.clone().text()).toBe('{"data":{"echo":{"query":"{ a }"}}}');
      expect(upstream.seen[0]?.headers["x-tracehub-principal"]).toBe("signed");
      expect(upstream.seen[0]?.headers["content-length"]).toBe(String(Buffer.byteLength('{"query":"{ a }"}')));
    } finally {
      await upstream.close();
    }
  });

  it("answers a refusal as it came (not ok), for the data source to read the GraphQL errors", async () => {
    const upstream = await server((_req, res) => {
      res.statusCode = 400;
      res.setHeader("content-type", "application/json");
      res.end('{"errors":[{"message":"no","extensions":{"code":"BAD_USER_INPUT"}}]}');
    });
    try {
      const response = await fetcher(upstream.url, { method: "POST", headers: {}, body: "{}" });
      expect(response.ok).toBe(false);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ errors: [{ message: "no", extensions: { code: "BAD_USER_INPUT" } }] });
    } finally {
      await upstream.close();
    }
  });

  it("keeps the connection: sequential requests share one socket", async () => {
    const upstream = await server((_req, res) => res.end("{}"));
    try {
      for (let i = 0; i < 5; i++) await (await fetcher(upstream.url, { method: "POST", headers: {}, body: `{"i":${i}}` })).text();
      expect(upstream.seen).toHaveLength(5);
      expect(new Set(upstream.seen.map((s) => s.socket)).size).toBe(1);
    } finally {
      await upstream.close();
    }
  });

  /** A server that drops the connection, unanswered, at its second request (which comes on the reused connection). */
  const resettingAtSecond = () =>
    server((req, res, body) => {
      if (dropped++ === 1) {
        req.socket.destroy();
        return;
      }
      res.end(JSON.stringify({ data: { body } }));
    });
  let dropped = 0;

  it("sends a query again on a new connection when a reused one was reset before answering", async () => {
    dropped = 0;
    const upstream = await resettingAtSecond();
    try {
      await (await fetcher(upstream.url, { method: "POST", headers: {}, body: '{"query":"query A { a }"}' })).text();
      const answer = await fetcher(upstream.url, { method: "POST", headers: {}, body: '{"query":"query B { b }"}' });
      expect(await answer.json()).toEqual({ data: { body: '{"query":"query B { b }"}' } });
      expect(upstream.seen.map((s) => s.body)).toEqual(['{"query":"query A { a }"}', '{"query":"query B { b }"}', '{"query":"query B { b }"}']);
    } finally {
      await upstream.close();
    }
  });

  it("never sends a mutation twice: the reset is the caller's error", async () => {
    dropped = 0;
    const upstream = await resettingAtSecond();
    try {
      await (await fetcher(upstream.url, { method: "POST", headers: {}, body: '{"query":"query A { a }"}' })).text();
      await expect(fetcher(upstream.url, { method: "POST", headers: {}, body: '{"query":"mutation M { m }"}' })).rejects.toMatchObject({ code: "ECONNRESET" });
      expect(upstream.seen.map((s) => s.body)).toEqual(['{"query":"query A { a }"}', '{"query":"mutation M { m }"}']);
    } finally {
      await upstream.close();
    }
  });

  it("stops at the caller's abort signal", async () => {
    const upstream = await server(() => undefined);
    try {
      const controller = new AbortController();
      const pending = fetcher(upstream.url, { method: "POST", headers: {}, body: "{}", signal: controller.signal as never });
      setTimeout(() => controller.abort(), 50);
      await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    } finally {
      await upstream.close();
    }
  });

  it("rejects with the connection error when nothing listens", async () => {
    const upstream = await server(() => undefined);
    const url = upstream.url;
    await upstream.close();
    await expect(fetcher(url, { method: "POST", headers: {}, body: "{}" })).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
