/** Where progress goes: stderr, a TTY or not. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** A duration for people: `42s`, `3m05s`, `1h02m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** Bytes for people: `512 B`, `1.5 MB`. */
export function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/**
 * Progress of one file on stderr: on a TTY one line rewritten in place (a bar of the bytes read, events per second,
 * the time left), at most ten times a second; elsewhere (a log, CI) a plain line every `intervalMs`.
 */
export class Progress {
  private last = 0;
  private readonly started: number;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly totalBytes: number,
    private readonly intervalMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
    this.last = this.started;
  }

  /** Reports `bytes` of the file read and `events` sent in this run (drawn only when it is time). */
  update(bytes: number, events: number, force = false): void {
    const now = this.now();
    const tty = Boolean(this.stream.isTTY);
    if (!force && now - this.last < (tty ? 100 : this.intervalMs)) return;
    this.last = now;
    const elapsed = now - this.started;
    const rate = elapsed > 0 ? (events * 1000) / elapsed : 0;
    const fraction = this.totalBytes > 0 ? Math.min(1, bytes / this.totalBytes) : 1;
    const eta = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : Number.NaN;
    const stats = `${(fraction * 100).toFixed(1)}% ${formatBytes(bytes)}/${formatBytes(this.totalBytes)} ${events} events ${Math.round(rate)} ev/s ETA ${formatDuration(eta)}`;
    if (tty) {
      const width = 24;
      const filled = Math.round(fraction * width);
      const line = `${this.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${stats}`;
      this.stream.write(`\r${line.slice(0, Math.max(20, (this.stream.columns ?? 120) - 1))}\u001b[K`);
      this.drawn = true;
    } else {
      this.stream.write(`${this.label}: ${stats}\n`);
    }
  }

  /** Reports the whole file read. */
  complete(events: number): void {
    this.update(this.totalBytes, events, true);
  }

  /** Ends the progress line (TTY), so what follows starts on a clean line. */
  done(): void {
    if (this.drawn) this.stream.write("\r\u001b[K");
    this.drawn = false;
  }
}
