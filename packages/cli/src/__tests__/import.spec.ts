import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { placeReason } from "../commands/import";
import { authorizationOf, backoffMs, HubClient, retryAfterMs } from "../http";
import { main } from "../main";

/**
 * A stand-in for the gateway's capture interface, as the contract describes it: POST /epcis/capture answers 202
 * with a relative Location, the job finishes after one poll, events are stored once by their JSON text.
 */
class FakeCaptureServer {
  readonly stored = new Set<string>();
  readonly documents: Record<string, unknown>[] = [];
  readonly headers: IncomingMessage["headers"][] = [];
  /** Answers 429 (with Retry-After: 0) to this many capture requests first. */
  throttle = 0;
  private readonly jobs = new Map<string, { polls: number; job: Record<string, unknown> }>();
  private server!: Server;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        if (req.method === "POST" && req.url === "/epcis/capture") {
          this.headers.push(req.headers);
          if (this.throttle > 0) {
            this.throttle--;
            res.writeHead(429, { "content-type": "application/problem+json", "retry-after": "0" }).end(JSON.stringify({ type: "about:blank", title: "Too Many Requests", status: 429 }));
            return;
          }
          const document = JSON.parse(body) as { epcisBody: { eventList: unknown[] } };
          this.documents.push(document);
          let stored = 0;
          let duplicates = 0;
          for (const event of document.epcisBody.eventList) {
            const key = JSON.stringify(event);
            if (this.stored.has(key)) duplicates++;
            else {
              this.stored.add(key);
              stored++;
            }
          }
          const id = `job-${this.documents.length}`;
          this.jobs.set(id, { polls: 0, job: { captureID: id, running: false, success: true, captureErrorBehaviour: req.headers["gs1-capture-error-behaviour"], errors: [], eventCount: document.epcisBody.eventList.length, storedCount: stored, duplicateCount: duplicates, rejectedCount: 0 } });
          res.writeHead(202, { location: `/epcis/capture/${id}` }).end();
          return;
        }
        const match = /^\/epcis\/capture\/(.+)$/.exec(req.url ?? "");
        const entry = match ? this.jobs.get(match[1] as string) : undefined;
        if (req.method === "GET" && entry) {
          entry.polls++;
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(entry.polls === 1 ? { ...entry.job, running: true } : entry.job));
          return;
        }
        res.writeHead(404, { "content-type": "application/problem+json" }).end(JSON.stringify({ title: "Not Found", status: 404 }));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function run(argv: string[], env: Record<string, string>, cwd: string) {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, env, cwd });
  return { code, out, err };
}

describe("the capture client", () => {
  it("sends API keys as ApiKey and anything else as a bearer token", () => {
    expect(authorizationOf("thk_abc")).toBe("ApiKey thk_abc");
    expect(authorizationOf("eyJhbGciOi.x.y")).toBe("Bearer eyJhbGciOi.x.y");
    expect(authorizationOf("Bearer already")).toBe("Bearer already");
    expect(authorizationOf(undefined)).toBeUndefined();
  });

  it("waits as Retry-After says (seconds or a date), else doubles the wait up to 30 s", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs("soon")).toBeUndefined();
    expect([0, 1, 2, 10].map((a) => backoffMs(a, undefined))).toEqual([500, 1000, 2000, 30_000]);
    expect(backoffMs(5, 1234)).toBe(1234);
  });

  it("gives up after its attempts with the last reason and a hint", async () => {
    const waits: number[] = [];
    const client = new HubClient({ url: "http://127.0.0.1:1", attempts: 3, sleep: async (ms) => void waits.push(ms) });
    await expect(client.request("GET", "/x", { hint: "rerun to resume" })).rejects.toThrow(/failed 3 times \(last: no answer from http:\/\/127\.0\.0\.1:1 .*\): rerun to resume/);
    expect(waits).toEqual([500, 1000]);
  });
});

describe("placeReason", () => {
  it("names the file's event or CSV line of a reason the hub gave by position in the chunk", () => {
    expect(placeReason("Event 1 was refused: $.epcisBody.eventList[1].epcList[0]: bad", ["line 10", "line 12"])).toBe("line 12: Event 1 was refused: $.epcisBody.eventList[1].epcList[0]: bad");
    expect(placeReason("Event 0 was refused", ["event 500"])).toBe("event 500: Event 0 was refused");
    expect(placeReason("The document is not valid", ["event 500", "event 501"])).toBe("event 500 to event 501: The document is not valid");
  });
});

