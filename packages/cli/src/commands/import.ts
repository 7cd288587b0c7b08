import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import type { CommandSpec, ParsedArgs } from "../args";
import { type CaptureJob, type ErrorBehaviour, captureDocument, jobReasons } from "../capture";
import type { CliContext, GlobalOptions } from "../context";
import { CSV_DOCUMENT_CONTEXT, CsvReader, type CsvLayout, csvLayout, csvRowEvent } from "../csv";
import { chunkDocument, readDocumentFrame, streamEvents } from "../epcis-stream";
import { CliError, ExitCode, UsageError } from "../errors";
import { HubClient } from "../http";
import { JsonScanError } from "../json-scanner";
import { Progress, formatDuration } from "../progress";
import { type ImportCounts, type ImportState, MAX_REASONS, StateFile, recordChunk } from "../state";

/** The most events and bytes one captured document may hold (the hub's limits: 10,000 events, 16 MB). */
export const MAX_CHUNK_EVENTS = 10_000;
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** Chunks are closed before this many bytes of events, leaving room for the header. */
const CHUNK_BYTE_BUDGET = 15 * 1024 * 1024;

export const importSpec: CommandSpec = {
  name: "import",
  summary: "Captures EPCIS 2.0 JSON-LD, EPCIS XML or CSV files of serials into the hub, in chunks, resumably.",
  positionals: { name: "<files...>", min: 1 },
  options: [
    { name: "error-behaviour", kind: "string", choices: ["proceed", "rollback"], default: "proceed", description: "what a chunk's invalid events do: proceed stores the valid ones, rollback stores none of that chunk" },
    { name: "chunk", kind: "number", min: 1, max: MAX_CHUNK_EVENTS, default: 1000, valueName: "events", description: "events per captured document (at most 10000; fewer when 15 MB is reached first)" },
    { name: "state-dir", kind: "string", default: ".tracehub-import", valueName: "dir", description: "where each file's progress is kept" },
    { name: "restart", kind: "boolean", description: "ignore recorded progress and send the files again from the start" },
    { name: "retries", kind: "number", min: 1, max: 100, default: 8, valueName: "attempts", description: "attempts per request on 429, 5xx and network errors (exponential backoff, Retry-After honoured)" },
  ],
  notes: `Files by extension:
  .json, .jsonld   an EPCIS 2.0 JSON-LD document, read as a stream (any size): every chunk is sent with the
                   document's @context, epcisHeader and other properties, and the events of epcisBody.eventList
  .xml             an EPCIS XML document, sent whole (at most 16 MB)
  .csv             serials to commission: a header row with gtin,serial and optionally lot,expiry,location
                   (expiry YYYY-MM-DD, location a 13-digit GLN). Each row becomes an ObjectEvent ADD, bizStep
                   commissioning, disposition active, of https://id.gs1.org/01/<gtin>/21/<serial>, with the lot
                   and expiry as ILMD and the location as read point and business location. Invalid rows are
                   reported with their line number and counted as rejected.

Each chunk goes to POST <url>/epcis/capture; the CLI follows its capture job until it finishes, then records in
the state directory how many events of the file are confirmed. Run the same command again after an interruption
and it goes on from there; a file already done is skipped (--restart sends it again). The hub stores each event
once, so a chunk sent twice is counted as duplicates.

Prints a summary (stored, duplicate, rejected with up to 20 reasons, elapsed time, events/s); --json prints it
as JSON on stdout. Exit 0 when every file went through (rejected events included), 1 when the hub refused a
request, a rollback chunk was refused as a whole, or a file could not be read.`,
};

/** What one file's import did in this run, and over every run. */
export interface FileSummary {
  file: string;
  format: "json" | "csv" | "xml";
  status: "imported" | "already-complete";
  /** Events (CSV: rows) passed over because an earlier run confirmed them. */
  skipped: number;
  /** Events sent in this run. */
  sent: number;
  stored: number;
  duplicate: number;
  rejected: number;
  /** Counts over every run of this file. */
  totals: ImportCounts;
  reasons: string[];
  /** Chunks refused as a whole under rollback. */
  failedChunks: number;
}

