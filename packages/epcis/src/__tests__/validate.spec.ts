import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { validateEpcisDocument } from "../validate";

const repoRoot = path.resolve(__dirname, "../../../..");
const examplesDir = path.resolve(repoRoot, "../shared/conformance/epcis/examples");
const examples = readdirSync(examplesDir).sort();
const load = (f: string): unknown => JSON.parse(readFileSync(path.join(examplesDir, f), "utf8"));

describe("validateEpcisDocument on the 20 official examples", () => {
  it("finds all 20 examples", () => {
    expect(examples).toHaveLength(20);
  });

  it.each(examples.filter((f) => f !== "event_with_identical_hash_id_7.json"))("accepts %s", (file) => {
    const result = validateEpcisDocument(load(file));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("accepts event_with_identical_hash_id_7.json: its URN-form CBV values name standard values (the JSON Schema alone refuses them)", () => {
    const result = validateEpcisDocument(load("event_with_identical_hash_id_7.json"));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("still refuses a URN-form CBV value that names no standard value, at its path", () => {
    const doc = load("event_with_identical_hash_id_7.json") as { epcisBody: { eventList: Record<string, unknown>[] } };
    (doc.epcisBody.eventList[0] as Record<string, unknown>)["bizStep"] = "urn:epcglobal:cbv:bizstep:nonsense";
    const result = validateEpcisDocument(doc);
    expect(result.errors).toEqual([{ path: "$.epcisBody.eventList[0].bizStep", eventIndex: 0, message: expect.stringMatching(/not a standard CBV business step/) }]);
  });
});
