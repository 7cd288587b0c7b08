import { type RecordedRun, readResults, RESULTS_FILE } from "./record";

/**
 * `npm run bench:summary`: one table of every performance aim of issue 16, from the latest recorded run of each
 * scenario (`.bench/results.json`, committed with BENCHMARKS.md; written by `npm run bench` and `node packages/bench/dist/run.js <scenario>`):
 * met or missed and by how much, or not measured. A missed aim with a profiled run (`run.js --profile <scenario>`)
 * is followed by where the time went in each process.
 */
type Results = Record<string, RecordedRun>;

interface Aim {
  aim: string;
  /** The scenario whose run measures it (`run.js <scenario>`, or `movements`). */
  scenario: string | null;
  target: string;
  /** The measured value from the run's result; undefined when the run does not say. */
  measure?: (r: Record<string, any>) => number | undefined;
  /** Met when true; `by` says by how much it is off (a ratio of the target). */
  met?: (v: number) => boolean;
  /** How far from the target: measured / target for "at least" aims, target / measured for "at most" aims. */
  score?: (v: number) => number;
  unit?: string;
  /** Why it has no measurement yet. */
  missing?: string;
}

/** A live run is valid only while the plain ws broadcast floor stays faster than the gateway (else the load process saturated). */
const liveRunValid = (r: Record<string, any>): boolean => typeof r.live?.floorP99 === "number" && typeof r.live?.p99 === "number" && r.live.floorP99 < r.live.p99;

const atLeast = (target: number) => ({ met: (v: number) => v >= target, score: (v: number) => v / target });
const atMost = (target: number) => ({ met: (v: number) => v <= target, score: (v: number) => target / v });
const num = (x: unknown): number | undefined => (typeof x === "number" && Number.isFinite(x) ? x : undefined);
const ratio = (a: unknown, b: unknown): number | undefined => {
  const x = num(a);
  const y = num(b);
  return x !== undefined && y ? x / y : undefined;
};

export const AIMS: Aim[] = [
  {
    aim: "Capture, 1,000-event documents, vs the raw-SQL baseline (multi-row INSERT of the same rows)",
    scenario: "capture",
    target: "≥ 0.5",
    measure: (r) => ratio(r["events/s"], r["raw INSERT events/s"]),
    ...atLeast(0.5),
  },
  { aim: "Capture with 2 clients", scenario: "capture2", target: "≥ 10,000 events/s", unit: "events/s", measure: (r) => num(r["events/s"]), ...atLeast(10_000) },
  { aim: "Commissioning 100,000 units", scenario: "commission", target: "< 5 s", unit: "s", measure: (r) => num(r.seconds), ...atMost(5) },
  { aim: "Commissioning vs raw INSERT of the same rows", scenario: "commission", target: "≥ 0.35", measure: (r) => num(r.ratio), ...atLeast(0.35) },
  {
    aim: "Provenance, 1,000 events across 3 container levels, p50 through the gateway",
    scenario: "provenance",
    target: "≤ 30 ms",
    unit: "ms",
    measure: (r) => num(r["gateway p50 ms"]),
    ...atMost(30),
  },
  {
    aim: "Public verify through the gateway, anonymous",
    scenario: "consumer",
    target: "≥ 1,000 checks/s",
    unit: "checks/s",
    measure: (r) => num(r["verifyAuthenticity through the gateway (VerifyVerdict), checks/s"]),
    ...atLeast(1_000),
  },
  { aim: "Public verify p99", scenario: "consumer", target: "≤ 50 ms", unit: "ms", measure: (r) => num(r["verifyAuthenticity p99 ms"]), ...atMost(50) },
  {
    aim: "Public verify vs one indexed SELECT behind a minimal HTTP server",
    scenario: "consumer",
    target: "≥ 0.25",
    measure: (r) => ratio(r["verifyAuthenticity through the gateway (VerifyVerdict), checks/s"], r["baseline: Node HTTP + one indexed SELECT, checks/s"]),
    ...atLeast(0.25),
  },
  {
    aim: "Federated units(first: 20) with fields of all four subgraphs vs the same page from units alone",
    scenario: "federated",
    target: "≥ 0.4",
    measure: (r) => num(r["ratio (federated / units alone)"]),
    ...atLeast(0.4),
  },
  {
    aim: "Idle RSS of all five processes together",
    scenario: "federated",
    target: "≤ 400 MB",
    unit: "MB",
    measure: (r) => num(r["idle RSS, all five processes, MB"]),
    ...atMost(400),
  },
  {
    aim: "Live: 1,000 subscribers, publish-to-receive p99",
    scenario: "movements",
    target: "≤ 60 ms",
    unit: "ms",
    measure: (r) => (r.live?.subscribers === 1_000 && liveRunValid(r) ? num(r.live?.p99) : undefined),
    ...atMost(60),
  },
  {
    aim: "Live: 5,000 subscribers, publish-to-receive p99",
    scenario: "movements-5000",
    target: "≤ 150 ms",
    unit: "ms",
    measure: (r) => (r.live?.subscribers === 5_000 && liveRunValid(r) ? num(r.live?.p99) : undefined),
    ...atMost(150),
    missing: "no valid run: the plain ws floor was not faster than the gateway (BENCH_SUBSCRIBERS=5000 BENCH_IDLE=10000 node packages/bench/dist/movements/movements.js)",
  },
  {
    // Held by the default run (1,000 live subscribers before), with BENCH_IDLE=10000.
    aim: "Live: 10,000 idle subscribed connections, gateway RSS",
    scenario: "movements",
    target: "≤ 350 MB",
    unit: "MB",
    measure: (r) => (r.idle?.connections >= 10_000 ? num(r.idle?.gatewayRssMb) : undefined),
    ...atMost(350),
    missing: "no run held 10,000 idle connections: BENCH_IDLE=10000 node packages/bench/dist/movements/movements.js",
  },
  ...(["provenance", "unit(code)"] as const).map((read): Aim => ({
    aim: `Scale: ${read} p50 with 10M events / 2M units, vs the same on a small database`,
    scenario: "scale",
    target: "≤ 1.5×",
    unit: "×",
    // Only a run at full scale counts (BENCH_SCALE_EVENTS / BENCH_SCALE_UNITS make smaller ones).
    measure: (r) => ((num(r["seeded events"]) ?? 0) >= 10_000_000 && (num(r["seeded units"]) ?? 0) >= 2_000_000 ? num(r[`${read}, ratio (large / small)`]) : undefined),
    ...atMost(1.5),
    missing: "no run at full scale (10,000,000 events, 2,000,000 units): node packages/bench/dist/run.js scale",
  })),
];

