import { canonicalUnitId, parseCode } from "@tracehub/gs1";
import { type TestHub, startHub } from "@tracehub/testkit";
import { inflateSync } from "node:zlib";
import { BinaryBitmap, Code128Reader, DataMatrixReader, DecodeHintType, HybridBinarizer, QRCodeReader, type Reader, RGBLuminanceSource } from "@zxing/library";
import { PNG } from "pngjs";

// Issue 17: printable labels. The generated GS1 DataMatrix, QR (Digital Link) and GS1-128 barcodes are read back
// with a barcode decoder (@zxing/library), and what they carry names the same identifier. Through GraphQL and the
// gateway's printer URLs.
const GTIN = "09506000134352";
const SSCC = "(00)095060000000000121";
const LABELS = `query($c: [String!]!, $f: LabelFormat!, $s: Symbology!) { labels(codes: $c, format: $f, symbology: $s) { code text content contentType } }`;

/** Decodes a PNG with one symbology's reader; answers the text it carries. */
function decode(png: Buffer, reader: Reader): string {
  const image = PNG.sync.read(png);
  const luminance = new Uint8ClampedArray(image.width * image.height);
  for (let i = 0; i < luminance.length; i++) {
    const [r, g, b, a] = [image.data[i * 4] as number, image.data[i * 4 + 1] as number, image.data[i * 4 + 2] as number, image.data[i * 4 + 3] as number];
    luminance[i] = a < 128 ? 255 : Math.round((r + g + b) / 3);
  }
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, image.width, image.height)));
  return reader.decode(bitmap, new Map([[DecodeHintType.TRY_HARDER, true]])).getText();
}

/** What a decoded GS1 symbol names, canonical: FNC1 in first position read as the symbology's GS1 prefix. */
const named = (text: string, symbologyId: "]d2" | "]C1") => canonicalUnitId(parseCode(text.startsWith("\u001d") ? `${symbologyId}${text.slice(1)}` : `${symbologyId}${text}`));

