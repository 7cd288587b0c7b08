import { type ProductLink, MAX_PRODUCT_LINKS, checkProductLinks, linksFor } from "../product.rules";

const link = (linkType: string, lot: string | null = null, lang: string | null = null): ProductLink => ({ linkType, href: `https://b.example/${linkType}/${lot ?? "all"}/${lang ?? "any"}`, title: linkType, lang, mediaType: null, lot });

describe("product links", () => {
  it("normalizes the link type to its short name and trims text", () => {
    expect(checkProductLinks([{ linkType: " https://gs1.org/voc/instructions ", href: " https://b.example/x ", title: " Leaflet ", lang: "de-CH", mediaType: "application/pdf", lot: "L1" }])).toEqual({
      links: [{ linkType: "instructions", href: "https://b.example/x", title: "Leaflet", lang: "de-CH", mediaType: "application/pdf", lot: "L1" }],
    });
    expect(checkProductLinks([])).toEqual({ links: [] });
  });

  it.each([
    [{ linkType: "gs1:madeUp", href: "https://b.example", title: "t" }, "links.0.linkType"],
    [{ linkType: "gs1:recallStatus", href: "https://b.example", title: "t" }, "links.0.linkType"],
    [{ linkType: "gs1:faqs", href: "http://b.example", title: "t" }, "links.0.href"],
    [{ linkType: "gs1:faqs", href: "https://user:pw@b.example", title: "t" }, "links.0.href"],
    [{ linkType: "gs1:faqs", href: "javascript:alert(1)", title: "t" }, "links.0.href"],
    [{ linkType: "gs1:faqs", href: "https://b.example", title: " " }, "links.0.title"],
    [{ linkType: "gs1:faqs", href: "https://b.example", title: "t", lang: "EN" }, "links.0.lang"],
    [{ linkType: "gs1:faqs", href: "https://b.example", title: "t", mediaType: "pdf" }, "links.0.mediaType"],
    [{ linkType: "gs1:faqs", href: "https://b.example", title: "t", lot: "x".repeat(21) }, "links.0.lot"],
  ])("refuses %j at %s", (input, field) => {
    const result = checkProductLinks([input]);
    expect("problem" in result && result.problem.field).toBe(field);
  });

  it(`refuses more than ${MAX_PRODUCT_LINKS} links`, () => {
    const many = Array.from({ length: MAX_PRODUCT_LINKS + 1 }, () => ({ linkType: "gs1:faqs", href: "https://b.example", title: "t" }));
    expect("problem" in checkProductLinks(many)).toBe(true);
  });

  it("answers a lot with its own links per type, and the product's for the types it has none of", () => {
    const all = [link("instructions", null, "en"), link("instructions", null, "de"), link("instructions", "L1"), link("faqs"), link("faqs", "L2")];
    expect(linksFor(all, null).map((l) => [l.linkType, l.lot, l.lang])).toEqual([
      ["instructions", null, "en"],
      ["instructions", null, "de"],
      ["faqs", null, null],
    ]);
    expect(linksFor(all, "L1").map((l) => [l.linkType, l.lot])).toEqual([
      ["instructions", "L1"],
      ["faqs", null],
    ]);
    expect(linksFor(all, "L2").map((l) => [l.linkType, l.lot])).toEqual([
      ["instructions", null],
      ["instructions", null],
      ["faqs", "L2"],
    ]);
    expect(linksFor(all, "L9")).toEqual(linksFor(all, null));
  });
});
