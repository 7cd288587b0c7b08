import type { ProgressStream } from "./progress";

/** What a command runs with: streams, environment and working directory (tests pass their own). */
export interface CliContext {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** The global options every command reads. */
export interface GlobalOptions {
  url: string;
  token: string | undefined;
  json: boolean;
}
