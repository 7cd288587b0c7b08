import { type CommandSpec, type OptionSpec, type ParsedArgs, helpText, parseArgs } from "./args";
import { exportSpec, runExport } from "./commands/export";
import { importSpec, runImport } from "./commands/import";
import { labelsSpec, runLabels } from "./commands/labels";
import { runToken, tokenSpec } from "./commands/token";
import { runVerify, verifySpec } from "./commands/verify";
import type { CliContext, GlobalOptions } from "./context";
import { CliError, ExitCode, UsageError } from "./errors";

/** Options every command takes. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: "url", kind: "string", env: "TRACEHUB_URL", default: "http://127.0.0.1:4000", description: "the hub's gateway" },
  { name: "token", kind: "string", env: "TRACEHUB_TOKEN", valueName: "jwt|api-key", description: "a JWT (sent as Bearer) or an API key thk_... (sent as ApiKey)" },
  { name: "json", kind: "boolean", description: "print the result as JSON on stdout" },
];

type Run = (args: ParsedArgs, global: GlobalOptions, ctx: CliContext) => Promise<number>;

/** The commands, in the order `--help` lists them. */
export const COMMANDS: readonly { spec: CommandSpec; run: Run }[] = [
  { spec: importSpec, run: runImport },
  { spec: exportSpec, run: runExport },
  { spec: verifySpec, run: runVerify },
  { spec: labelsSpec, run: runLabels },
  { spec: tokenSpec, run: runToken },
];

/** The top-level `--help`. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length));
  return [
    "usage: tracehub <command> [options]",
    "",
    "The tracehub command-line client: talks to the hub's gateway over HTTP (GraphQL at <url>/graphql, EPCIS capture at <url>/epcis/capture).",
    "",
    "commands:",
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}  ${c.spec.summary}`),
    "",
    "global options:",
    ...helpText({ name: "", summary: "", positionals: { name: "", min: 0 }, options: GLOBAL_OPTIONS }).split("\n").filter((l) => l.startsWith("  --")),
    "",
    "Run tracehub <command> --help for a command's options. Errors print one line; exit code 1 for failures, 2 for usage errors.",
    "",
  ].join("\n");
}

/**
 * Runs the command line `argv` (without `node` and the script) and answers the exit code. Never throws: failures
 * are one line on stderr.
 */
export async function main(argv: readonly string[], ctx: CliContext): Promise<number> {
  try {
    const index = argv.findIndex((a) => !a.startsWith("-"));
    const name = index === -1 ? undefined : argv[index];
    if (name === undefined || name === "help") {
      const wantsHelp = argv.includes("--help") || argv.includes("-h") || name === "help";
      if (name === "help" && argv[index + 1]) return main([argv[index + 1] as string, "--help"], ctx);
      ctx[wantsHelp ? "stdout" : "stderr"].write(mainHelp());
      return wantsHelp ? ExitCode.Ok : ExitCode.Usage;
    }
    const command = COMMANDS.find((c) => c.spec.name === name);
    if (!command) throw new UsageError(`tracehub: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.spec.name).join(", ")}; see tracehub --help)`);
    const rest = [...argv.slice(0, index), ...argv.slice(index + 1)];
    const args = parseArgs(command.spec, rest, ctx.env, GLOBAL_OPTIONS);
    if (args.help) {
      ctx.stdout.write(helpText(command.spec, GLOBAL_OPTIONS));
      return ExitCode.Ok;
    }
    const global: GlobalOptions = { url: args.options["url"] as string, token: args.options["token"] as string | undefined, json: Boolean(args.options["json"]) };
    try {
      new URL(global.url);
    } catch {
      throw new UsageError(`tracehub ${name}: --url must be an http(s) URL; got "${global.url}"`);
    }
    return await command.run(args, global, ctx);
  } catch (error) {
    if (error instanceof CliError) {
      ctx.stderr.write(`${error instanceof UsageError ? "" : "error: "}${error.message}\n`);
      return error.exitCode;
    }
    ctx.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.Failure;
  }
}