/** The summary of an import run. */
export interface ImportSummary {
  files: FileSummary[];
  stored: number;
  duplicate: number;
  rejected: number;
  skipped: number;
  sent: number;
  reasons: string[];
  elapsedSeconds: number;
  eventsPerSecond: number;
}

interface Settings {
  client: HubClient;
  chunk: number;
  errorBehaviour: ErrorBehaviour;
  stateDir: string;
  restart: boolean;
  ctx: CliContext;
}

/** `tracehub import`. */
export async function runImport(args: ParsedArgs, global: GlobalOptions, ctx: CliContext): Promise<number> {
  const settings: Settings = {
    client: new HubClient({
      url: global.url,
      token: global.token,
      attempts: args.options["retries"] as number,
      onRetry: (message, ms) => void ctx.stderr.write(`\n[tracehub] ${message}; trying again in ${formatDuration(ms)}\n`),
    }),
    chunk: args.options["chunk"] as number,
    errorBehaviour: args.options["error-behaviour"] as ErrorBehaviour,
    stateDir: path.resolve(ctx.cwd, args.options["state-dir"] as string),
    restart: Boolean(args.options["restart"]),
    ctx,
  };
  const files = args.positionals.map((f) => path.resolve(ctx.cwd, f));
  for (const file of files) formatOf(file);
  const started = Date.now();
  const summaries: FileSummary[] = [];
  for (const file of files) summaries.push(await importFile(file, settings));
  const elapsed = (Date.now() - started) / 1000;
  const sum = (k: "stored" | "duplicate" | "rejected" | "skipped" | "sent") => summaries.reduce((n, s) => n + s[k], 0);
  const summary: ImportSummary = {
    files: summaries,
    stored: sum("stored"),
    duplicate: sum("duplicate"),
    rejected: sum("rejected"),
    skipped: sum("skipped"),
    sent: sum("sent"),
    reasons: summaries.flatMap((s) => s.reasons.map((r) => (files.length > 1 ? `${path.basename(s.file)}: ${r}` : r))).slice(0, MAX_REASONS),
    elapsedSeconds: Math.round(elapsed * 1000) / 1000,
    eventsPerSecond: elapsed > 0 ? Math.round(sum("sent") / elapsed) : 0,
  };
  if (global.json) ctx.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else ctx.stderr.write(summaryText(summary));
  return summaries.some((s) => s.failedChunks > 0) ? ExitCode.Failure : ExitCode.Ok;
}

/** The summary for people. */
export function summaryText(summary: ImportSummary): string {
  const lines = summary.files.map((f) =>
    f.status === "already-complete"
      ? `${f.file}: already imported (stored ${f.totals.stored}, duplicate ${f.totals.duplicate}, rejected ${f.totals.rejected}); --restart sends it again`
      : `${f.file}: sent ${f.sent}${f.skipped ? ` (skipped ${f.skipped} confirmed earlier)` : ""}: stored ${f.stored}, duplicate ${f.duplicate}, rejected ${f.rejected}`,
  );
  lines.push(`stored ${summary.stored}, duplicate ${summary.duplicate}, rejected ${summary.rejected} in ${formatDuration(summary.elapsedSeconds * 1000)} (${summary.eventsPerSecond} events/s)`);
  if (summary.reasons.length) lines.push("rejections:", ...summary.reasons.map((r) => `  ${r}`));
  return `${lines.join("\n")}\n`;
}

function formatOf(file: string): FileSummary["format"] {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".json" || ext === ".jsonld") return "json";
  if (ext === ".csv") return "csv";
  if (ext === ".xml") return "xml";
  throw new UsageError(`tracehub import: cannot tell the format of ${file}: use .json/.jsonld (EPCIS JSON-LD), .xml (EPCIS XML) or .csv (serials)`);
}

