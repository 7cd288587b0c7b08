import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gs1CheckDigit } from "@tracehub/gs1";
import { type TestHub, startHub } from "@tracehub/testkit";

// The `tracehub` command-line client against the real hub: the built CLI (packages/cli/dist/bin.js) runs as a
// child process and talks to the gateway over HTTP only, as any client would.
const BIN = path.join(__dirname, "..", "..", "packages", "cli", "dist", "bin.js");
const CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"];

/** A GTIN-14 under the brand's company prefix 9506000, item reference `item` (5 digits). */
const gtinOf = (item: string) => {
  const body = `09506000${item}`;
  return `${body}${gs1CheckDigit(body)}`;
};

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI; `done` settles when it exits. */
function start(args: string[], env: Record<string, string>, cwd: string): { child: ChildProcess; done: Promise<Ran> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<Ran>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

const cli = (args: string[], env: Record<string, string>, cwd: string) => start(args, env, cwd).done;

/** A JSON-LD document of `count` commissioning events of distinct serials of `gtin`, the body before the header. */
function commissioningDocument(gtin: string, count: number, at: string): string {
  const events = Array.from({ length: count }, (_, i) => ({
    type: "ObjectEvent",
    eventTime: at,
    eventTimeZoneOffset: "+00:00",
    epcList: [`https://id.gs1.org/01/${gtin}/21/S${i}`],
    action: "ADD",
    bizStep: "commissioning",
    disposition: "active",
  }));
  // epcisBody first and @context last: the CLI must carry the whole header into every chunk.
  return `{"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"${at}","epcisBody":{"eventList":${JSON.stringify(events)}},"@context":${JSON.stringify(CONTEXT)}}`;
}

describe("the tracehub command-line client", () => {
  let hub: TestHub;
  let dir: string;
  let env: Record<string, string>;
  let org: string;
  const csvGtin = gtinOf("10001");

  /** How many distinct events of a GTIN the hub holds. */
  const storedEvents = async (gtin: string) => {
    const res = await hub.query<any>(`query($f: EventFilter) { events(first: 1, filter: $f) { totalCount } }`, { f: { gtin } }, env.TRACEHUB_TOKEN);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.events.totalCount as number;
  };

  beforeAll(async () => {
    hub = await startHub();
    org = await hub.seed.organization({ name: "CLI Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const token = await hub.token({ sub: "cli-user", org, roles: ["brand_owner"] });
    env = { TRACEHUB_URL: hub.url.replace(/\/graphql$/, ""), TRACEHUB_TOKEN: token };
    await hub.query(`mutation($i: UpsertProductInput!) { upsertProduct(input: $i) { gtin } }`, { i: { gtin: csvGtin, name: "CLI Widget" } }, token);
    dir = await mkdtemp(path.join(tmpdir(), "tracehub-cli-e2e-"));
  });
  afterAll(async () => {
    await hub?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("imports a CSV of serials, refusing a bad check digit by its line, and verifies a commissioned unit as GENUINE", async () => {
    const rows = ["gtin,serial,lot,expiry", ...Array.from({ length: 40 }, (_, i) => `${csvGtin},"C${i}",LOT-1,2031-12-31`), `${csvGtin.slice(0, 13)}${(Number(csvGtin[13]) + 1) % 10},BAD,LOT-1,2031-12-31`];
    await writeFile(path.join(dir, "serials.csv"), `${rows.join("\r\n")}\r\n`);
    const run = await cli(["import", "serials.csv", "--chunk", "15", "--json"], env, dir);
    expect(run.stderr).not.toMatch(/^error/m);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ sent: 40, stored: 40, duplicate: 0, rejected: 1 });
    expect(summary.reasons).toEqual([expect.stringMatching(/^line 42: .*check digit/)]);
    expect(await storedEvents(csvGtin)).toBe(40);

    const genuine = await cli(["verify", `(01)${csvGtin}(21)C7`, "--origin", "DE"], { TRACEHUB_URL: env.TRACEHUB_URL as string }, dir);
    expect(genuine.stdout).toMatch(/^GENUINE: /);
    expect(genuine.stdout).toContain("product: CLI Widget");
    expect(genuine.code).toBe(0);
    const unknown = await cli(["verify", `(01)${csvGtin}(21)NEVER-ISSUED`, "--json"], { TRACEHUB_URL: env.TRACEHUB_URL as string }, dir);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ verdict: "UNKNOWN" });
    expect(unknown.code).toBe(1);
  });

  it("exports a GTIN's events as one EPCIS document, page by page", async () => {
    const run = await cli(["export", "--gtin", csvGtin, "--out", "export.jsonld"], env, dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("exported 40 events");
    const document = JSON.parse(await readFile(path.join(dir, "export.jsonld"), "utf8"));
    expect(document).toMatchObject({ type: "EPCISDocument", schemaVersion: "2.0", "@context": CONTEXT });
    expect(document.epcisBody.eventList).toHaveLength(40);
    expect(new Set(document.epcisBody.eventList.map((e: any) => e.epcList[0])).size).toBe(40);
    expect(document.epcisBody.eventList[0]).toMatchObject({ type: "ObjectEvent", bizStep: "commissioning", ilmd: { "cbvmda:lotNumber": "LOT-1" } });
    expect(document.epcisBody.eventList[0].epcList[0]).toMatch(new RegExp(`^https://id\\.gs1\\.org/01/${csvGtin}/21/C\\d+$`));

    const urns = await cli(["export", "--gtin", csvGtin, "--epc-format", "epc-urn", "--company-prefix-length", "7", "--out", "-"], env, dir);
    expect(urns.code).toBe(0);
    const urnDocument = JSON.parse(urns.stdout);
    expect(urnDocument.epcisBody.eventList).toHaveLength(40);
    expect(urnDocument.epcisBody.eventList.every((e: any) => /^urn:epc:id:sgtin:9506000\.010001\.C\d+$/.test(e.epcList[0]))).toBe(true);
  });

  it("saves labels one file per code and as a sheet, and creates an API key that the CLI sends as ApiKey", async () => {
    const codes = [`(01)${csvGtin}(21)C1`, `(01)${csvGtin}(21)C2`];
    const files = await cli(["labels", ...codes, "--format", "png", "--symbology", "qr", "--out-dir", "labels"], env, dir);
    expect(files.code).toBe(0);
    const written = files.stdout.trim().split("\n");
    expect(written).toHaveLength(2);
    for (const file of written) expect((await readFile(file)).subarray(1, 4).toString()).toBe("PNG");
    const sheet = await cli(["labels", ...codes, "--sheet", "sheet.svg"], env, dir);
    expect(sheet.code).toBe(0);
    expect((await readFile(path.join(dir, "sheet.svg"), "utf8")).startsWith("<svg")).toBe(true);

    const operator = await hub.token();
    const created = await cli(["token", "--api-key", "--name", "cli-test", "--scopes", "READ", "--org", org, "--token", operator], { TRACEHUB_URL: env.TRACEHUB_URL as string }, dir);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key.startsWith("thk_")).toBe(true);
    const exported = await cli(["export", "--gtin", csvGtin, "--out", "-", "--token", key], { TRACEHUB_URL: env.TRACEHUB_URL as string }, dir);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout).epcisBody.eventList).toHaveLength(40);
    const refused = await cli(["export", "--gtin", csvGtin, "--out", "-", "--token", "thk_not-a-real-key-not-a-real-key-not-a-real-key"], { TRACEHUB_URL: env.TRACEHUB_URL as string }, dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^error: UNAUTHENTICATED: /);
  });

  it("imports a JSON-LD file of 3,000 events whose header follows its body", async () => {
    const gtin = gtinOf("10002");
    await writeFile(path.join(dir, "three-thousand.jsonld"), commissioningDocument(gtin, 3000, new Date(Date.now() - 60_000).toISOString()));
    const run = await cli(["import", "three-thousand.jsonld", "--json"], env, dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ sent: 3000, stored: 3000, duplicate: 0, rejected: 0 });
    expect(await storedEvents(gtin)).toBe(3000);
    const again = await cli(["import", "three-thousand.jsonld"], env, dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already imported/);
  }, 180_000);

  it("imports an EPCIS 2.0 XML document whole", async () => {
    const gtin = gtinOf("10004");
    const at = new Date(Date.now() - 60_000).toISOString();
    const events = Array.from({ length: 5 }, (_, i) =>
      `<ObjectEvent><eventTime>${at}</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset><epcList><epc>https://id.gs1.org/01/${gtin}/21/X${i}</epc></epcList><action>ADD</action><bizStep>urn:epcglobal:cbv:bizstep:commissioning</bizStep><disposition>urn:epcglobal:cbv:disp:active</disposition></ObjectEvent>`,
    );
    await writeFile(path.join(dir, "five.xml"), `<?xml version="1.0" encoding="UTF-8"?>\n<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="${at}"><EPCISBody><EventList>${events.join("")}</EventList></EPCISBody></epcis:EPCISDocument>\n`);
    const run = await cli(["import", "five.xml", "--json"], env, dir);
    expect(run.stderr).not.toMatch(/^error/m);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ sent: 5, stored: 5, duplicate: 0, rejected: 0 });
    expect(await storedEvents(gtin)).toBe(5);
  });

  it("resumes an import killed mid-way: every event stored once, none missing, and the counts add up", async () => {
    const gtin = gtinOf("10003");
    const total = 20_000;
    await writeFile(path.join(dir, "big.jsonld"), commissioningDocument(gtin, total, new Date(Date.now() - 60_000).toISOString()));
    const stateDir = path.join(dir, "kill-state");
    const args = ["import", "big.jsonld", "--chunk", "500", "--state-dir", stateDir, "--json"];
    const readState = async () => {
      const names = await readdir(stateDir).catch(() => [] as string[]);
      const name = names.find((n) => n.endsWith(".json"));
      return name ? (JSON.parse(await readFile(path.join(stateDir, name), "utf8")) as { confirmed: number; complete: boolean; totals: { stored: number; duplicate: number; rejected: number } }) : null;
    };

    const first = start(args, env, dir);
    let exited = false;
    void first.done.then(() => (exited = true));
    // Wait until the state file shows progress, then kill the client without warning.
    let confirmedAtKill = 0;
    while (!exited) {
      const state = await readState().catch(() => null);
      if (state && state.confirmed > 0) {
        confirmedAtKill = state.confirmed;
        first.child.kill("SIGKILL");
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const killed = await first.done;
    expect(killed.signal).toBe("SIGKILL");
    const interrupted = await readState();
    expect(interrupted?.complete).toBe(false);
    expect(interrupted?.confirmed).toBeGreaterThanOrEqual(confirmedAtKill);
    expect(interrupted?.confirmed).toBeLessThan(total);
    expect((interrupted?.confirmed ?? 0) % 500).toBe(0);

    const rerun = await cli(args, env, dir);
    expect(rerun.stderr).not.toMatch(/^error/m);
    expect(rerun.code).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    expect(summary.skipped).toBe(interrupted?.confirmed);
    expect(summary.sent).toBe(total - summary.skipped);
    expect(summary.stored + summary.duplicate + summary.rejected).toBe(summary.sent);
    expect(summary.rejected).toBe(0);
    // At most the one chunk in flight at the kill was stored but not confirmed: it comes back as duplicates.
    expect(summary.duplicate).toBeLessThanOrEqual(500);
    const done = await readState();
    expect(done).toMatchObject({ complete: true, confirmed: total });
    expect((done?.totals.stored ?? 0) + (done?.totals.duplicate ?? 0)).toBe(total);
    expect(await storedEvents(gtin)).toBe(total);
  }, 600_000);
});
