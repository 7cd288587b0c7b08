import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Writable } from "node:stream";
import type { CommandSpec, ParsedArgs } from "../args";
import type { CliContext, GlobalOptions } from "../context";
import { CliError, ExitCode, UsageError } from "../errors";
import { HubClient } from "../http";

/** Events per page (the most `events(first:)` takes). */
export const EXPORT_PAGE = 500;

export const exportSpec: CommandSpec = {
  name: "export",
  summary: "Writes the events of a GTIN as an EPCIS 2.0 JSON-LD document, page by page (never whole in memory).",
  positionals: { name: "", min: 0, max: 0 },
  options: [
    { name: "gtin", kind: "string", description: "the product's GTIN (required): events naming any unit of it" },
    { name: "from", kind: "string", valueName: "iso-time", description: "events that happened at or after this time" },
    { name: "to", kind: "string", valueName: "iso-time", description: "events that happened before this time" },
    { name: "lot", kind: "string", description: "not supported: the hub's EventFilter has no lot filter (see below)" },
    { name: "epc-format", kind: "string", choices: ["digital-link", "epc-urn", "as-captured"], default: "digital-link", description: "how identifiers are written" },
    { name: "company-prefix-length", kind: "number", min: 6, max: 12, valueName: "digits", description: "GS1 company prefix length, needed by --epc-format epc-urn for identifiers captured as Digital Links" },
    { name: "out", kind: "string", valueName: "file", description: "where to write the document (required); - for stdout" },
  ],
  notes: `Filters are the hub's EventFilter (gtin, from, to). It has no lot filter, and the CLI does not filter lots itself:
to export one lot, use the hub's exportEpcis or traceabilityRecords, or filter the written document.
The file is written beside its name and renamed into place when complete; the event count goes to stderr.`,
};

const EVENTS = `query ExportEvents($first: Int!, $after: String, $filter: EventFilter) {
  events(first: $first, after: $after, filter: $filter) { edges { cursor node { recordTime epcisEvent } } pageInfo { hasNextPage endCursor } }
}`;

interface EventsPage {
  events: { edges: { cursor: string; node: { recordTime: string; epcisEvent: Record<string, unknown> } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** `tracehub export`. */
export async function runExport(args: ParsedArgs, global: GlobalOptions, ctx: CliContext): Promise<number> {
  const o = args.options;
  if (o["lot"] !== undefined) throw new UsageError("tracehub export: --lot is not supported: the hub's EventFilter has no lot filter (see tracehub export --help)");
  const gtin = o["gtin"] as string | undefined;
  const out = o["out"] as string | undefined;
  if (!gtin) throw new UsageError("tracehub export: --gtin is required (see tracehub export --help)");
  if (!out) throw new UsageError("tracehub export: --out is required: a file, or - for stdout (see tracehub export --help)");
  const filter: Record<string, string> = { gtin };
  for (const key of ["from", "to"] as const) {
    const value = o[key] as string | undefined;
    if (value === undefined) continue;
    if (Number.isNaN(Date.parse(value))) throw new UsageError(`tracehub export: --${key} must be an ISO 8601 time, e.g. 2026-01-31T00:00:00Z; got "${value}"`);
    filter[key] = new Date(value).toISOString();
  }
  const format = o["epc-format"] as "digital-link" | "epc-urn" | "as-captured";
  const prefixLength = o["company-prefix-length"] as number | undefined;
  const convert = format === "as-captured" ? null : await converter(format, prefixLength);
  const client = new HubClient({ url: global.url, token: global.token, attempts: 3 });

  const toStdout = out === "-";
  const target = toStdout ? null : path.resolve(ctx.cwd, out);
  const partial = target ? `${target}.partial` : null;
  const stream: Writable | null = partial ? createWriteStream(partial) : null;
  const write = async (text: string) => {
    if (!stream) return void ctx.stdout.write(text);
    if (!stream.write(text)) await new Promise<void>((resolve, reject) => {
      stream.once("drain", resolve);
      stream.once("error", reject);
    });
  };
  let count = 0;
  try {
    await write(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":${JSON.stringify(new Date().toISOString())},"epcisBody":{"eventList":[`);
    let after: string | null = null;
    for (;;) {
      const page: EventsPage = await client.graphql<EventsPage>(EVENTS, { first: EXPORT_PAGE, after, filter });
      const events = page.events.edges.map((e) => e.node);
      const written = convert ? convert(events) : events.map((e) => e.epcisEvent);
      if (written.length) await write(`${count ? "," : ""}${written.map((e) => JSON.stringify(e)).join(",")}`);
      count += written.length;
      if (!page.events.pageInfo.hasNextPage || !page.events.pageInfo.endCursor) break;
      after = page.events.pageInfo.endCursor;
    }
    await write("]}}\n");
    if (stream) {
      await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
      await rename(partial as string, target as string);
    }
  } catch (error) {
    if (stream) {
      stream.destroy();
      await rm(partial as string, { force: true });
    }
    throw error;
  }
  ctx.stderr.write(`exported ${count} event${count === 1 ? "" : "s"} of GTIN ${gtin}${target ? ` to ${target}` : ""}\n`);
  return ExitCode.Ok;
}

type Converter = (events: { recordTime: string; epcisEvent: Record<string, unknown> }[]) => Record<string, unknown>[];

/** Rewrites captured events with @tracehub/epcis in the chosen identifier format (loaded only for this). */
async function converter(format: "digital-link" | "epc-urn", companyPrefixLength: number | undefined): Promise<Converter> {
  const epcis = await import("@tracehub/epcis");
  const epcFormat = format === "epc-urn" ? epcis.EpcFormat.AlwaysEpcUrn : epcis.EpcFormat.AlwaysDigitalLink;
  return (events) => {
    const normalized = events.map((e) => ({ ...epcis.normalizeEpcisEvent(e.epcisEvent), recordTime: e.recordTime }));
    try {
      const document = epcis.toEpcisDocument(normalized, { epcFormat, ...(companyPrefixLength !== undefined ? { companyPrefixLength } : {}), validate: false });
      return ((document["epcisBody"] as { eventList: Record<string, unknown>[] }).eventList ?? []);
    } catch (error) {
      if (error instanceof epcis.EpcisError && error.code === epcis.EpcisErrorCode.NEEDS_COMPANY_PREFIX_LENGTH) {
        throw new CliError("--epc-format epc-urn needs --company-prefix-length for identifiers captured as Digital Links", ExitCode.Usage);
      }
      throw error;
    }
  };
}