function format(v: number, unit?: string): string {
  const text = Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en") : Number(v.toFixed(3)).toString();
  return unit ? `${text} ${unit}` : text;
}

/** The summary as markdown lines. */
export function summarize(results: Results): string[] {
  const lines = ["| aim | target | measured | status | run |", "|---|---|---|---|---|"];
  const profiles: string[] = [];
  let met = 0;
  let missed = 0;
  let unmeasured = 0;
  for (const a of AIMS) {
    const run = a.scenario ? results[a.scenario] : undefined;
    const value = run && a.measure ? a.measure(run.result) : undefined;
    if (value === undefined || !a.met || !a.score) {
      unmeasured++;
      const why =
        !a.scenario || (run && a.missing)
          ? (a.missing ?? "not measured")
          : `no recorded run: ${a.scenario.startsWith("movements") ? (a.missing ?? "node packages/bench/dist/movements/movements.js") : `node packages/bench/dist/run.js ${a.scenario}`}`;
      lines.push(`| ${a.aim} | ${a.target} | — | not measured: ${why} | |`);
      continue;
    }
    const ok = a.met(value);
    if (ok) met++;
    else missed++;
    const score = a.score(value);
    const status = ok ? `**met** (${format(score)}× the aim)` : `**missed**: ${format(score)}× the aim${score > 0 ? `, ${format(1 / score)}× short` : ""}`;
    lines.push(`| ${a.aim} | ${a.target} | ${format(value, a.unit)} | ${status} | ${a.scenario}, ${run!.at.slice(0, 16).replace("T", " ")}, ${run!.database} |`);
    if (!ok && run!.profile && !profiles.some((p) => p.startsWith(`- **${a.scenario}**`))) {
      const parts = Object.entries(run!.profile).map(
        ([proc, p]) =>
          `${proc} (${p.busyMs.toLocaleString("en")} ms busy): ${p.top
            .slice(0, 6)
            .map((e) => `${e.where} ${e.percent}%`)
            .join(", ")}`,
      );
      // The CPU each process spent per request, measured outside the profiler, when the run says.
      const cpu = Object.entries(run!.result).filter(([key]) => key.startsWith("CPU ms per"));
      profiles.push(`- **${a.scenario}**: ${parts.join("; ")}${cpu.map(([key, value]) => `. ${key}: ${value}`).join("")}`);
    }
  }
  lines.push("", `${met} met, ${missed} missed, ${unmeasured} not measured (of ${AIMS.length}).`);
  if (profiles.length) lines.push("", "Where the time goes in the missed aims' profiled runs (CPU self time by package or file):", ...profiles);
  const unprofiled = [...new Set(AIMS.filter((a) => a.scenario && results[a.scenario] && !results[a.scenario]!.profile).map((a) => a.scenario!))];
  if (unprofiled.length) lines.push("", `Not profiled yet: ${unprofiled.join(", ")} (node packages/bench/dist/run.js --profile <scenario>).`);
  return lines;
}

if (require.main === module) {
  const results = readResults();
  if (!Object.keys(results).length) console.log(`No benchmark runs recorded in ${RESULTS_FILE} yet: run npm run bench (or node packages/bench/dist/run.js <scenario>) first.\n`);
  console.log(summarize(results).join("\n"));
}
