import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { setLogDestination } from "@tracehub/subgraph-kit/log";
import type { Principal } from "@tracehub/auth";
import { AuditTrail, type AuditEntry, MAX_AUDIT_VARIABLES_BYTES, auditEntryOf } from "../audit";

// The gateway's queue of regulators' reads against a fake suppliers endpoint: batching, order, retries with backoff,
// malformed batches dropped, the oldest dropped when full, and the last flush at stop.
const REGULATOR: Principal = { sub: "reg-1", org: "7c9e6679-7425-40de-944b-e07fc1f90ae7", roles: ["regulator"], anonymous: false };
const BRAND: Principal = { sub: "b-1", org: "7c9e6679-7425-40de-944b-e07fc1f90ae8", roles: ["brand_owner"], anonymous: false };
const read = (name: string) => ({ operationType: "QUERY" as const, operationName: name, document: `query ${name} { units { totalCount } }`, variables: null, clientAddress: "127.0.0.1" });

/** A fake suppliers: answers each audit post with the next status of `script` (then 200), and keeps what it took. */
async function fakeSuppliers(script: number[] = []) {
  const taken: AuditEntry[][] = [];
  const posts: { at: number; status: number }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const status = script.shift() ?? 200;
      posts.push({ at: Date.now(), status });
      if (status === 200) taken.push((JSON.parse(body) as { entries: AuditEntry[] }).entries);
      res.writeHead(status, { "content-type": "application/json" }).end(status === 200 ? '{"recorded":1}' : '{"error":{"code":"X"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return { url, taken, posts, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const until = async (condition: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("audit trail", () => {
  /** The gateway's error lines (pino JSON), as messages. */
  let errors: string[];
  beforeEach(() => {
    errors = [];
    setLogDestination(
      new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split("\n").filter(Boolean)) {
            const entry = JSON.parse(line) as { level: string; msg: string };
            if (entry.level === "error") errors.push(entry.msg);
          }
          done();
        },
      }),
    );
  });
  afterEach(() => setLogDestination(null));

  it("records regulators' reads only, and sends them in order in batches of at most maxBatch", async () => {
    const suppliers = await fakeSuppliers();
    const trail = new AuditTrail({ suppliersUrl: suppliers.url, principalKey: "k" }, { flushIntervalMs: 20, maxBatch: 100 });
    try {
      trail.record(BRAND, read("NotMine"));
      for (let i = 0; i < 250; i++) trail.record(REGULATOR, read(`Q${i}`));
      await until(() => suppliers.taken.flat().length === 250);
      expect(suppliers.taken.every((batch) => batch.length <= 100)).toBe(true);
      expect(suppliers.taken.flat().map((e) => e.operationName)).toEqual(Array.from({ length: 250 }, (_, i) => `Q${i}`));
      await until(() => trail.pending === 0);
    } finally {
      await trail.stop();
      await suppliers.close();
    }
  });

  it("retries a failed post with growing waits and delivers each entry once", async () => {
    const suppliers = await fakeSuppliers([503, 503, 503]);
    const trail = new AuditTrail({ suppliersUrl: suppliers.url, principalKey: "k" }, { flushIntervalMs: 50, maxBackoffMs: 2_000 });
    try {
      trail.record(REGULATOR, read("A"));
      trail.record(REGULATOR, read("B"));
      await until(() => suppliers.taken.length === 1);
      expect(suppliers.posts.map((p) => p.status)).toEqual([503, 503, 503, 200]);
      const waits = suppliers.posts.slice(1).map((p, i) => p.at - (suppliers.posts[i] as { at: number }).at);
      // Waits double from the flush interval: at least 100, 200 and 400 ms (a timer may fire late, never early).
      expect(waits[0]).toBeGreaterThanOrEqual(95);
      expect(waits[1]).toBeGreaterThanOrEqual(195);
      expect(waits[2]).toBeGreaterThanOrEqual(395);
      expect(suppliers.taken).toEqual([[expect.objectContaining({ operationName: "A" }), expect.objectContaining({ operationName: "B" })]]);
    } finally {
      await trail.stop();
      await suppliers.close();
    }
  });

  it("drops a batch suppliers refuses as malformed (400) and goes on with the next", async () => {
    const suppliers = await fakeSuppliers([400]);
    const trail = new AuditTrail({ suppliersUrl: suppliers.url, principalKey: "k" }, { flushIntervalMs: 20, maxBatch: 1 });
    try {
      trail.record(REGULATOR, read("Refused"));
      trail.record(REGULATOR, read("Taken"));
      await until(() => suppliers.taken.length === 1);
      expect(suppliers.posts.map((p) => p.status)).toEqual([400, 200]);
      expect(suppliers.taken[0]?.map((e) => e.operationName)).toEqual(["Taken"]);
    } finally {
      await trail.stop();
      await suppliers.close();
    }
  });

  it("keeps the newest maxQueued entries while suppliers is away, and sends them at stop", async () => {
    const away = await fakeSuppliers();
    const url = away.url;
    await away.close(); // nothing listens there now: every post fails
    const trail = new AuditTrail({ suppliersUrl: url, principalKey: "k" }, { flushIntervalMs: 10_000, maxQueued: 5 });
    for (let i = 0; i < 8; i++) trail.record(REGULATOR, read(`Q${i}`));
    expect(trail.pending).toBe(5);
    await trail.stop();
    expect(trail.pending).toBe(5);
    expect(errors.join(" ")).toMatch(/audit queue full.*dropping the oldest/);
    expect(errors.join(" ")).toMatch(/5 entries could not be sent before stopping/);
    await trail.stop(); // safe twice

    const suppliers = await fakeSuppliers();
    const later = new AuditTrail({ suppliersUrl: suppliers.url, principalKey: "k" }, { flushIntervalMs: 10_000, maxQueued: 5 });
    for (let i = 0; i < 8; i++) later.record(REGULATOR, read(`Q${i}`));
    await later.stop();
    expect(suppliers.taken.flat().map((e) => e.operationName)).toEqual(["Q3", "Q4", "Q5", "Q6", "Q7"]);
    await suppliers.close();
  });

  it("records the document's hash, not the document, and leaves out variables over the limit", () => {
    const entry = auditEntryOf(REGULATOR, { ...read("V"), variables: { code: "x" } }, new Date("2026-11-30T00:00:00Z"));
    expect(entry).toMatchObject({ at: "2026-11-30T00:00:00.000Z", subject: "reg-1", roles: ["regulator"], operationName: "V", variables: { code: "x" } });
    expect(entry.documentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(entry)).not.toContain("totalCount");
    const big = auditEntryOf(REGULATOR, { ...read("V"), variables: { code: "x".repeat(MAX_AUDIT_VARIABLES_BYTES) } }, new Date());
    expect(big.variables).toBeNull();
  });

  it("records what PostgreSQL cannot store (a NUL, a lone surrogate) as nothing, so one entry cannot stall the trail", () => {
    for (const bad of ["id\u0000", "\ud800", "x\udc00"]) {
      const entry = auditEntryOf(BRAND, { ...read("V"), operationType: "MUTATION", variables: { id: bad }, outcome: "FAILED" }, new Date());
      expect(entry.variables).toBeNull();
    }
    expect(auditEntryOf({ ...BRAND, sub: "ann\u0000\ud800" }, read("V"), new Date()).subject).toBe("ann\ufffd");
    expect(auditEntryOf(BRAND, { ...read("V"), variables: { name: "Zoë 😀" } }, new Date()).variables).toEqual({ name: "Zoë 😀" });
  });
});