async function importFile(file: string, s: Settings): Promise<FileSummary> {
  const format = formatOf(file);
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!info.isFile()) throw new CliError(`${file} is not a file`);
  const { stateFile, fresh } = await StateFile.of(s.stateDir, file);
  let state = (s.restart ? null : await stateFile.load(fresh)) ?? fresh;
  const summary: FileSummary = { file, format, status: "imported", skipped: state.confirmed, sent: 0, stored: 0, duplicate: 0, rejected: 0, totals: state.totals, reasons: [], failedChunks: 0 };
  if (state.complete) {
    s.ctx.stderr.write(`${file}: already imported (state ${stateFile.path}); nothing sent\n`);
    return { ...summary, status: "already-complete", skipped: state.confirmed, reasons: state.reasons };
  }
  await stateFile.save(state);
  const progress = new Progress(s.ctx.stderr, path.basename(file), info.size);
  /** Records a finished chunk: the counts of this run, then the state file. */
  const confirm = async (confirmed: number, job: CaptureJob | null, sent: number, localRejects: string[], labels: string[] = []) => {
    const counts = {
      stored: job?.storedCount ?? 0,
      duplicate: job?.duplicateCount ?? 0,
      rejected: (job?.rejectedCount ?? 0) + localRejects.length,
    };
    // Under rollback a refused chunk stores nothing: every event in it counts as rejected.
    if (job && !job.success && s.errorBehaviour === "rollback" && counts.stored === 0 && counts.duplicate === 0) {
      counts.rejected = Math.max(counts.rejected, sent + localRejects.length);
      summary.failedChunks++;
    }
    const reasons = [...localRejects, ...(job ? jobReasons(job).map((r) => placeReason(r, labels)) : [])];
    summary.sent += sent;
    summary.stored += counts.stored;
    summary.duplicate += counts.duplicate;
    summary.rejected += counts.rejected;
    summary.reasons = [...summary.reasons, ...reasons].slice(0, MAX_REASONS);
    state = recordChunk(state, confirmed, counts, reasons);
    await stateFile.save(state);
  };
  const hint = () => `rerun the same command to resume (${state.confirmed} events of ${path.basename(file)} are confirmed)`;
  try {
    if (format === "xml") await importXml(file, info.size, s, confirm, hint);
    else if (format === "json") await importJson(file, s, state, progress, confirm, hint);
    else {
      if (!state.eventTime) {
        state = { ...state, eventTime: new Date().toISOString() };
        await stateFile.save(state);
      }
      await importCsv(file, s, state, progress, confirm, hint);
    }
  } finally {
    progress.done();
  }
  state = { ...state, complete: true };
  await stateFile.save(state);
  summary.totals = state.totals;
  return summary;
}

type Confirm = (confirmed: number, job: CaptureJob | null, sent: number, localRejects: string[], labels?: string[]) => Promise<void>;

/**
 * A job's reason, said of the file: the hub numbers the events of the chunk it got (`Event 3`, `eventList[3]`),
 * so the reason is prefixed with what that event is in the file (`event 1003`, CSV `line 1005`).
 */
export function placeReason(reason: string, labels: readonly string[]): string {
  const match = /eventList\[(\d+)\]/.exec(reason) ?? /^Event (\d+)\b/.exec(reason);
  const label = match ? labels[Number(match[1])] : undefined;
  if (label) return `${label}: ${reason}`;
  return labels.length ? `${labels[0]} to ${labels[labels.length - 1]}: ${reason}` : reason;
}

async function importXml(file: string, size: number, s: Settings, confirm: Confirm, hint: () => string): Promise<void> {
  if (size > MAX_DOCUMENT_BYTES) {
    throw new CliError(`${file} is ${(size / 1024 / 1024).toFixed(1)} MB: EPCIS XML is sent whole and the hub takes at most 16 MB per document; split it, or convert it to JSON-LD, which is sent in chunks`);
  }
  const body = await readWhole(file);
  const job = await captureDocument(s.client, { body, contentType: "application/xml", errorBehaviour: s.errorBehaviour, hint: hint() });
  await confirm(1, job, job.eventCount ?? 0, []);
}

async function readWhole(file: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of createReadStream(file)) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

