/** Exit codes of the `tracehub` command. */
export enum ExitCode {
  /** Done, and for `verify`: the unit is GENUINE. */
  Ok = 0,
  /** The hub refused or failed, a file could not be read, or `verify` answered anything but GENUINE. */
  Failure = 1,
  /** The command line was wrong (unknown command or option, missing or bad value). */
  Usage = 2,
}

/** A failure the CLI reports as one line on stderr, then exits with `exitCode`. */
export class CliError extends Error {
  override readonly name: string = "CliError";
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.Failure,
  ) {
    super(message);
  }
}

/** A wrong command line: reported with a pointer to `--help`, exit code 2. */
export class UsageError extends CliError {
  override readonly name = "UsageError";
  constructor(message: string) {
    super(message, ExitCode.Usage);
  }
}
