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

  it("rejects event_with_identical_hash_id_7.json for its URN-form CBV values, with paths inside event 0", () => {
    const result = validateEpcisDocument(load("event_with_identical_hash_id_7.json"));
    expect(result.valid).toBe(false);
    const paths = result.errors.map((e) => e.path);
    expect(paths).toContain("$.epcisBody.eventList[0].bizStep");
    expect(paths).toContain("$.epcisBody.eventList[0].disposition");
    expect(paths).toContain("$.epcisBody.eventList[0].bizTransactionList[0].type");
    expect(paths).toContain("$.epcisBody.eventList[0].sourceList[0].type");
    expect(paths).toContain("$.epcisBody.eventList[0].persistentDisposition.set[0]");
    for (const e of result.errors) {
      expect(e.eventIndex).toBe(0);
      expect(e.message).toMatch(/bare/);
    }
  });
});
