import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import {
  EpcFormat, EpcisErrorCode, allEpcs, documentHashIds, normalizeEpcisDocument, toEpcisDocument,
  validateEpcisDocument,
} from "../index";
import { expectedStandardHashes } from "./fixtures/hash-vectors";

const repoRoot = path.resolve(__dirname, "../../../..");
const examplesDir = path.resolve(repoRoot, "../shared/conformance/epcis/examples");
const hashDir = path.resolve(repoRoot, "../shared/conformance/epcis/hash");
const load = (dir: string, f: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(dir, f), "utf8"));
const validExamples = readdirSync(examplesDir).filter((f) => f !== "event_with_identical_hash_id_7.json").sort();
const hashDocs = readdirSync(hashDir).filter((f) => f.endsWith(".jsonld")).sort();

describe("normalize → export → validate round trip", () => {
  it.each(validExamples)("%s survives with the same event hash IDs", (file) => {
    const doc = load(examplesDir, file);
    const events = normalizeEpcisDocument(doc);
    expect(events.map((e) => e.hashId)).toEqual(documentHashIds(doc));
    const exported = toEpcisDocument(events);
    expect(validateEpcisDocument(exported).errors).toEqual([]);
    expect(documentHashIds(exported)).toEqual(events.map((e) => e.hashId));
    const again = normalizeEpcisDocument(exported);
    expect(again.map((e) => e.hashId)).toEqual(events.map((e) => e.hashId));
  });

  it.each(hashDocs)("hash vector document %s keeps its published hashes through normalize and export", (file) => {
    const doc = load(hashDir, file);
    // The published hashes, except where a vector contradicts the standard's list order (see hash-vectors.ts).
    const expected = expectedStandardHashes(file, doc);
    const events = normalizeEpcisDocument(doc);
    expect(events.map((e) => e.hashId)).toEqual(expected);
    expect(documentHashIds(toEpcisDocument(events, { validate: false }))).toEqual(expected);
  });

  it("exports EPC URNs on request, reusing captured URNs, and the hashes do not change", () => {
    const doc = load(examplesDir, "Example_9.6.1-ObjectEvent.jsonld");
    const events = normalizeEpcisDocument(doc);
    const urn = toEpcisDocument(events, { epcFormat: EpcFormat.AlwaysEpcUrn });
    const first = (urn["epcisBody"] as { eventList: Array<Record<string, unknown>> }).eventList[0] as Record<string, unknown>;
    expect((first["epcList"] as string[])[0]).toMatch(/^urn:epc:id:sgtin:/);
    expect(documentHashIds(urn)).toEqual(events.map((e) => e.hashId));
  });

  it("needs the company prefix length to render a captured Digital Link as an EPC URN", () => {
    const doc = load(examplesDir, "Example_9.6.1-ObjectEventWithDigitalLink.jsonld");
    const events = normalizeEpcisDocument(doc);
    expect(() => toEpcisDocument(events, { epcFormat: EpcFormat.AlwaysEpcUrn })).toThrow(expect.objectContaining({ code: EpcisErrorCode.NEEDS_COMPANY_PREFIX_LENGTH }));
    const urn = toEpcisDocument(events, { epcFormat: EpcFormat.AlwaysEpcUrn, companyPrefixLength: 7 });
    const list = (urn["epcisBody"] as { eventList: Array<{ epcList: string[] }> }).eventList[0]?.epcList ?? [];
    expect(list.every((e) => e.startsWith("urn:epc:id:sgtin:0614141."))).toBe(true);
    expect(documentHashIds(urn)).toEqual(events.map((e) => e.hashId));
  });

  it("gives back identifiers exactly as captured with Never_Translates", () => {
    const doc = load(hashDir, "epclist_normalisation.jsonld");
    const events = normalizeEpcisDocument(doc);
    const out = toEpcisDocument(events, { epcFormat: EpcFormat.NeverTranslates, validate: false });
    const original = ((doc["epcisBody"] as { eventList: Array<{ epcList: string[] }> }).eventList[0]?.epcList ?? []).slice().sort();
    expect(((out["epcisBody"] as { eventList: Array<{ epcList: string[] }> }).eventList[0]?.epcList ?? []).slice().sort()).toEqual(original);
  });

  it("builds a valid EPCISQueryDocument", () => {
    const events = normalizeEpcisDocument(load(examplesDir, "Example_9.6.2-ObjectEvent.jsonld"));
    const q = toEpcisDocument(events, { documentType: "EPCISQueryDocument", queryName: "SimpleEventQuery", subscriptionId: "sub-1" });
    expect(validateEpcisDocument(q).valid).toBe(true);
    expect(normalizeEpcisDocument(q).map((e) => e.hashId)).toEqual(events.map((e) => e.hashId));
  });
});

