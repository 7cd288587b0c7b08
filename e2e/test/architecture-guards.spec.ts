import { execFileSync } from "node:child_process";
import path from "node:path";

/**
 * The repository's architecture rules are lint errors (eslint.config.mjs): no import cycle between the modules
 * of a service, no SQL outside a store or a migration, no GS1/CBV parsing outside @tracehub/gs1 and
 * @tracehub/epcis. These specs lint code that breaks each rule, as if it were a file of the units service, with
 * the repository's own configuration, and check that `npm run lint` would fail on it. ESLint (a dependency of the
 * repository root) runs as a process, as `npm run lint` runs it: its ESM configuration cannot load inside jest.
 */
const root = path.resolve(__dirname, "../..");
const units = (file: string) => path.join(root, "services/units/src/modules", file);

interface LintMessage {
  ruleId: string | null;
  severity: number;
  message: string;
  line: number;
}

const ESLINT_BIN = path.join(path.dirname(require.resolve("eslint/package.json")), "bin/eslint.js");

/** What `eslint` says of `code` as the file `filePath` (which need not exist). */
function lint(code: string, filePath: string): LintMessage[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [ESLINT_BIN, "--stdin", "--stdin-filename", filePath, "--format", "json"], { cwd: root, input: code, encoding: "utf8" });
  } catch (error) {
    // Exit code 1: lint errors were found; the report is on stdout all the same.
    out = (error as { stdout?: string }).stdout ?? "";
  }
  const [result] = JSON.parse(out) as { messages: LintMessage[] }[];
  return result?.messages ?? [];
}

async function errorsOf(code: string, filePath: string): Promise<string[]> {
  return lint(code, filePath)
    .filter((m) => m.severity === 2)
    .map((m) => `${m.ruleId}: ${m.message}`);
}

describe("architecture guards (eslint.config.mjs)", () => {
  it("refuses an import that closes a cycle between two modules", async () => {
    // capture imports unit (the state machine); unit importing capture back closes a cycle.
    const errors = await errorsOf(`import type { CaptureService } from "../capture/capture.service";\nexport type X = CaptureService;\n`, units("unit/zz-probe.ts"));
    expect(errors).toEqual([expect.stringMatching(/^tracehub\/no-module-cycle: Module cycle: unit → capture → unit/)]);
  });

  it("accepts an import along the module graph", async () => {
    expect(await errorsOf(`import type { UnitState } from "../unit/unit.rules";\nexport type X = UnitState;\n`, units("capture/zz-probe.ts"))).toEqual([]);
  });

  it("refuses SQL in a service, and accepts it in a store", async () => {
    const code = `import type { DataSource } from "typeorm";\nexport const f = (ds: DataSource) => ds.query(\`SELECT 1 FROM "units"."unit"\`);\n`;
    expect(await errorsOf(code, units("unit/zz-probe.service.ts"))).toEqual([expect.stringMatching(/^tracehub\/no-raw-sql: /)]);
    expect(await errorsOf(code, units("unit/zz-probe.store.ts"))).toEqual([]);
  });

  it("refuses a service's own parsing of GS1 identifiers, keys, character set 82 and CBV URIs", async () => {
    const code = [
      String.raw`export const a = /^https:\/\/id\.gs1\.org\/01\/(\d{14})\//;`,
      String.raw`export const b = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;`,
      String.raw`export const c = /^(urn:|https?:\/\/)\S+$/;`,
      String.raw`export const d = /^\d{13}$/;`,
      String.raw`export const e = /^[a-z]+$/;`,
    ].join("\n");
    const lines = lint(code, units("unit/zz-probe.service.ts")).map((m) => m.line);
    expect([...new Set(lines)].sort()).toEqual([1, 2, 3, 4]);
  });
});
