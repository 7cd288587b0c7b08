import { readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { documentHashIds, documentPreHashStrings, eventHashId, preHashString, hashIdFromPreHash, canonicalTime, canonicalNumber } from "../hash";

const repoRoot = path.resolve(__dirname, "../../../..");
const hashDir = path.resolve(repoRoot, "../shared/conformance/epcis/hash");
const lines = (f: string): string[] => readFileSync(f, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
const docs = readdirSync(hashDir).filter((f) => f.endsWith(".jsonld")).sort();

describe("CBV 2.0 event hash IDs against the reference vectors", () => {
  it("finds the shared vector folder", () => {
    expect(docs.length).toBeGreaterThanOrEqual(18);
  });

  it.each(docs)("%s yields exactly the published hashes, in order", (file) => {
    const doc = JSON.parse(readFileSync(path.join(hashDir, file), "utf8"));
    const expected = lines(path.join(hashDir, file.replace(/\.jsonld$/, ".hashes")));
    expect(documentHashIds(doc)).toEqual(expected);
  });

  const withPrehashes = docs.filter((f) => existsSync(path.join(hashDir, f.replace(/\.jsonld$/, ".prehashes"))));
  /**
   * Upstream `.prehashes` lines that do not hash to the `.hashes` line of the same event (file → 1-based line).
   * CustomSchemaInContext line 2 is the pre-hash of a different event (copied from the first event of another file)
   * and DefaultSchemaInContext line 2 is cut off after `bizTransaction=urn:epcglobal:cbv:bt:06141410734`. The hashes
   * are the judge for these two events; every other line is compared character for character.
   */
  const STALE_UPSTREAM_PREHASHES: Record<string, number[]> = {
    "epcisDocWithCustomSchemaInContext.prehashes": [2],
    "epcisDocWithDefaultSchemaInContext.prehashes": [2],
  };

  it.each(withPrehashes)("%s yields the published pre-hash strings, and the published hash where the upstream pre-hash line is stale", (file) => {
    const doc = JSON.parse(readFileSync(path.join(hashDir, file), "utf8"));
    const preFile = file.replace(/\.jsonld$/, ".prehashes");
    const pre = lines(path.join(hashDir, preFile));
    const hashes = lines(path.join(hashDir, file.replace(/\.jsonld$/, ".hashes")));
    const stale = STALE_UPSTREAM_PREHASHES[preFile] ?? [];
    const mine = documentPreHashStrings(doc);
    expect(mine).toHaveLength(pre.length);
    pre.forEach((upstream, i) => {
      const ours = mine[i] as string;
      expect(hashIdFromPreHash(ours)).toBe(hashes[i]);
      if (stale.includes(i + 1)) {
        // Fails once upstream fixes the line: then it belongs in the exact comparison below.
        expect(hashIdFromPreHash(upstream)).not.toBe(hashes[i]);
        expect(ours).not.toBe(upstream);
      } else {
        expect(hashIdFromPreHash(upstream)).toBe(hashes[i]);
        expect(ours).toBe(upstream);
      }
    });
  });

  it("finds every listed stale upstream pre-hash line in a vector file that is present", () => {
    for (const f of Object.keys(STALE_UPSTREAM_PREHASHES)) {
      expect(withPrehashes).toContain(f.replace(/\.prehashes$/, ".jsonld"));
      for (const l of STALE_UPSTREAM_PREHASHES[f] ?? []) expect(lines(path.join(hashDir, f)).length).toBeGreaterThanOrEqual(l);
    }
  });

  it("hashes a single event given with the document context the same way as inside the document", () => {
    const doc = JSON.parse(readFileSync(path.join(hashDir, "ReferenceEventHashAlgorithm.jsonld"), "utf8"));
    const event = doc.epcisBody.eventList[0];
    expect(eventHashId(event, { context: doc["@context"] })).toBe(lines(path.join(hashDir, "ReferenceEventHashAlgorithm.hashes"))[0]);
    expect(eventHashId({ ...event, "@context": doc["@context"] })).toBe(lines(path.join(hashDir, "ReferenceEventHashAlgorithm.hashes"))[0]);
  });

  it("ignores eventID, recordTime, errorDeclaration and comments", () => {
    const base = { type: "ObjectEvent", eventTime: "2020-01-01T00:00:00Z", eventTimeZoneOffset: "+00:00", action: "OBSERVE", epcList: ["urn:epc:id:sscc:4012345.0000000333"] };
    const noisy = { ...base, eventID: "urn:uuid:1", recordTime: "2021-01-01T00:00:00Z", errorDeclaration: { declarationTime: "2021-01-01T00:00:00Z" }, "rdfs:comment": "x" };
    expect(preHashString(noisy)).toBe(preHashString(base));
  });

  it("changes the hash when any value changes", () => {
    const base = { type: "ObjectEvent", eventTime: "2020-01-01T00:00:00Z", eventTimeZoneOffset: "+00:00", action: "OBSERVE", epcList: ["urn:epc:id:sscc:4012345.0000000333"] };
    expect(eventHashId(base)).not.toBe(eventHashId({ ...base, action: "ADD" }));
    expect(eventHashId(base)).not.toBe(eventHashId({ ...base, eventTimeZoneOffset: "+01:00" }));
  });

  it("gives URN-form, Web URI and bare CBV values the same hash", () => {
    const base = { type: "ObjectEvent", eventTime: "2020-01-01T00:00:00Z", eventTimeZoneOffset: "+00:00", action: "OBSERVE", epcList: ["urn:epc:id:sscc:4012345.0000000333"] };
    const bare = eventHashId({ ...base, bizStep: "shipping", disposition: "in_transit" });
    expect(eventHashId({ ...base, bizStep: "urn:epcglobal:cbv:bizstep:shipping", disposition: "urn:epcglobal:cbv:disp:in_transit" })).toBe(bare);
    expect(eventHashId({ ...base, bizStep: "https://ref.gs1.org/cbv/BizStep-shipping", disposition: "cbv:Disp-in_transit" })).toBe(bare);
  });

  it("rounds the fourth fractional digit half up and converts to UTC", () => {
    expect(canonicalTime("2023-02-02T11:04:03.1415Z")).toBe("2023-02-02T11:04:03.142Z");
    expect(canonicalTime("2023-02-02T11:04:03.1414Z")).toBe("2023-02-02T11:04:03.141Z");
    expect(canonicalTime("2023-12-31T23:59:59.9996-01:00")).toBe("2024-01-01T01:00:00.000Z");
    expect(canonicalTime("2022-02-16T20:33:31.116000-06:00")).toBe("2022-02-17T02:33:31.116Z");
  });

  it("writes numbers without trailing zeros", () => {
    expect(canonicalNumber("1.0")).toBe("1");
    expect(canonicalNumber("0.3430")).toBe("0.343");
    expect(canonicalNumber("00012")).toBe("12");
    expect(canonicalNumber("ABC")).toBe("ABC");
    expect(canonicalNumber("0.00001")).toBe("1e-05");
  });
});
