import Ajv from "ajv";
import addFormats from "ajv-formats";
import { type TestHub, startHub } from "@tracehub/testkit";

// Issue 17: the gateway answers GS1 Digital Links on its own host, the way a consumer's phone and another resolver
// ask: an HTML product page with the verdict (English or German), JSON for apps, an RFC 9264 linkset with GS1 link
// types, linkType redirects, the resolver's description, CORS everywhere, and clear pages for what it cannot answer.
const GTIN = "09506000134352";
const UNREGISTERED = "09506000134369";
const LINKSET = "application/linkset+json";

/** The linkset document of RFC 9264 (section 4.2), with GS1 link types as relation URIs. */
const LINKSET_SCHEMA = {
  type: "object",
  required: ["linkset"],
  additionalProperties: false,
  properties: {
    linkset: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["anchor"],
        properties: { anchor: { type: "string", format: "uri" } },
        additionalProperties: {
          type: "array",
          items: {
            type: "object",
            required: ["href"],
            properties: { href: { type: "string", format: "uri" }, title: { type: "string" }, type: { type: "string" }, hreflang: { type: "array", items: { type: "string" } } },
          },
        },
        propertyNames: { anyOf: [{ const: "anchor" }, { pattern: "^https://gs1\\.org/voc/[A-Za-z]+$" }] },
      },
    },
  },
};

