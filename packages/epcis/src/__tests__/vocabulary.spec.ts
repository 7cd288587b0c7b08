import { readFileSync } from "node:fs";
import path from "node:path";
import {
  BIZ_STEPS,
  CBV_MDA_NAMESPACE,
  CbvMasterData,
  CbvVocabulary,
  DISPOSITIONS,
  cbvMasterDataKey,
  cbvMasterDataValue,
  cbvUrn,
  cbvValueOrUri,
  cbvWebUri,
  isVocabularyUri,
  normalizeEpcisDocument,
  normalizeEpcisEvent,
} from "../index";

const examplesDir = path.resolve(__dirname, "../../../..", "../shared/conformance/epcis/examples");
const load = (f: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(examplesDir, f), "utf8"));

describe("cbvValueOrUri", () => {
  it("reduces a standard value in every spelling to its short name", () => {
    for (const step of BIZ_STEPS) {
      for (const spelling of [step, cbvUrn(CbvVocabulary.BizStep, step), cbvWebUri(CbvVocabulary.BizStep, step), ` ${step} `]) {
        expect(cbvValueOrUri(CbvVocabulary.BizStep, spelling)).toBe(step);
      }
    }
    for (const disposition of DISPOSITIONS) expect(cbvValueOrUri(CbvVocabulary.Disposition, cbvUrn(CbvVocabulary.Disposition, disposition))).toBe(disposition);
  });

  it("keeps a custom value written as a URI, as given", () => {
    expect(cbvValueOrUri(CbvVocabulary.BizStep, "urn:example:bizstep:sterilising")).toBe("urn:example:bizstep:sterilising");
    expect(cbvValueOrUri(CbvVocabulary.Disposition, "https://ns.example.com/disp/quarantined")).toBe("https://ns.example.com/disp/quarantined");
    // A standard URI of another vocabulary is not this one's standard value: it is kept as a custom URI.
    expect(cbvValueOrUri(CbvVocabulary.Disposition, "urn:epcglobal:cbv:bizstep:shipping")).toBe("urn:epcglobal:cbv:bizstep:shipping");
  });

  it("refuses a typo, a bare non-CBV word and a URI with white space", () => {
    for (const bad of ["shiping", "Shipping", "", "urn:", "https://", "urn:example: x", "ftp://x", "example:step"]) {
      expect(cbvValueOrUri(CbvVocabulary.BizStep, bad)).toBeUndefined();
    }
  });
});

describe("isVocabularyUri", () => {
  it("admits urn: and http(s):// URIs without white space", () => {
    for (const ok of ["urn:epcglobal:cbv:bt:0614141000005:PO-123", "urn:tracehub:recall:1", "http://example.com/x", "https://example.com/po/1?x=y"]) {
      expect(isVocabularyUri(ok)).toBe(true);
    }
    for (const bad of ["", "PO-123", "urn:", "urn:a b", "https://a\tb", "mailto:x@example.com", " urn:a:b", "HTTPS://example.com"]) {
      expect(isVocabularyUri(bad)).toBe(false);
    }
  });
});

describe("CBV master data in ilmd", () => {
  it("reads the CBV lot number of the official example, by namespace", () => {
    const events = normalizeEpcisDocument(load("object_event_all_possible_fields.jsonld"));
    const withIlmd = events.find((e) => e.ilmd?.length);
    expect(withIlmd).toBeDefined();
    expect(cbvMasterDataValue(withIlmd?.ilmd, CbvMasterData.LotNumber)).toBe("ABC123");
  });

  it("does not take another namespace's attribute of the same name for the CBV one", () => {
    const events = normalizeEpcisDocument(load("Example_9.6.4-TransformationEvent.jsonld"));
    const withIlmd = events.find((e) => e.ilmd?.length);
    expect(withIlmd?.ilmd?.some((x) => x.name === "bestBeforeDate")).toBe(true);
    expect(cbvMasterDataValue(withIlmd?.ilmd, CbvMasterData.BestBeforeDate)).toBeNull();
  });

  it("writes keys that a document's ilmd reads back under the CBV namespace", () => {
    const ilmd = {
      [cbvMasterDataKey(CbvMasterData.LotNumber)]: "L1",
      [cbvMasterDataKey(CbvMasterData.ItemExpirationDate)]: "2027-01-31",
      [cbvMasterDataKey(CbvMasterData.ProductionDate)]: "2026-01-31",
      "example:lotNumber": "NOT-THIS",
    };
    expect(Object.keys(ilmd).slice(0, 3)).toEqual(["cbvmda:lotNumber", "cbvmda:itemExpirationDate", "cbvmda:productionDate"]);
    const event = normalizeEpcisEvent(
      {
        type: "ObjectEvent",
        eventTime: "2026-02-01T10:00:00.000Z",
        eventTimeZoneOffset: "+00:00",
        epcList: ["https://id.gs1.org/01/09506000134352/21/A1"],
        action: "ADD",
        bizStep: "commissioning",
        ilmd,
      },
      { context: ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld", { example: "https://ns.example.com/epcis/" }] },
    );
    expect(event.ilmd?.find((x) => x.name === "lotNumber" && x.namespace === "https://ns.example.com/epcis/")?.value).toBe("NOT-THIS");
    expect(event.ilmd?.find((x) => x.name === "lotNumber" && x.namespace === CBV_MDA_NAMESPACE)).toBeDefined();
    expect(cbvMasterDataValue(event.ilmd, CbvMasterData.LotNumber)).toBe("L1");
    expect(cbvMasterDataValue(event.ilmd, CbvMasterData.ItemExpirationDate)).toBe("2027-01-31");
    expect(cbvMasterDataValue(event.ilmd, CbvMasterData.ProductionDate)).toBe("2026-01-31");
    expect(cbvMasterDataValue(event.ilmd, CbvMasterData.SellByDate)).toBeNull();
    expect(cbvMasterDataValue(undefined, CbvMasterData.LotNumber)).toBeNull();
  });
});
