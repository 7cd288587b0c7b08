import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { MAX_REASONS, StateFile, recordChunk } from "../state";

describe("the import state file", () => {
  let dir: string;
  let input: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "tracehub-state-"));
    input = path.join(dir, "events.jsonld");
    await writeFile(input, "{}");
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("starts empty, then loads what was saved, written atomically with no temporary file left", async () => {
    const { stateFile, fresh } = await StateFile.of(path.join(dir, "state"), input);
    expect(fresh).toMatchObject({ file: input, size: 2, confirmed: 0, complete: false, totals: { stored: 0, duplicate: 0, rejected: 0 } });
    expect(await stateFile.load(fresh)).toBeNull();
    const next = recordChunk(fresh, 1000, { stored: 990, duplicate: 5, rejected: 5 }, ["event 3: bad"]);
    await stateFile.save(next);
    expect(await stateFile.load(fresh)).toMatchObject({ confirmed: 1000, totals: { stored: 990, duplicate: 5, rejected: 5 }, reasons: ["event 3: bad"] });
    expect(await readdir(path.join(dir, "state"))).toEqual([path.basename(stateFile.path)]);
    expect(path.basename(stateFile.path)).toMatch(/^events\.jsonld-[0-9a-f]{20}\.json$/);
  });

  it("adds counts of every chunk and keeps at most 20 reasons", () => {
    let state = recordChunk({ version: 1, file: "f", size: 1, mtimeMs: 1, confirmed: 0, complete: false, totals: { stored: 0, duplicate: 0, rejected: 0 }, reasons: [], updatedAt: "" }, 10, { stored: 1, duplicate: 2, rejected: 15 }, Array.from({ length: 15 }, (_, i) => `r${i}`));
    state = recordChunk(state, 20, { stored: 3, duplicate: 0, rejected: 15 }, Array.from({ length: 15 }, (_, i) => `s${i}`));
    expect(state).toMatchObject({ confirmed: 20, totals: { stored: 4, duplicate: 2, rejected: 30 } });
    expect(state.reasons).toHaveLength(MAX_REASONS);
    expect(state.reasons[19]).toBe("s4");
  });

  it("starts afresh when the file changed (another size or modification time)", async () => {
    const first = await StateFile.of(dir, input);
    await first.stateFile.save({ ...first.fresh, confirmed: 5 });
    await utimes(input, new Date(), new Date(Date.now() + 60_000));
    const second = await StateFile.of(dir, input);
    expect(second.stateFile.path).not.toBe(first.stateFile.path);
    expect(await second.stateFile.load(second.fresh)).toBeNull();
    // The old state names another mtime: it is not used for the changed file even at the same path.
    expect(await first.stateFile.load(second.fresh)).toBeNull();
  });

  it("refuses a state file that is not JSON, saying how to start again", async () => {
    const { stateFile, fresh } = await StateFile.of(dir, input);
    await writeFile(stateFile.path, "{ half");
    await expect(stateFile.load(fresh)).rejects.toThrow(/not valid JSON: delete it/);
  });
});
