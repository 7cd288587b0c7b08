import { createHash } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";

/** Counts of events the hub has confirmed (their capture job finished). */
export interface ImportCounts {
  stored: number;
  duplicate: number;
  rejected: number;
}

/**
 * Progress of one input file, as confirmed by the hub: how many of its events (CSV: data rows) are done, and the
 * counts so far over every run. A rerun skips `confirmed` and goes on.
 */
export interface ImportState {
  version: 1;
  /** The file's absolute path, size and modification time: a changed file is a new import. */
  file: string;
  size: number;
  mtimeMs: number;
  /** Events (CSV: data rows) from the start of the file whose capture finished. */
  confirmed: number;
  /** True once the whole file went through. */
  complete: boolean;
  /** CSV: the event time of every row's event, fixed at the first run so a re-sent row is a duplicate. */
  eventTime?: string;
  /** Counts over every run, confirmed chunks only. */
  totals: ImportCounts;
  /** The first rejection reasons (at most {@link MAX_REASONS}). */
  reasons: string[];
  updatedAt: string;
}

/** Rejection reasons kept and shown. */
export const MAX_REASONS = 20;

/** Where the progress of one input file is kept. */
export class StateFile {
  constructor(readonly path: string) {}

  /**
   * The state file of `file` in `dir`: named after the file and a hash of its absolute path, size and mtime, so a
   * file that changed starts afresh.
   */
  static async of(dir: string, file: string): Promise<{ stateFile: StateFile; fresh: ImportState }> {
    const absolute = path.resolve(file);
    const info = await stat(absolute);
    const key = createHash("sha256").update(`${absolute}\0${info.size}\0${info.mtimeMs}`).digest("hex").slice(0, 20);
    const name = `${path.basename(absolute).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 80)}-${key}.json`;
    const fresh: ImportState = {
      version: 1,
      file: absolute,
      size: info.size,
      mtimeMs: info.mtimeMs,
      confirmed: 0,
      complete: false,
      totals: { stored: 0, duplicate: 0, rejected: 0 },
      reasons: [],
      updatedAt: new Date().toISOString(),
    };
    return { stateFile: new StateFile(path.resolve(dir, name)), fresh };
  }

  /** The recorded state, or null when there is none (or it belongs to another version of the file). */
  async load(expected: Pick<ImportState, "file" | "size" | "mtimeMs">): Promise<ImportState | null> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    let state: ImportState;
    try {
      state = JSON.parse(text) as ImportState;
    } catch {
      throw new Error(`The state file ${this.path} is not valid JSON: delete it to start this file again`);
    }
    if (state.version !== 1 || state.file !== expected.file || state.size !== expected.size || state.mtimeMs !== expected.mtimeMs) return null;
    if (!Number.isInteger(state.confirmed) || state.confirmed < 0) throw new Error(`The state file ${this.path} has no valid "confirmed" count: delete it to start this file again`);
    return state;
  }

  /** Writes the state atomically: a temporary file beside it, then a rename over the old one. */
  async save(state: ImportState): Promise<void> {
    await mkdir(path.dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify({ ...state, updatedAt: new Date().toISOString() }, null, 2)}\n`);
    await rename(temporary, this.path);
  }
}

/** Adds a finished chunk's counts and reasons to the state (reasons up to {@link MAX_REASONS}). */
export function recordChunk(state: ImportState, confirmed: number, counts: ImportCounts, reasons: readonly string[]): ImportState {
  return {
    ...state,
    confirmed,
    totals: { stored: state.totals.stored + counts.stored, duplicate: state.totals.duplicate + counts.duplicate, rejected: state.totals.rejected + counts.rejected },
    reasons: [...state.reasons, ...reasons].slice(0, MAX_REASONS),
  };
}
