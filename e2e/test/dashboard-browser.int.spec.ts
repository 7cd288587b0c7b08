import { existsSync, mkdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { type TestHub, startHub } from "@tracehub/testkit";
import { type Browser, type BrowserContext, type Page, chromium } from "playwright-core";

// Issue 15: the web app at /app, in a real headless Chromium (Debian's package): two brand owners each see only
// their own; movements captured through the API show in the open feed; a dropped WebSocket loses nothing; a unit is
// found by its Digital Link and by its element string; every main view is screenshotted (e2e/artifacts/dashboard/)
// and passes axe-core with no serious or critical violation; and the feed stays bounded with flat memory at 200
// movements/s (DASHBOARD_SOAK_SECONDS, 60 by default here; the figure for 10 minutes is in BENCHMARKS.md).
//
// The browser reaches the gateway through a TCP proxy of the test's own, so a network drop is real: the proxy cuts
// every open connection, the page's WebSocket with them.
// What the page's functions see (they run in the browser; this project has no DOM types).
declare const window: { tracehub?: { feed: { received: number; repeats: number; rows: number; status: string; problem: string | null; eventIds(): string[] } } } & Record<string, any>;
declare const document: { querySelector(selector: string): { textContent: string | null } | null };

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = path.join(__dirname, "..", "artifacts", "dashboard");
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const SOAK_SECONDS = Number(process.env.DASHBOARD_SOAK_SECONDS ?? 60);
const A_GTIN = "09506000134352";
const B_GTIN = "04012345123456";
const A_GLN = "9506000000015";

/** A TCP proxy to the gateway that can cut every connection at once. */
async function cuttableProxy(target: number): Promise<{ port: number; cut(): number; close(): Promise<void> }> {
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, "127.0.0.1");
    open.add(client);
    open.add(upstream);
    const forget = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", forget).on("error", forget);
    upstream.on("close", forget).on("error", forget);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut: () => {
      const n = open.size;
      for (const socket of open) socket.destroy();
      return n;
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of open) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

describe("the dashboard in a real browser", () => {
  let hub: TestHub;
  let browser: Browser;
  let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
  let app: string;
  let tokenA: string;
  let tokenB: string;
  let unitsA: string[];
  let unitsB: string[];
  let seq = 0;

  const data = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await hub.query<any>(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  /** Captures `count` observations of units at a location, each its own event (its own time), and answers their ids. */
  const observe = async (token: string, units: string[], count: number, bizStep = "inspecting"): Promise<string[]> => {
    const base = Date.UTC(2026, 10, 1) + (seq += count + 1) * 1000;
    const eventList = Array.from({ length: count }, (_, i) => ({
      type: "ObjectEvent",
      eventTime: new Date(base + i * 1000).toISOString(),
      eventTimeZoneOffset: "+00:00",
      epcList: [units[i % units.length]],
      action: "OBSERVE",
      bizStep,
      readPoint: { id: `https://id.gs1.org/414/${A_GLN}` },
    }));
    const document = { "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], type: "EPCISDocument", schemaVersion: "2.0", creationDate: new Date().toISOString(), epcisBody: { eventList } };
    const result = (await data(`mutation($d: JSON!) { captureEvents(document: $d) { stored eventIds } }`, { d: document }, token)).captureEvents;
    expect(result.stored).toBe(count);
    return result.eventIds;
  };
  const signIn = async (token: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: "en-GB" });
    const page = await context.newPage();
    page.on("pageerror", (error) => console.log(`[page error] ${error.message}`));
    await page.goto(`${app}/app/`);
    await page.getByLabel("Access token or API key").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    try {
      await page.getByTestId("who").getByText(/Brand/).waitFor({ timeout: 10_000 });
    } catch (error) {
      await page.screenshot({ path: path.join(ARTIFACTS, "sign-in-failed.png"), fullPage: true });
      throw new Error(`signing in failed; the page says: ${await page.locator("body").textContent()}`, { cause: error });
    }
    return { context, page };
  };
  const seen = (page: Page) => page.evaluate(() => window.tracehub?.feed.eventIds() ?? []);
  const live = (page: Page) => page.waitForFunction(() => window.tracehub?.feed.status === "live", undefined, { timeout: 10_000 });
  const axe = async (page: Page) => {
    // Evaluated through the debugging protocol: the app's CSP refuses inline scripts, rightly.
    await page.evaluate(AXE);
    const result = await page.evaluate(async () => (window as any).axe.run(document, { resultTypes: ["violations"] }));
    return (result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[]).filter((v) => v.impact === "serious" || v.impact === "critical");
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium); .ci/run does.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    hub = await startHub();
    proxy = await cuttableProxy(hub.gateway.port);
    app = `http://127.0.0.1:${proxy.port}`;
    const a = await hub.seed.organization({ name: "Brand Alpha", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const b = await hub.seed.organization({ name: "Brand Beta", kind: "BRAND_OWNER", companyPrefixes: ["4012345"] });
    tokenA = await hub.token({ sub: "alpha", org: a, roles: ["brand_owner", "compliance"] });
    tokenB = await hub.token({ sub: "beta", org: b, roles: ["brand_owner", "compliance"] });
    await data(`mutation { upsertProduct(input: { gtin: "${A_GTIN}", name: "Alpha Tablets" }) { gtin } }`, {}, tokenA);
    await data(`mutation { upsertProduct(input: { gtin: "${B_GTIN}", name: "Beta Drops" }) { gtin } }`, {}, tokenB);
    const commission = async (gtin: string, lot: string, count: number, token: string) =>
      (await data(`mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds } }`, { i: { gtin, lot, expiry: "2030-06-30", count, serialType: "SEQUENTIAL" } }, token)).commissionUnits.unitIds as string[];
    unitsA = await commission(A_GTIN, "A1", 20, tokenA);
    unitsB = await commission(B_GTIN, "B1", 5, tokenB);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage", "--enable-precise-memory-info", "--js-flags=--expose-gc"] });
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await hub?.stop();
  });

  it("is served at /app with caching headers: the page revalidated, hashed assets immutable", async () => {
    const page = await fetch(`${app}/app/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-cache");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    const asset = /\/app\/assets\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const script = await fetch(`${app}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("cache-control")).toMatch(/max-age=31536000.*immutable/);
    expect((await fetch(`${app}/app/assets/missing.js`)).status).toBe(404);
  });

  it("shows each brand owner only its own organization, units and movements", async () => {
    const alpha = await signIn(tokenA);
    const beta = await signIn(tokenB);
    try {
      await expect(alpha.page.getByTestId("who").textContent()).resolves.toContain("Brand Alpha");
      await expect(beta.page.getByTestId("who").textContent()).resolves.toContain("Brand Beta");
      await Promise.all([live(alpha.page), live(beta.page)]);
      const [fromA, fromB] = [await observe(tokenA, unitsA, 3), await observe(tokenB, unitsB, 2)];
      await alpha.page.waitForFunction((n) => (window.tracehub?.feed.received ?? 0) >= n, fromA.length);
      await beta.page.waitForFunction((n) => (window.tracehub?.feed.received ?? 0) >= n, fromB.length);
      expect((await seen(alpha.page)).sort()).toEqual([...fromA].sort());
      expect((await seen(beta.page)).sort()).toEqual([...fromB].sort());
      for (const [who, own, other] of [
        [alpha.page, A_GTIN, B_GTIN],
        [beta.page, B_GTIN, A_GTIN],
      ] as const) {
        await who.goto(`${app}/app/#/portal`);
        await who.getByTestId("latest-units").getByText(own).first().waitFor();
        const text = await who.locator("main").textContent();
        expect(text).toContain(own);
        expect(text).not.toContain(other);
        await who.goto(`${app}/app/#/unit/${encodeURIComponent(own === A_GTIN ? unitsB[0]! : unitsA[0]!)}`);
        await who.getByTestId("unit-not-found").waitFor();
      }
    } finally {
      await alpha.context.close();
      await beta.context.close();
    }
  });

  it("shows movements captured through the API within a second, and loses none when its WebSocket drops", async () => {
    const { context, page } = await signIn(tokenA);
    try {
      await live(page);
      const delays: number[] = [];
      for (let i = 0; i < 5; i++) {
        const [id] = await observe(tokenA, unitsA, 1, "receiving");
        const started = Date.now();
        await page.waitForFunction((eventId) => window.tracehub?.feed.eventIds().includes(eventId) ?? false, id!, { timeout: 10_000 });
        delays.push(Date.now() - started);
      }
      delays.sort((x, y) => x - y);
      // The median of five, so one scheduling hiccup on a busy machine does not decide it.
      expect(delays[2]).toBeLessThan(1_000);
      const before = await observe(tokenA, unitsA, 4, "shipping");
      await page.waitForFunction((n) => (window.tracehub?.feed.received ?? 0) >= n, 9);
      expect(proxy.cut()).toBeGreaterThan(0);
      const during = await observe(tokenA, unitsA, 6, "shipping");
      await page.getByTestId("feed-notice").getByText(/Reconnected/).waitFor({ timeout: 20_000 });
      const after = await observe(tokenA, unitsA, 2, "receiving");
      await page.waitForFunction((n) => (window.tracehub?.feed.received ?? 0) >= n, 17, { timeout: 10_000 });
      const ids = await seen(page);
      for (const id of [...before, ...during, ...after]) expect(ids).toContain(id);
      expect(ids).toHaveLength(17);
      expect(await page.evaluate(() => window.tracehub?.feed.repeats)).toBe(0);
      await page.screenshot({ path: path.join(ARTIFACTS, "feed.png"), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it.each([
    ["a Digital Link", () => `https://id.gs1.org/01/${A_GTIN}/21/${unitsA[1]!.split("/").pop()}`],
    ["an element string", () => `(01)${A_GTIN}(21)${unitsA[1]!.split("/").pop()}`],
  ])("looks a unit up by %s", async (_form, code) => {
    const { context, page } = await signIn(tokenA);
    try {
      await page.getByRole("link", { name: "Unit lookup" }).click();
      await page.getByLabel(/Identifier/).fill(code());
      await page.getByRole("button", { name: "Look up" }).click();
      await expect(page.getByTestId("unit-id").textContent()).resolves.toBe(unitsA[1]);
      expect(await page.getByTestId("unit-status").textContent()).toMatch(/ACTIVE|IN_TRANSIT/);
      expect(await page.getByTestId("unit-timeline").locator("tbody tr").count()).toBeGreaterThan(1);
      await page.screenshot({ path: path.join(ARTIFACTS, "unit.png"), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it.each(["feed", "unit", "portal", "compliance", "fulfilment"])("finds no serious accessibility violation on the %s view (axe-core), and saves its screenshot", async (view) => {
    const { context, page } = await signIn(tokenA);
    try {
      await page.goto(`${app}/app/#/${view === "unit" ? `unit/${encodeURIComponent(unitsA[1]!)}` : view}`);
      await page.locator("main h1").waitFor();
      if (view === "unit") await page.getByTestId("unit-page").waitFor();
      if (view === "feed") await live(page);
      await page.waitForLoadState("networkidle").catch(() => undefined);
      await page.screenshot({ path: path.join(ARTIFACTS, `${view}-view.png`), fullPage: true });
      expect(await axe(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("keeps a bounded list and flat memory at 200 movements/s", async () => {
    const { context, page } = await signIn(tokenA);
    try {
      await live(page);
      const start = await page.evaluate(() => window.tracehub?.feed.received ?? 0);
      const heap = async () => {
        await page.evaluate(() => (window as any).gc?.());
        return page.evaluate(() => (performance as any).memory.usedJSHeapSize as number);
      };
      const samples: number[] = [];
      let sent = 0;
      const end = Date.now() + SOAK_SECONDS * 1000;
      let nextSample = Date.now() + 10_000;
      // 20 movements every 100 ms: 200 a second, each capture started on time whether or not the last one is done.
      const inFlight = new Set<Promise<void>>();
      for (let tick = 0; Date.now() < end; tick++) {
        const due = end - SOAK_SECONDS * 1000 + tick * 100;
        await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
        const capture = observe(tokenA, unitsA, 20, "inspecting").then((ids) => {
          sent += ids.length;
          inFlight.delete(capture);
        });
        inFlight.add(capture);
        if (Date.now() >= nextSample) {
          samples.push(await heap());
          nextSample += 10_000;
        }
      }
      await Promise.all(inFlight);
      const state = () => page.evaluate(() => ({ received: window.tracehub?.feed.received, status: window.tracehub?.feed.status, problem: window.tracehub?.feed.problem, text: document.querySelector("[data-testid=feed-status]")?.textContent }));
      console.log(`[dashboard soak] load ended: sent ${sent}, the page ${JSON.stringify(await state())}`);
      await page.waitForFunction((n) => (window.tracehub?.feed.received ?? 0) >= n, start + sent, { timeout: 60_000 }).catch(async (error: Error) => {
        throw new Error(`the feed fell short: sent ${start + sent}, page ${JSON.stringify(await state())}`, { cause: error });
      });
      expect(await page.evaluate(() => window.tracehub?.feed.repeats)).toBe(0);
      // Only what is in view is in the page, and the list is bounded.
      expect(await page.evaluate(() => window.tracehub?.feed.rows)).toBeLessThan(40);
      const final = await heap();
      console.log(`[dashboard soak] ${sent} movements in ${SOAK_SECONDS} s (${Math.round(sent / SOAK_SECONDS)}/s); heap samples MB: ${[...samples, final].map((b) => (b / 1e6).toFixed(1)).join(", ")}`);
      // Flat: the heap after the run is no larger than the first sample after warm-up, give or take 25% and 5 MB.
      expect(final).toBeLessThan(samples[0]! * 1.25 + 5e6);
    } finally {
      await context.close();
    }
  }, (SOAK_SECONDS + 120) * 1000);
});
