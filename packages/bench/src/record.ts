import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./harness";

/** Where runs are recorded (gitignored): the latest result of each scenario, read by `npm run bench:summary`. */
export const RESULTS_DIR = path.join(ROOT, ".bench");
export const RESULTS_FILE = path.join(RESULTS_DIR, "results.json");

/** Where the time went in one process: the biggest consumers of CPU by self time. */
export interface ProfileEntry {
  /** A package (`pg`, `@apollo/gateway`), a tracehub file (`services/units/src/…`), or a V8 category (`(garbage collector)`). */
  where: string;
  ms: number;
  /** Share of the process's busy (not idle) samples. */
  percent: number;
}

/** One scenario's latest run, and its latest profiled run (the profiler slows the processes, so its figures are kept apart). */
export interface RecordedRun {
  at: string;
  node: string;
  database: string;
  result: Record<string, unknown>;
  /** Per hub process, from the latest profiled run (`--profile`). */
  profile?: Record<string, { busyMs: number; top: ProfileEntry[] }>;
  /** When the profile was taken, and that run's (slowed) figures. */
  profiledAt?: string;
  profiledResult?: Record<string, unknown>;
}

export function readResults(): Record<string, RecordedRun> {
  if (!existsSync(RESULTS_FILE)) return {};
  return JSON.parse(readFileSync(RESULTS_FILE, "utf8")) as Record<string, RecordedRun>;
}

/**
 * Records a scenario's result, replacing its previous one. A profiled run (`profile` given) replaces only the
 * profile and its own figures: the aims are judged on runs without the profiler.
 */
export function recordResult(name: string, result: Record<string, unknown>, profile?: RecordedRun["profile"]): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const all = readResults();
  const now = new Date().toISOString();
  const database = process.env.DATABASE_URL ? "PostgreSQL at DATABASE_URL" : "embedded PostgreSQL";
  const previous = all[name];
  all[name] = profile
    ? { ...(previous ?? { at: "", node: process.version, database, result: {} }), profile, profiledAt: now, profiledResult: result }
    : { ...(previous ?? {}), at: now, node: process.version, database, result };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(all, null, 2)}\n`);
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** What a profile node's code is: its package, a tracehub file, node's internals, or a V8 category. */
function placeOf(frame: { functionName: string; url: string }): string {
  const url = frame.url.replace(/^file:\/\//, "");
  if (!url) return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const inModules = url.lastIndexOf("node_modules/");
  if (inModules >= 0) {
    const parts = url.slice(inModules + "node_modules/".length).split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  return path
    .relative(ROOT, url)
    .replace(/\/dist\//, "/src/")
    .replace(/\.js$/, ".ts");
}

/** Places that are not code of their own: their time belongs to whoever called them. */
const PASS_THROUGH = new Set(["node internals", "(native)"]);

/**
 * The top consumers of CPU in one `.cpuprofile`, grouped by package or tracehub file. Time in Node's internals or
 * native code (buffers, sockets, JSON, crypto) is charged to the nearest caller that is a package or a tracehub
 * file, so `pg` includes the socket writes it asks for; V8's own categories (`(garbage collector)`, `(program)`)
 * stay as they are. Start-up (loading modules) is part of the profile.
 */
export function summarizeProfile(file: string, top = 8): { busyMs: number; top: ProfileEntry[] } {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const own = new Map(profile.nodes.map((n) => [n.id, placeOf(n.callFrame)]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const place = new Map<number, string>();
  for (const n of profile.nodes) {
    let id: number | undefined = n.id;
    let where = own.get(n.id) ?? "(unknown)";
    while (id !== undefined && PASS_THROUGH.has(own.get(id) ?? "")) id = parent.get(id);
    if (id !== undefined) where = own.get(id) ?? where;
    place.set(n.id, where);
  }
  const byPlace = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const where = place.get(id) ?? "(unknown)";
    byPlace.set(where, (byPlace.get(where) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  byPlace.delete("(idle)");
  const busyMs = [...byPlace.values()].reduce((a, b) => a + b, 0);
  const entries = [...byPlace.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, ms]) => ({ where, ms: Math.round(ms), percent: busyMs ? Number(((ms / busyMs) * 100).toFixed(1)) : 0 }));
  return { busyMs: Math.round(busyMs), top: entries };
}

/**
 * Summarizes every profile a profiled run left in `dir`, naming each by the hub process whose pid wrote it (without
 * `pids`: by start order, as spawnHub starts them: the subgraphs, then the gateway).
 */
export function summarizeProfiles(dir: string, pids?: Record<string, number>): RecordedRun["profile"] {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  const pidOf = (file: string) => Number(file.split(".")[3]);
  const byStart = ["units", "orders", "suppliers", "compliance", "gateway"];
  const started = [...new Set(files.map(pidOf))].sort((a, b) => a - b);
  const names = new Map(pids ? Object.entries(pids).map(([name, pid]) => [pid, name]) : started.map((pid, i) => [pid, byStart[i] ?? `pid ${pid}`]));
  const out: NonNullable<RecordedRun["profile"]> = {};
  for (const file of files) {
    // CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile
    const pid = Number(file.split(".")[3]);
    out[names.get(pid) ?? `pid ${pid}`] = summarizeProfile(path.join(dir, file));
  }
  return Object.keys(out).length ? out : undefined;
}

/** Replaces a scenario's recorded profile summary (its figures stay). */
export function recordProfile(name: string, profile: NonNullable<RecordedRun["profile"]>): void {
  const all = readResults();
  const run = all[name];
  if (!run) return;
  all[name] = { ...run, profile };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(all, null, 2)}\n`);
}