describe("printable labels that decode back to their identifiers", () => {
  let hub: TestHub;
  let brand: string;
  let unit: string;
  let base: string;
  const labels = async (codes: string[], format: "SVG" | "PNG", symbology: "DATAMATRIX" | "QR" | "GS1_128") => {
    const res = await hub.query<any>(LABELS, { c: codes, f: format, s: symbology }, brand);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.labels as { code: string; text: string; content: string; contentType: string }[];
  };

  beforeAll(async () => {
    hub = await startHub();
    base = hub.url.replace(/\/graphql$/, "");
    const org = await hub.seed.organization({ name: "Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    brand = await hub.token({ sub: "b", org, roles: ["brand_owner"] });
    await hub.query(`mutation { upsertProduct(input: { gtin: "${GTIN}", name: "Widget" }) { gtin } }`, {}, brand);
    const made = await hub.query<any>(`mutation { commissionUnits(input: { gtin: "${GTIN}", lot: "L1", expiry: "2030-06-30", serials: ["ABC/123"] }) { unitIds } }`, {}, brand);
    unit = made.data.commissionUnits.unitIds[0];
  });
  afterAll(() => hub?.stop());

  it("draws a GS1 DataMatrix of the element string that decodes to the same unit", async () => {
    const [label] = await labels([unit], "PNG", "DATAMATRIX");
    expect(label).toMatchObject({ code: unit, text: `(01)${GTIN}(21)ABC/123`, contentType: "image/png" });
    expect(named(decode(Buffer.from(label?.content as string, "base64"), new DataMatrixReader()), "]d2")).toBe(unit);
  });

  it("draws a QR code of the Digital Link that decodes to the same unit", async () => {
    const [label] = await labels([`(01)${GTIN}(21)ABC/123`], "PNG", "QR");
    expect(label?.text).toBe(`https://id.gs1.org/01/${GTIN}/21/ABC%2F123`);
    expect(canonicalUnitId(parseCode(decode(Buffer.from(label?.content as string, "base64"), new QRCodeReader())))).toBe(unit);
  });

  it("puts a QR's Digital Link on the brand's own host once it configures one, and back on id.gs1.org when it clears it", async () => {
    const STEM = `mutation($s: String) { upsertProduct(input: { gtin: "${GTIN}", name: "Widget", digitalLinkStem: $s }) { digitalLinkStem } }`;
    expect((await hub.query<any>(STEM, { s: "https://brand.example/dl" }, brand)).data.upsertProduct.digitalLinkStem).toBe("https://brand.example/dl");
    const [label] = await labels([unit], "PNG", "QR");
    expect(label?.text).toBe(`https://brand.example/dl/01/${GTIN}/21/ABC%2F123`);
    const read = decode(Buffer.from(label?.content as string, "base64"), new QRCodeReader());
    expect(read).toBe(label?.text);
    expect(canonicalUnitId(parseCode(read))).toBe(unit);
    // Only QR carries a host; a stem that is not a plain https URL is refused and changes nothing.
    expect((await labels([unit], "SVG", "DATAMATRIX"))[0]?.text).toBe(`(01)${GTIN}(21)ABC/123`);
    for (const bad of ["http://brand.example", "https://brand.example/dl/", "https://brand.example?x=1", "https://u:p@brand.example"]) {
      expect((await hub.query<any>(STEM, { s: bad }, brand)).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "digitalLinkStem" });
    }
    expect((await labels([unit], "SVG", "QR"))[0]?.text).toBe(`https://brand.example/dl/01/${GTIN}/21/ABC%2F123`);
    expect((await hub.query<any>(STEM, { s: "" }, brand)).data.upsertProduct.digitalLinkStem).toBeNull();
    expect((await labels([unit], "SVG", "QR"))[0]?.text).toBe(`https://id.gs1.org/01/${GTIN}/21/ABC%2F123`);
  });

  it("draws a GS1-128 of an SSCC that decodes to the same SSCC", async () => {
    const [label] = await labels([SSCC], "PNG", "GS1_128");
    expect(named(decode(Buffer.from(label?.content as string, "base64"), new Code128Reader()), "]C1")).toBe("https://id.gs1.org/00/095060000000000121");
  });

  it("draws SVG, and refuses what is not a GS1 identifier, naming it", async () => {
    const [svg] = await labels([unit], "SVG", "DATAMATRIX");
    expect(svg?.contentType).toBe("image/svg+xml");
    expect(svg?.content.startsWith("<svg")).toBe(true);
    const bad = await hub.query<any>(LABELS, { c: [unit, `(01)${GTIN.slice(0, 13)}9(21)X`], f: "SVG", s: "QR" }, brand);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "codes[1]" });
    expect((await hub.query<any>(LABELS, { c: [unit], f: "SVG", s: "QR" }, null)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("serves labels to printers at /labels/{symbology}/{code}.png|.svg, with credentials", async () => {
    const url = (symbology: string, ext: string) => `${base}/labels/${symbology}/${encodeURIComponent(unit)}.${ext}`;
    const png = await fetch(url("datamatrix", "png"), { headers: { authorization: `Bearer ${brand}` } });
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.headers.get("cache-control")).toBe("private, max-age=86400");
    expect(named(decode(Buffer.from(await png.arrayBuffer()), new DataMatrixReader()), "]d2")).toBe(unit);
    const svg = await fetch(url("qr", "svg"), { headers: { authorization: `Bearer ${brand}` } });
    expect(svg.headers.get("content-type")).toContain("image/svg+xml");
    expect(await svg.text()).toMatch(/^<svg/);
    expect((await fetch(url("qr", "svg"))).status).toBe(401);
    const bad = await fetch(`${base}/labels/qr/${encodeURIComponent("(01)123")}.svg`, { headers: { authorization: `Bearer ${brand}` } });
    expect(bad.status).toBe(400);
  });

  it("streams a print-ready SVG sheet of a commissioning batch's labels", async () => {
    const batch = await hub.query<any>(`mutation { commissionUnits(input: { gtin: "${GTIN}", lot: "SHEET", count: 250, serialType: SEQUENTIAL }) { unitIds } }`, {}, brand);
    const codes = batch.data.commissionUnits.unitIds as string[];
    const sheet = await fetch(`${base}/labels/sheet.svg`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${brand}` }, body: JSON.stringify({ codes, symbology: "datamatrix" }) });
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get("content-type")).toContain("image/svg+xml");
    const svg = await sheet.text();
    expect(svg.startsWith("<svg xmlns")).toBe(true);
    expect(svg.endsWith("</svg>")).toBe(true);
    expect(svg.match(/<svg /g)).toHaveLength(codes.length + 1);
    expect(svg).toContain(`(01)${GTIN}(21)${codes[249]?.split("/").pop()}`);
    const post = (body: unknown, token: string | null = brand) =>
      fetch(`${base}/labels/sheet.svg`, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    expect((await post({ codes: [] })).status).toBe(400);
    expect((await post({ codes, symbology: "pdf417" })).status).toBe(400);
    expect((await post({ codes: ["(01)123"] })).status).toBe(400);
    expect((await post({ codes }, null)).status).toBe(401);
  });

  it("streams a print-ready A4 PDF sheet, 24 labels a page, each image with its text", async () => {
    const batch = await hub.query<any>(`mutation { commissionUnits(input: { gtin: "${GTIN}", lot: "PDF", count: 30, serialType: SEQUENTIAL }) { unitIds } }`, {}, brand);
    const codes = batch.data.commissionUnits.unitIds as string[];
    const post = (body: unknown, token: string | null = brand) =>
      fetch(`${base}/labels/sheet.pdf`, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const sheet = await post({ codes, symbology: "qr" });
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get("content-type")).toBe("application/pdf");
    const pdf = Buffer.from(await sheet.arrayBuffer());
    const raw = pdf.toString("latin1");
    expect(raw.startsWith("%PDF-")).toBe(true);
    expect(raw.trimEnd().endsWith("%%EOF")).toBe(true);
    // Two A4 pages (24 + 6), one image per label (with its alpha mask, as pdfkit embeds an RGBA PNG).
    expect(raw.match(/\/Type \/Page\b/g)).toHaveLength(2);
    expect(raw.match(/\/MediaBox \[0 0 595\.28 841\.89\]/g)).toHaveLength(2);
    expect(raw.match(/\/SMask \d+ 0 R/g)?.length).toBe(codes.length);
    expect(raw.match(/\/Subtype \/Image/g)?.length).toBe(2 * codes.length);
    // Each label's text is drawn beneath it (in the pages' compressed content streams, as hex glyph codes).
    const contents = [...raw.matchAll(/stream\r?\n/g)]
      .map((m) => {
        const start = (m.index as number) + m[0].length;
        const end = raw.indexOf("endstream", start);
        try {
          return inflateSync(pdf.subarray(start, end)).toString("latin1");
        } catch {
          return "";
        }
      })
      .join("\n");
    const hex = (text: string) => Buffer.from(text, "latin1").toString("hex");
    for (const code of [codes[0], codes[29]] as string[]) expect(contents).toContain(hex(`https://id.gs1.org/01/${GTIN}/21/${code.split("/").pop()}`));
    expect((await post({ codes: [] })).status).toBe(400);
    expect((await post({ codes: ["(01)123"] })).status).toBe(400);
    expect((await post({ codes }, null)).status).toBe(401);
  });
});