describe("normalized model", () => {
  it("canonicalises identifiers, CBV values and times", () => {
    const [e] = normalizeEpcisDocument(load(examplesDir, "Example_9.6.1-ObjectEvent.jsonld"));
    expect(e?.epcList[0]).toMatch(/^https:\/\/id\.gs1\.org\/01\/\d{14}\/21\//);
    expect(e?.bizStep).toBe("shipping");
    expect(e?.disposition).toBe("in_transit");
    expect(e?.eventTime).toMatch(/Z$/);
    expect(e?.eventTimeZoneOffset).toBe("-06:00");
    expect(e?.readPoint?.id).toMatch(/^https:\/\/id\.gs1\.org\/414\//);
    expect(e?.bizTransactions[0]?.type).toBe("po");
    expect(e?.hashId).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
  });

  it("converts URN and Digital Link forms of the same EPC to one canonical identifier and one hash", () => {
    const base = { "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2024-01-01T00:00:00Z" };
    const event = (epc: string, rp: string): Record<string, unknown> => ({ type: "ObjectEvent", eventTime: "2024-01-01T10:00:00+01:00", eventTimeZoneOffset: "+01:00", action: "OBSERVE", epcList: [epc], readPoint: { id: rp } });
    const [a] = normalizeEpcisDocument({ ...base, epcisBody: { eventList: [event("urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgln:0614141.07346.0")] } });
    const [b] = normalizeEpcisDocument({ ...base, epcisBody: { eventList: [event("https://brand.example.com/01/10614141073464/21/2017?17=261231", "https://id.gs1.org/414/0614141073467")] } });
    expect(a?.epcList).toEqual(["https://id.gs1.org/01/10614141073464/21/2017"]);
    expect(b?.epcList).toEqual(a?.epcList);
    expect(b?.readPoint?.id).toBe(a?.readPoint?.id);
    expect(b?.hashId).toBe(a?.hashId);
  });

  it("keeps user extensions with namespace, name and nested values", () => {
    const [e] = normalizeEpcisDocument(load(hashDir, "ReferenceEventHashAlgorithm.jsonld"));
    const f1 = e?.extensions.find((x) => x.name === "myField1");
    expect(f1?.namespace).toBe("https://ns.example.com/epcis/");
    expect(f1?.children?.map((c) => [c.name, c.value])).toEqual([["mySubField1", "2"], ["mySubField2", "5"]]);
  });

  it("lists every instance identifier with its role", () => {
    const events = normalizeEpcisDocument(load(examplesDir, "Example_9.6.3-AggregationEvent.jsonld"));
    const refs = events.flatMap(allEpcs);
    expect(refs.some((r) => r.role === "parent" && r.id.startsWith("https://id.gs1.org/00/"))).toBe(true);
    expect(refs.some((r) => r.role === "child")).toBe(true);
  });

  it("normalises sensor elements, ILMD, error declarations and persistent dispositions", () => {
    const [o] = normalizeEpcisDocument(load(examplesDir, "object_event_all_possible_fields.jsonld"));
    expect(o?.sensorElements.length).toBeGreaterThan(0);
    expect(o?.sensorElements[0]?.reports.length).toBeGreaterThan(0);
    expect(o?.ilmd?.length).toBeGreaterThan(0);
    expect(o?.errorDeclaration?.declarationTime).toMatch(/Z$/);
    expect(o?.persistentDisposition).toBeDefined();
    expect(o?.certificationInfo.length).toBeGreaterThan(0);
  });

  it("accepts event_with_identical_hash_id_7.json (URN-form CBV values) by default, as with the lenient option, and stores bare values", () => {
    const doc = load(examplesDir, "event_with_identical_hash_id_7.json");
    expect(normalizeEpcisDocument(doc).map((e) => e.hashId)).toEqual(normalizeEpcisDocument(doc, { lenient: true }).map((e) => e.hashId));
    const events = normalizeEpcisDocument(doc);
    expect(events[0]?.bizStep).toBe("receiving");
    expect(events[0]?.sources.map((s) => s.type)).toEqual(["location", "possessing_party", "owning_party"]);
    expect(events[0]?.hashId).toBe(documentHashIds(doc)[0]);
    const exported = toEpcisDocument(events);
    expect(validateEpcisDocument(exported).errors).toEqual([]);
    expect(documentHashIds(exported)).toEqual(events.map((e) => e.hashId));
  });
});
