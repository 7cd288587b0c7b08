/**
 * `@tracehub/cli`: the `tracehub` command-line client. It talks to the hub's gateway like any client: GraphQL at
 * `<url>/graphql` and the EPCIS REST binding at `<url>/epcis/...`.
 */
export { main, mainHelp, COMMANDS, GLOBAL_OPTIONS } from "./main";
export { parseArgs, helpText } from "./args";
export type { CommandSpec, OptionSpec, ParsedArgs } from "./args";
export { CliError, UsageError, ExitCode } from "./errors";
export type { CliContext, GlobalOptions } from "./context";
export { EpcisJsonScanner, JsonScanError } from "./json-scanner";
export type { ScanItem, ScannerOptions } from "./json-scanner";
export { readDocumentFrame, streamEvents, chunkDocument } from "./epcis-stream";
export type { DocumentFrame, RawEvent } from "./epcis-stream";
export { CsvReader, csvLayout, csvRowEvent, CSV_COLUMNS } from "./csv";
export type { CsvRecord, CsvLayout } from "./csv";
export { StateFile, recordChunk, MAX_REASONS } from "./state";
export type { ImportState, ImportCounts } from "./state";
export { HubClient, authorizationOf, API_KEY_PREFIX, backoffMs, retryAfterMs } from "./http";
export type { ImportSummary, FileSummary } from "./commands/import";