describe("tracehub import against the capture contract", () => {
  const hub = new FakeCaptureServer();
  let dir: string;
  beforeAll(() => hub.start());
  afterAll(() => hub.stop());
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "tracehub-import-"));
    hub.stored.clear();
    hub.documents.length = 0;
    hub.headers.length = 0;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("sends a JSON-LD file in chunks with its header, retries a 429, records the progress and sends nothing on a rerun", async () => {
    const events = Array.from({ length: 2300 }, (_, i) => ({ type: "ObjectEvent", eventTime: "2026-01-01T00:00:00Z", eventTimeZoneOffset: "+00:00", action: "OBSERVE", epcList: [`https://id.gs1.org/01/09506000134352/21/${i}`] }));
    await writeFile(path.join(dir, "in.jsonld"), JSON.stringify({ "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2026-01-01T00:00:00Z", epcisHeader: { a: 1 }, epcisBody: { eventList: events } }));
    hub.throttle = 1;
    const env = { TRACEHUB_URL: hub.url, TRACEHUB_TOKEN: "thk_key" };
    const first = await run(["import", "in.jsonld", "--json", "--error-behaviour", "rollback"], env, dir);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.out);
    expect(summary).toMatchObject({ stored: 2300, duplicate: 0, rejected: 0, sent: 2300, skipped: 0 });
    expect(hub.documents.map((d) => (d["epcisBody"] as { eventList: unknown[] }).eventList.length)).toEqual([1000, 1000, 300]);
    expect(hub.documents[0]).toMatchObject({ epcisHeader: { a: 1 }, "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"] });
    expect(hub.headers).toHaveLength(4);
    expect(hub.headers[0]).toMatchObject({ authorization: "ApiKey thk_key", "content-type": "application/ld+json", "gs1-capture-error-behaviour": "rollback" });
    const [stateName] = await readdir(path.join(dir, ".tracehub-import"));
    expect(JSON.parse(await readFile(path.join(dir, ".tracehub-import", stateName as string), "utf8"))).toMatchObject({ confirmed: 2300, complete: true, totals: { stored: 2300 } });
    const again = await run(["import", "in.jsonld"], env, dir);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/already imported/);
    expect(hub.documents).toHaveLength(3);
    const restarted = await run(["import", "in.jsonld", "--restart", "--json", "--chunk", "2000"], env, dir);
    expect(JSON.parse(restarted.out)).toMatchObject({ stored: 0, duplicate: 2300, sent: 2300 });
  });

  it("resumes after the confirmed events of an interrupted run", async () => {
    const rows = ["gtin,serial,lot", ...Array.from({ length: 25 }, (_, i) => `09506000134352,S${i},L1`), "09506000134353,BAD,L1"];
    await writeFile(path.join(dir, "serials.csv"), `${rows.join("\r\n")}\r\n`);
    const env = { TRACEHUB_URL: hub.url, TRACEHUB_TOKEN: "jwt" };
    // A first run stopped after 10 rows were confirmed: its state says so.
    const first = await run(["import", "serials.csv", "--chunk", "10", "--json"], env, dir);
    expect(JSON.parse(first.out)).toMatchObject({ stored: 25, rejected: 1, reasons: [expect.stringMatching(/^line 27: .*check digit/)] });
    const stateDir = path.join(dir, ".tracehub-import");
    const [name] = await readdir(stateDir);
    const statePath = path.join(stateDir, name as string);
    const state = JSON.parse(await readFile(statePath, "utf8"));
    expect(state).toMatchObject({ confirmed: 26, complete: true });
    await writeFile(statePath, JSON.stringify({ ...state, confirmed: 10, complete: false }));
    hub.documents.length = 0;
    const resumed = await run(["import", "serials.csv", "--chunk", "10", "--json"], env, dir);
    // The same event time as the first run, so re-sent rows are duplicates, not new events.
    expect(JSON.parse(resumed.out)).toMatchObject({ skipped: 10, sent: 15, stored: 0, duplicate: 15, rejected: 1 });
    expect(hub.documents.flatMap((d) => (d["epcisBody"] as { eventList: { epcList: string[] }[] }).eventList.map((e) => e.epcList[0]))[0]).toBe("https://id.gs1.org/01/09506000134352/21/S10");
  });

  it("reports a refused capture as one line with the problem's title and detail", async () => {
    await writeFile(path.join(dir, "x.jsonld"), `{"epcisBody":{"eventList":[{"type":"ObjectEvent"}]}}`);
    const result = await run(["import", "x.jsonld"], { TRACEHUB_URL: `${hub.url}/nowhere` }, dir);
    expect(result.code).toBe(1);
    expect(result.err.trim().split("\n").pop()).toMatch(/^error: capture refused: Not Found \(HTTP 404\)/);
  });
});
