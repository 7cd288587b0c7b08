import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { CommandSpec, ParsedArgs } from "../args";
import type { CliContext, GlobalOptions } from "../context";
import { CliError, ExitCode, UsageError } from "../errors";
import { HubClient, problemLine, readProblem } from "../http";

/** Labels per `labels` query (the field takes 1 to 100 codes). */
export const LABELS_PER_QUERY = 100;

const SYMBOLOGY = { datamatrix: "DATAMATRIX", qr: "QR", "gs1-128": "GS1_128" } as const;

export const labelsSpec: CommandSpec = {
  name: "labels",
  summary: "Saves printable labels (GS1 DataMatrix, QR of the Digital Link, GS1-128) of identifiers, one file each or as one SVG sheet.",
  positionals: { name: "<codes...>", min: 1 },
  options: [
    { name: "symbology", kind: "string", choices: Object.keys(SYMBOLOGY), default: "datamatrix", description: "which barcode" },
    { name: "format", kind: "string", choices: ["svg", "png"], default: "svg", description: "image format of each file (--out-dir)" },
    { name: "out-dir", kind: "string", valueName: "dir", description: "write one file per code here, named after the code" },
    { name: "sheet", kind: "string", valueName: "file.svg", description: "instead, save one print-ready SVG sheet of every label (POST /labels/sheet.svg, up to 10000 codes)" },
  ],
  notes: "Codes may be any GS1 form. One of --out-dir and --sheet is required. The written paths are printed on stdout.",
};

const LABELS = `query Labels($codes: [String!]!, $format: LabelFormat!, $symbology: Symbology!) { labels(codes: $codes, format: $format, symbology: $symbology) { code text content contentType } }`;

/** A file name for a code: its characters outside `[A-Za-z0-9._-]` as `_`, at most 120 of them. */
export function labelFileName(code: string, ext: string, taken: Set<string>): string {
  const base = code.replace(/^https?:\/\/[^/]+\//, "").replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "").slice(0, 120) || "label";
  let name = `${base}.${ext}`;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}.${ext}`;
  taken.add(name);
  return name;
}

/** `tracehub labels`. */
export async function runLabels(args: ParsedArgs, global: GlobalOptions, ctx: CliContext): Promise<number> {
  const o = args.options;
  const outDir = o["out-dir"] as string | undefined;
  const sheet = o["sheet"] as string | undefined;
  if (!outDir === !sheet) throw new UsageError("tracehub labels: give one of --out-dir <dir> and --sheet <file.svg> (see tracehub labels --help)");
  const symbology = o["symbology"] as keyof typeof SYMBOLOGY;
  const client = new HubClient({ url: global.url, token: global.token, attempts: 3 });
  const codes = args.positionals;
  if (sheet) {
    const target = path.resolve(ctx.cwd, sheet);
    const response = await client.request("POST", "/labels/sheet.svg", { body: JSON.stringify({ codes, symbology }), headers: { "content-type": "application/json" } });
    if (response.status !== 200 || !response.body) throw new CliError(`label sheet refused: ${problemLine(await readProblem(response), response.status, response.statusText)}`);
    const partial = `${target}.partial`;
    try {
      await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(partial));
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw new CliError(`the label sheet was cut short: ${(error as Error).message}`);
    }
    ctx.stdout.write(`${target}\n`);
    return ExitCode.Ok;
  }
  const format = o["format"] as "svg" | "png";
  const dir = path.resolve(ctx.cwd, outDir as string);
  await mkdir(dir, { recursive: true });
  const taken = new Set<string>();
  for (let from = 0; from < codes.length; from += LABELS_PER_QUERY) {
    const batch = codes.slice(from, from + LABELS_PER_QUERY);
    const { labels } = await client.graphql<{ labels: { code: string; content: string; contentType: string }[] }>(LABELS, { codes: batch, format: format.toUpperCase(), symbology: SYMBOLOGY[symbology] });
    for (const label of labels) {
      const file = path.join(dir, labelFileName(label.code, format, taken));
      await writeFile(file, format === "png" ? Buffer.from(label.content, "base64") : label.content);
      ctx.stdout.write(`${file}\n`);
    }
  }
  return ExitCode.Ok;
}