describe("the GS1 Digital Link resolver on the gateway", () => {
  let hub: TestHub;
  let base: string;
  let genuine: string;
  let recalled: string;
  let brand: string;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers, redirect: "manual" });
  const serialOf = (id: string) => id.split("/").pop() as string;

  beforeAll(async () => {
    hub = await startHub({ gateway: { resolver: { reportTo: "mailto:report@brand.example" } } });
    base = hub.url.replace(/\/graphql$/, "");
    const org = await hub.seed.organization({ name: "Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    brand = await hub.token({ sub: "b", org, roles: ["brand_owner", "compliance"] });
    const q = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await hub.query<any>(query, variables, brand);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data;
    };
    await q(`mutation { upsertProduct(input: { gtin: "${GTIN}", name: "Ibuprofen 400", brand: "Healthy", imageUrl: "https://img.example/ibu.png" }) { gtin } }`);
    genuine = (await q(`mutation { commissionUnits(input: { gtin: "${GTIN}", lot: "L1", expiry: "2030-06-30", count: 1, serialType: SEQUENTIAL }) { unitIds } }`)).commissionUnits.unitIds[0];
    recalled = (await q(`mutation { commissionUnits(input: { gtin: "${GTIN}", lot: "BAD", count: 1, serialType: SEQUENTIAL }) { unitIds } }`)).commissionUnits.unitIds[0];
    const draft = await q(`mutation { createRecall(input: { gtin: "${GTIN}", lots: ["BAD"], classification: CLASS_I, reason: "Tablets may crumble", instructions: "Return to your pharmacy." }) { id } }`);
    await q(`mutation($id: ID!) { issueRecall(id: $id) { id } }`, { id: draft.createRecall.id });
    for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      const res = await get(`/verification/01/${GTIN}/21/${serialOf(recalled)}`);
      if (((await res.json()) as any).verdict?.verdict === "RECALLED") break;
    }
  });
  afterAll(() => hub?.stop());

  it("serves a browser the product page with the verdict, without scripts, in English or German", async () => {
    const res = await get(`/01/${GTIN}/21/${serialOf(genuine)}`, { accept: "text/html" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'; style-src 'sha256-[^']+'/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("link")).toContain(`rel="linkset"`);
    const html = await res.text();
    expect(html).toContain(`<html lang="en">`);
    expect(html).toContain(">Genuine</h1>");
    expect(html).toContain("Ibuprofen 400");
    expect(html).toContain("2030-06-30");
    expect(html).toContain(`href="mailto:report@brand.example"`);
    expect(html).not.toMatch(/<script/i);
    const german = await (await get(`/01/${GTIN}/21/${serialOf(genuine)}`, { accept: "text/html", "accept-language": "fr;q=0.9, de;q=0.8" })).text();
    expect(german).toContain(`<html lang="de">`);
    expect(german).toContain(">Echt</h1>");
  });

  it("shows a recall notice, an unknown serial, and a code that contradicts its record", async () => {
    const recall = await (await get(`/01/${GTIN}/21/${serialOf(recalled)}`, { accept: "text/html" })).text();
    expect(recall).toContain(">Recalled</h1>");
    expect(recall).toContain("Tablets may crumble");
    expect(recall).toContain("Return to your pharmacy.");
    const unknown = await get(`/01/${GTIN}/21/NEVER-MADE`, { accept: "text/html" });
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain(">Not a known product</h1>");
    // The expiry date (AI 17) in the query string contradicts the serial's record.
    const forged = (await (await get(`/01/${GTIN}/21/${serialOf(genuine)}?17=291231`, { accept: "application/json" })).json()) as any;
    expect(forged.verdict.verdict).toBe("SUSPECT");
  });

  it("answers apps in JSON, and other resolvers with a linkset whose anchor is the link as requested", async () => {
    const path = `/01/${GTIN}/21/${serialOf(genuine)}`;
    const json = (await (await get(path, { accept: "application/json" })).json()) as any;
    expect(json).toMatchObject({ gtin: GTIN, serial: serialOf(genuine), product: { name: "Ibuprofen 400" }, verdict: { verdict: "GENUINE" } });
    expect(json.links.map((l: any) => l.linkType)).toEqual(["gs1:pip", "gs1:verificationService", "gs1:recallStatus"]);
    const res = await get(path, { accept: LINKSET });
    expect(res.headers.get("content-type")).toContain(LINKSET);
    const linkset = (await res.json()) as any;
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    expect(ajv.validate(LINKSET_SCHEMA, linkset) ? [] : ajv.errors).toEqual([]);
    expect(linkset.linkset[0].anchor).toBe(`${base}${path}`);
    expect(linkset.linkset[0]["https://gs1.org/voc/pip"][0].href).toBe(`${base}${path}`);
    expect((await (await get(`${path}?linkType=all`)).json()) as any).toEqual(linkset);
  });

  it("redirects a linkType request (307, Link header, query passed on) and answers 404 for a link type it has none of", async () => {
    const path = `/01/${GTIN}/21/${serialOf(genuine)}`;
    const redirect = await get(`${path}?linkType=gs1:verificationService&context=app`);
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get("location")).toBe(`${base}/verification${path}?context=app`);
    expect(redirect.headers.get("link")).toContain(`rel="linkset"`);
    const verification = (await (await get(`/verification${path}`)).json()) as any;
    expect(verification.verdict.verdict).toBe("GENUINE");
    expect((await get(`${path}?linkType=gs1:certificationInfo`, { accept: "application/json" })).status).toBe(404);
    expect((await get(`${path}?linkType=https://gs1.org/voc/pip`)).headers.get("location")).toBe(`${base}${path}`);
  });

  it("serves a product page for a GTIN (cacheable) and 404 for an unregistered one", async () => {
    const res = await get(`/01/${GTIN}`, { accept: "text/html" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(res.headers.get("etag")).toBeTruthy();
    expect(await res.text()).toContain("Ibuprofen 400");
    const lot = (await (await get(`/01/${GTIN}/10/L1`, { accept: "application/json" })).json()) as any;
    expect(lot).toMatchObject({ gtin: GTIN, lot: "L1", serial: null, verdict: null });
    expect(lot.links.map((l: any) => l.linkType)).toEqual(["gs1:pip"]);
    expect((await get(`/01/${UNREGISTERED}`, { accept: "text/html" })).status).toBe(404);
  });

  it("answers malformed links and keys it has no links for with a clear page and status, never a stack trace", async () => {
    const bad = await get(`/01/12345`, { accept: "text/html" });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toContain("not a valid GS1 Digital Link");
    expect(page).not.toMatch(/node_modules|at \w+ \(/);
    const badJson = (await (await get(`/01/${GTIN.slice(0, 13)}9`, { accept: "application/json" })).json()) as any;
    expect(badJson.errors[0].extensions.code).toBe("BAD_REQUEST");
    // Other primary keys: read and checked like a GTIN, but the hub has no public facts for them (their custody is
    // tenant data): 404 when well formed, 400 naming the fault when not.
    for (const key of ["/00/095060000000000121", "/414/9506000000015", "/8003/09506000000015PAL1", "/8004/9506000ASSET7"]) {
      const other = await get(key, { accept: "application/json" });
      expect(other.status).toBe(404);
      expect(((await other.json()) as any).errors[0].message).toContain("product identifiers (GTIN, AI 01)");
    }
    expect((await get(`/00/095060000000000121`, { accept: "text/html" })).status).toBe(404);
    const badSscc = await get(`/00/095060000000000122`, { accept: "application/json" });
    expect(badSscc.status).toBe(400);
    expect(((await badSscc.json()) as any).errors[0].message).toMatch(/check digit/);
  });

  it("answers OPTIONS with CORS, and describes itself at /.well-known/gs1resolver", async () => {
    const options = await fetch(`${base}/01/${GTIN}`, { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("access-control-allow-origin")).toBe("*");
    expect(options.headers.get("access-control-allow-methods")).toContain("GET");
    const description = await get(`/.well-known/gs1resolver`);
    expect(description.headers.get("access-control-allow-origin")).toBe("*");
    expect(await description.json()).toMatchObject({ resolverRoot: base, supportedPrimaryKeys: ["01"], supportedLinkType: [{ namespace: "https://gs1.org/voc/", prefix: "gs1:" }] });
  });

  it("serves the links the brand configured, per lot with a walk up to the product's, in the visitor's language", async () => {
    const SET = `mutation($g: String!, $l: [ProductLinkInput!]!) { setProductLinks(gtin: $g, links: $l) { links { linkType href lang lot } } }`;
    const links = [
      { linkType: "gs1:instructions", href: "https://brand.example/ibu/leaflet-en.pdf", title: "Leaflet", lang: "en", mediaType: "application/pdf" },
      { linkType: "https://gs1.org/voc/instructions", href: "https://brand.example/ibu/leaflet-de.pdf", title: "Beipackzettel", lang: "de", mediaType: "application/pdf" },
      { linkType: "instructions", href: "https://brand.example/ibu/l1-notice.html", title: "Lot L1 notice", lot: "L1" },
      { linkType: "gs1:certificationInfo", href: "https://brand.example/ibu/ce.html", title: "Certificates" },
    ];
    const set = await hub.query<any>(SET, { g: GTIN, l: links }, brand);
    expect(set.errors).toBeUndefined();
    expect(set.data.setProductLinks.links.map((l: any) => [l.linkType, l.lang, l.lot])).toEqual([
      ["gs1:instructions", "en", null],
      ["gs1:instructions", "de", null],
      ["gs1:instructions", null, "L1"],
      ["gs1:certificationInfo", null, null],
    ]);

    // Lot L1 has its own instructions; another lot walks up to the product's, in the visitor's language.
    const l1 = await get(`/01/${GTIN}/10/L1?linkType=gs1:instructions`);
    expect([l1.status, l1.headers.get("location")]).toEqual([307, "https://brand.example/ibu/l1-notice.html"]);
    const other = await get(`/01/${GTIN}/10/L9?linkType=gs1:instructions`, { "accept-language": "de-DE,de;q=0.9" });
    expect([other.status, other.headers.get("location")]).toEqual([307, "https://brand.example/ibu/leaflet-de.pdf"]);
    expect((await get(`/01/${GTIN}?linkType=gs1:instructions&context=x`, { "accept-language": "en" })).headers.get("location")).toBe("https://brand.example/ibu/leaflet-en.pdf?context=x");
    // A serial's link walks up too: the certificates, beside the hub's own verification service.
    const path = `/01/${GTIN}/21/${serialOf(genuine)}`;
    expect((await get(`${path}?linkType=gs1:certificationInfo`)).headers.get("location")).toBe("https://brand.example/ibu/ce.html");
    const linkset = (await (await get(path, { accept: LINKSET })).json()) as any;
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    expect(ajv.validate(LINKSET_SCHEMA, linkset) ? [] : ajv.errors).toEqual([]);
    expect(linkset.linkset[0]["https://gs1.org/voc/instructions"]).toEqual([
      { href: "https://brand.example/ibu/leaflet-en.pdf", title: "Leaflet", type: "application/pdf", hreflang: ["en"] },
      { href: "https://brand.example/ibu/leaflet-de.pdf", title: "Beipackzettel", type: "application/pdf", hreflang: ["de"] },
    ]);
    expect(Object.keys(linkset.linkset[0])).toEqual(expect.arrayContaining(["https://gs1.org/voc/verificationService", "https://gs1.org/voc/certificationInfo"]));
    // The page lists them for people; a type nobody configured is still a 404.
    const page = await (await get(`/01/${GTIN}/10/L1`, { accept: "text/html" })).text();
    expect(page).toContain(`<a href="https://brand.example/ibu/l1-notice.html">Lot L1 notice</a>`);
    expect(page).toContain(`href="https://brand.example/ibu/ce.html"`);
    expect((await get(`${path}?linkType=gs1:faqs`)).status).toBe(404);

    // Bad links are refused, naming the link and field, and change nothing; another company may not set them.
    const refuse = async (bad: Record<string, unknown>, field: string) => {
      const res = await hub.query<any>(SET, { g: GTIN, l: [...links, bad] }, brand);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "PRODUCT_LINK_INVALID", field });
    };
    await refuse({ linkType: "gs1:nonsense", href: "https://x.example", title: "x" }, "links.4.linkType");
    await refuse({ linkType: "gs1:verificationService", href: "https://x.example", title: "x" }, "links.4.linkType");
    await refuse({ linkType: "gs1:faqs", href: "http://x.example", title: "x" }, "links.4.href");
    await refuse({ linkType: "gs1:faqs", href: "https://x.example", title: "x", lang: "english" }, "links.4.lang");
    await refuse({ linkType: "gs1:faqs", href: "https://x.example", title: "x", lot: "ü" }, "links.4.lot");
    const org = await hub.seed.organization({ name: "Other", kind: "BRAND_OWNER", companyPrefixes: ["0614141"] });
    const other2 = await hub.token({ sub: "o", org, roles: ["brand_owner"] });
    expect((await hub.query<any>(SET, { g: GTIN, l: [] }, other2)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await hub.query<any>(SET, { g: UNREGISTERED, l: [] }, brand)).errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", reason: "PRODUCT_NOT_FOUND" });
    const after = (await (await get(`/01/${GTIN}`, { accept: "application/json" })).json()) as any;
    expect(after.links.filter((l: any) => l.linkType === "gs1:instructions")).toHaveLength(2);
  });
});