async function importJson(file: string, s: Settings, state: ImportState, progress: Progress, confirm: Confirm, hint: () => string): Promise<void> {
  let frame;
  try {
    frame = await readDocumentFrame(file);
  } catch (error) {
    if (error instanceof JsonScanError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
  const headerBytes = Buffer.byteLength(chunkDocument(frame, []));
  let batch: Buffer[] = [];
  let labels: string[] = [];
  let bytes = headerBytes;
  let local: string[] = [];
  let sentInRun = 0;
  const flush = async (confirmed: number) => {
    if (batch.length === 0 && local.length === 0) return;
    const job = batch.length ? await captureDocument(s.client, { body: chunkDocument(frame, batch), contentType: "application/ld+json", errorBehaviour: s.errorBehaviour, hint: hint() }) : null;
    await confirm(confirmed, job, batch.length, local, labels);
    batch = [];
    labels = [];
    local = [];
    bytes = headerBytes;
  };
  try {
    for await (const event of streamEvents(file, state.confirmed, (read) => progress.update(read, sentInRun))) {
      if (bytes + event.raw.length + 1 > CHUNK_BYTE_BUDGET && batch.length > 0) await flush(event.index);
      try {
        JSON.parse(event.raw.toString("utf8"));
        batch.push(event.raw);
        labels.push(`event ${event.index}`);
        bytes += event.raw.length + 1;
        sentInRun++;
      } catch (error) {
        local.push(`event ${event.index}: not valid JSON (${(error as Error).message})`);
      }
      if (event.raw.length + headerBytes > MAX_DOCUMENT_BYTES) {
        throw new CliError(`${file}: event ${event.index} alone is larger than 16 MB, which the hub does not take`);
      }
      if (batch.length >= s.chunk) await flush(event.index + 1);
    }
  } catch (error) {
    if (error instanceof JsonScanError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
  await flush(frame.events);
  progress.complete(sentInRun);
}

async function importCsv(file: string, s: Settings, state: ImportState, progress: Progress, confirm: Confirm, hint: () => string): Promise<void> {
  const eventTime = state.eventTime as string;
  const reader = new CsvReader();
  let layout: CsvLayout | null = null;
  let row = 0;
  let batch: string[] = [];
  let labels: string[] = [];
  let local: string[] = [];
  let sentInRun = 0;
  const flush = async (confirmed: number) => {
    if (batch.length === 0 && local.length === 0) return;
    const document = `{"@context":${JSON.stringify(CSV_DOCUMENT_CONTEXT)},"type":"EPCISDocument","schemaVersion":"2.0","creationDate":${JSON.stringify(eventTime)},"epcisBody":{"eventList":[${batch.join(",")}]}}`;
    const job = batch.length ? await captureDocument(s.client, { body: document, contentType: "application/ld+json", errorBehaviour: s.errorBehaviour, hint: hint() }) : null;
    await confirm(confirmed, job, batch.length, local, labels);
    batch = [];
    labels = [];
    local = [];
  };
  const take = async (records: ReturnType<CsvReader["push"]>) => {
    for (const record of records) {
      if (!layout) {
        try {
          layout = csvLayout(record.cells);
        } catch (error) {
          throw new CliError(`${file}: ${(error as Error).message}`);
        }
        continue;
      }
      const index = row++;
      if (index < state.confirmed) continue;
      const made = csvRowEvent(record, layout, eventTime);
      if ("problem" in made) local.push(made.problem);
      else {
        batch.push(JSON.stringify(made.event));
        labels.push(`line ${record.line}`);
        sentInRun++;
      }
      if (batch.length >= s.chunk) await flush(index + 1);
    }
  };
  let read = 0;
  const stream = createReadStream(file);
  const decoder = new TextDecoder("utf-8");
  try {
    for await (const chunk of stream) {
      read += (chunk as Buffer).length;
      await take(reader.push(decoder.decode(chunk as Buffer, { stream: true })));
      progress.update(read, sentInRun);
    }
    await take(reader.push(decoder.decode()));
    await take(reader.end());
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
  if (!layout) throw new CliError(`${file}: no header row (the first line names the columns: gtin,serial[,lot,expiry,location])`);
  await flush(row);
  progress.complete(sentInRun);
}
