import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type TestHub, startHub } from "@tracehub/testkit";
import { type Browser, chromium } from "playwright-core";

// Issue 17: what a consumer sees, in a real headless Chromium (Debian's package; `.ci/run` installs it when it is
// missing): the resolver pages of a genuine, a recalled, an unknown and a suspect unit, with JavaScript off as the
// page needs none, and an axe-core accessibility check with no serious or critical violation. Screenshots go to
// e2e/artifacts/resolver/.
const GTIN = "09506000134352";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = path.join(__dirname, "..", "artifacts", "resolver");
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

describe("the resolver's pages in a real browser", () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  const units: Record<"genuine" | "recalled" | "suspect", string> = {} as never;
  const serial = (id: string) => id.split("/").pop() as string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium); .ci/run does.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    hub = await startHub({ gateway: { resolver: { reportTo: "mailto:report@brand.example" } } });
    base = hub.url.replace(/\/graphql$/, "");
    const org = await hub.seed.organization({ name: "Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const brand = await hub.token({ sub: "b", org, roles: ["brand_owner", "compliance"] });
    const q = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await hub.query<any>(query, variables, brand);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data;
    };
    await q(`mutation { upsertProduct(input: { gtin: "${GTIN}", name: "Ibuprofen 400", brand: "Healthy" }) { gtin } }`);
    const one = async (lot: string) => (await q(`mutation { commissionUnits(input: { gtin: "${GTIN}", lot: "${lot}", expiry: "2030-06-30", count: 1, serialType: SEQUENTIAL }) { unitIds } }`)).commissionUnits.unitIds[0];
    units.genuine = await one("G1");
    units.recalled = await one("BAD");
    units.suspect = await one("P1");
    await q(`mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`, { i: { codes: [units.suspect], bizStep: "dispensing" } });
    const draft = await q(`mutation { createRecall(input: { gtin: "${GTIN}", lots: ["BAD"], classification: CLASS_I, reason: "Tablets may crumble", instructions: "Return to your pharmacy." }) { id } }`);
    await q(`mutation($id: ID!) { issueRecall(id: $id) { id } }`, { id: draft.createRecall.id });
    for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      const res = await fetch(`${base}/verification/01/${GTIN}/21/${serial(units.recalled)}`);
      if (((await res.json()) as any).verdict?.verdict === "RECALLED") break;
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  const pages: [name: string, path: () => string, heading: string, text: string][] = [
    ["genuine", () => `/01/${GTIN}/21/${serial(units.genuine)}`, "Genuine", "Ibuprofen 400"],
    ["recalled", () => `/01/${GTIN}/21/${serial(units.recalled)}`, "Recalled", "Return to your pharmacy."],
    ["unknown", () => `/01/${GTIN}/21/NEVER-MADE`, "Not a known product", "never issued"],
    ["suspect", () => `/01/${GTIN}/21/${serial(units.suspect)}`, "Possibly counterfeit", "dispensed already"],
  ];

  it.each(pages)("shows the %s unit's verdict with JavaScript off", async (name, url, heading, text) => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-GB" });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${base}${url()}`);
      expect(response?.status()).toBe(200);
      expect((await page.locator("h1").first().textContent())?.trim()).toBe(heading);
      expect(await page.locator("main").textContent()).toContain(text);
      expect(await page.getByRole("status").count()).toBe(1);
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it("speaks German to a German browser", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "de-DE" });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/01/${GTIN}/21/${serial(units.recalled)}`);
      expect((await page.locator("h1").first().textContent())?.trim()).toBe("Zurückgerufen");
      expect(await page.locator("html").getAttribute("lang")).toBe("de");
      await page.screenshot({ path: path.join(ARTIFACTS, "recalled-de.png"), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it.each(pages)("finds no serious accessibility violation on the %s page (axe-core)", async (_name, url) => {
    // The page forbids scripts (CSP): the checker is let in by the browser's own test switch, not by the page.
    const context = await browser.newContext({ bypassCSP: true, locale: "en-GB" });
    try {
      const page = await context.newPage();
      await page.goto(`${base}${url()}`);
      await page.evaluate(AXE);
      const result = (await page.evaluate(`axe.run(document, { resultTypes: ["violations"] })`)) as { violations: { id: string; impact: string | null; help: string }[] };
      const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
      expect(serious).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
