import { type CommandSpec, parseArgs } from "../args";
import { ExitCode, UsageError } from "../errors";
import { GLOBAL_OPTIONS, main } from "../main";

const spec: CommandSpec = {
  name: "demo",
  summary: "a demo",
  positionals: { name: "<files...>", min: 1 },
  options: [
    { name: "chunk", kind: "number", min: 1, max: 10_000, default: 1000, description: "events" },
    { name: "mode", kind: "string", choices: ["proceed", "rollback"], default: "proceed", description: "mode" },
    { name: "role", kind: "strings", description: "roles" },
    { name: "restart", kind: "boolean", description: "again" },
  ],
};

/** Runs main with captured output. */
async function run(argv: string[], env: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, env, cwd: process.cwd() });
  return { code, out, err };
}

describe("parseArgs", () => {
  it("reads values given as --name value and --name=value, flags, repeated options and positionals", () => {
    const parsed = parseArgs(spec, ["a.json", "--chunk", "500", "--mode=rollback", "--role", "x", "--role=y", "--restart", "b.csv"]);
    expect(parsed.options).toMatchObject({ chunk: 500, mode: "rollback", role: ["x", "y"], restart: true });
    expect(parsed.positionals).toEqual(["a.json", "b.csv"]);
  });

  it("fills absent options from their environment variable, then their default; the command line wins", () => {
    expect(parseArgs(spec, ["f"], { TRACEHUB_URL: "http://hub:1" }, GLOBAL_OPTIONS).options).toMatchObject({ url: "http://hub:1", chunk: 1000, mode: "proceed" });
    expect(parseArgs(spec, ["f"], {}, GLOBAL_OPTIONS).options["url"]).toBe("http://127.0.0.1:4000");
    expect(parseArgs(spec, ["f", "--url", "http://cli:2"], { TRACEHUB_URL: "http://hub:1" }, GLOBAL_OPTIONS).options["url"]).toBe("http://cli:2");
    expect(parseArgs(spec, ["f"], { TRACEHUB_TOKEN: "thk_abc" }, GLOBAL_OPTIONS).options["token"]).toBe("thk_abc");
  });

  it("takes positionals that start with a dash after --", () => {
    expect(parseArgs(spec, ["--", "-odd.json"]).positionals).toEqual(["-odd.json"]);
  });

  it.each([
    [["f", "--nope"], /unknown option --nope/],
    [["f", "--chunk"], /--chunk needs a value/],
    [["f", "--chunk", "--restart"], /--chunk needs a value/],
    [["f", "--chunk", "ten"], /--chunk must be a whole number/],
    [["f", "--chunk", "10001"], /--chunk must be at most 10000/],
    [["f", "--chunk", "0"], /--chunk must be at least 1/],
    [["f", "--mode", "maybe"], /--mode must be one of proceed, rollback/],
    [["f", "--restart=yes"], /--restart takes no value/],
    [[], /missing <files\.\.\.>/],
    [["f", "-x"], /unknown option -x/],
  ])("refuses %j as a usage error", (argv, message) => {
    let error: unknown;
    try {
      parseArgs(spec, argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(ExitCode.Usage);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain("see tracehub demo --help");
  });

  it("answers help without checking the rest", () => {
    expect(parseArgs(spec, ["--help"]).help).toBe(true);
    expect(parseArgs(spec, ["f", "-h"]).help).toBe(true);
  });
});

describe("the tracehub command line", () => {
  it("prints the command list on --help with exit 0, and on no command to stderr with exit 2", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: tracehub <command>/);
    for (const command of ["import", "export", "verify", "labels", "token"]) expect(help.out).toContain(`  ${command} `);
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.err).toContain("usage: tracehub <command>");
  });

  it("prints a command's help with its options and the global ones", async () => {
    const help = await run(["import", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("--error-behaviour <proceed|rollback>");
    expect(help.out).toContain("--chunk <events>");
    expect(help.out).toContain("env TRACEHUB_TOKEN");
    expect((await run(["export", "--help"])).out).toMatch(/no lot filter/);
    expect((await run(["verify", "--help"])).out).toMatch(/Exit code: 0 when the verdict is GENUINE, 1 for any other/);
  });

  it("refuses unknown commands, bad options and bad URLs with one line and exit 2", async () => {
    const unknown = await run(["frobnicate"]);
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.err.trim().split("\n")).toHaveLength(1);
    expect(unknown.err).toContain('unknown command "frobnicate"');
    expect(await run(["import", "a.json", "--chunk", "20000"])).toMatchObject({ code: 2 });
    expect(await run(["import", "a.txt"])).toMatchObject({ code: 2 });
    expect(await run(["verify", "x", "--url", "not a url"])).toMatchObject({ code: 2 });
    expect((await run(["export", "--gtin", "09506000134352", "--lot", "L1", "--out", "-"])).err).toMatch(/--lot is not supported: the hub's EventFilter has no lot filter/);
    expect(await run(["export", "--gtin", "09506000134352"])).toMatchObject({ code: 2 });
    expect(await run(["labels", "(01)09506000134352(21)A"])).toMatchObject({ code: 2 });
    expect(await run(["token", "--role", "wizard"])).toMatchObject({ code: 2 });
    expect(await run(["token", "--api-key", "--name", "scanner", "--scopes", "READ,WRITE", "--token", "t"])).toMatchObject({ code: 2 });
  });
});
