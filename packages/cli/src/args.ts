import { UsageError } from "./errors";

/** One option of a command: `--name value`, `--name=value`, or a flag `--name`. */
export interface OptionSpec {
  /** The long name, without the leading `--`. */
  name: string;
  /** `string` takes one value, `strings` one value per occurrence (repeatable), `number` an integer, `boolean` none. */
  kind: "string" | "strings" | "number" | "boolean";
  /** One line for `--help`. */
  description: string;
  /** What the value is called in `--help` (default: the option's name). */
  valueName?: string;
  /** The only values accepted. */
  choices?: readonly string[];
  /** Bounds of a `number` option. */
  min?: number;
  max?: number;
  /** The value when the option is absent. */
  default?: string | number | boolean;
  /** An environment variable that gives the value when the option is absent. */
  env?: string;
}

/** A command's command line: options, then what its positional arguments are. */
export interface CommandSpec {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Positional arguments, e.g. `<files...>`, in the usage line. */
  positionals: { name: string; min: number; max?: number };
  options: readonly OptionSpec[];
  /** Paragraphs after the options in `--help`. */
  notes?: string;
}

/** The values a command line gave, by option name, and its positional arguments. */
export interface ParsedArgs {
  options: Record<string, string | string[] | number | boolean | undefined>;
  positionals: string[];
  help: boolean;
}

/**
 * Reads `argv` against `spec` (plus `extra` options shared by every command). Accepts `--name value`,
 * `--name=value`, boolean flags, `--` before positionals that start with a dash, and `-h`/`--help` anywhere.
 * Absent options take their `env` variable, then their `default`.
 * @throws UsageError naming the command and the first problem: unknown option, missing or bad value, wrong number
 *   of positionals.
 */
export function parseArgs(spec: CommandSpec, argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}, extra: readonly OptionSpec[] = []): ParsedArgs {
  const all = [...spec.options, ...extra];
  const byName = new Map(all.map((o) => [o.name, o]));
  const options: ParsedArgs["options"] = {};
  const positionals: string[] = [];
  let help = false;
  const fail = (message: string): never => {
    throw new UsageError(`tracehub ${spec.name}: ${message} (see tracehub ${spec.name} --help)`);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h" || arg === "--help") {
      help = true;
      continue;
    }
    if (!arg.startsWith("--") || arg === "-") {
      if (arg.startsWith("-") && arg !== "-") fail(`unknown option ${arg}`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const option = byName.get(name);
    if (!option) fail(`unknown option --${name}`);
    const o = option as OptionSpec;
    if (o.kind === "boolean") {
      if (eq !== -1) fail(`--${name} takes no value`);
      options[name] = true;
      continue;
    }
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("--") && next.length > 2)) fail(`--${name} needs a value (${o.valueName ?? name})`);
      value = next as string;
      i++;
    }
    const converted = convert(o, value, fail);
    if (o.kind === "strings") options[name] = [...((options[name] as string[] | undefined) ?? []), converted as string];
    else options[name] = converted;
  }
  if (help) return { options, positionals, help };
  for (const o of all) {
    if (options[o.name] !== undefined) continue;
    const fromEnv = o.env ? env[o.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== "") {
      const converted = convert(o, fromEnv, (message) => fail(`${message} (from ${o.env})`));
      options[o.name] = o.kind === "strings" ? [converted as string] : converted;
    } else if (o.default !== undefined) options[o.name] = o.default;
  }
  const { min, max } = spec.positionals;
  if (positionals.length < min) fail(`missing ${spec.positionals.name}`);
  if (max !== undefined && positionals.length > max) fail(`unexpected argument ${positionals[max]}`);
  return { options, positionals, help };
}

function convert(o: OptionSpec, value: string, fail: (message: string) => never): string | number {
  if (o.choices && !o.choices.includes(value)) fail(`--${o.name} must be one of ${o.choices.join(", ")}; got "${value}"`);
  if (o.kind !== "number") return value;
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n)) fail(`--${o.name} must be a whole number; got "${value}"`);
  if (o.min !== undefined && n < o.min) fail(`--${o.name} must be at least ${o.min}; got ${n}`);
  if (o.max !== undefined && n > o.max) fail(`--${o.name} must be at most ${o.max}; got ${n}`);
  return n;
}

/** The `--help` text of a command: usage line, summary, options (with defaults and environment variables), notes. */
export function helpText(spec: CommandSpec, extra: readonly OptionSpec[] = []): string {
  const lines = [`usage: tracehub ${spec.name} [options] ${spec.positionals.name}`.trimEnd(), "", spec.summary, ""];
  const describe = (o: OptionSpec) => {
    const flag = o.kind === "boolean" ? `--${o.name}` : `--${o.name} <${o.valueName ?? (o.choices ? o.choices.join("|") : o.name)}>`;
    const more = [
      o.kind === "strings" ? "repeatable" : undefined,
      o.default !== undefined && o.kind !== "boolean" ? `default ${String(o.default)}` : undefined,
      o.env ? `env ${o.env}` : undefined,
    ].filter(Boolean);
    return `  ${flag.padEnd(34)} ${o.description}${more.length ? ` (${more.join("; ")})` : ""}`;
  };
  if (spec.options.length) lines.push("options:", ...spec.options.map(describe), "");
  if (extra.length) lines.push("global options:", ...extra.map(describe), "");
  if (spec.notes) lines.push(spec.notes.trim(), "");
  return lines.join("\n");
}
