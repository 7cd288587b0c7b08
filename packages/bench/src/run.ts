import { consumerChecks } from "./consumer";
import { federatedReads } from "./federated";
import { fulfilmentAtScale } from "./fulfilment";
import { importThroughRest, webhookFanOut } from "./integration";
import { rmSync } from "node:fs";
import path from "node:path";
import { startBenchHub } from "./harness";
import { partitioning } from "./partitioning";
import { scaleReads } from "./scale";
import { RESULTS_DIR, recordResult, summarizeProfiles } from "./record";
import { type Result, captureThroughput, commissioning, provenance, recallAtScale, scopedUnits } from "./scenarios";

/**
 * `npm run bench -w @tracehub/bench`: each scenario on a fresh hub (separate processes, loopback only),
 * each figure with its baseline from the same run. Bounded: a fixed amount of work per scenario.
 */
async function main(): Promise<void> {
  // Every benchmark client is this one process on one address; the gateway's per-address and per-principal rate
  // limits (a defence, tested in the gateway's own specs) would measure themselves, not the hub.
  process.env.RATE_LIMIT_ADDRESS_PER_SECOND ??= "0";
  process.env.RATE_LIMIT_PRINCIPAL_PER_SECOND ??= "0";
  process.env.RATE_LIMIT_ANONYMOUS_PER_SECOND ??= "0";
  const args = process.argv.slice(2);
  // --profile: every hub process runs under V8's CPU profiler; where the time went is recorded with the result.
  const profiling = args.includes("--profile");
  const only = args.filter((a) => !a.startsWith("--"));
  const scenarios: [string, (hub: Awaited<ReturnType<typeof startBenchHub>>) => Promise<Result>][] = [
    ["capture", (hub) => captureThroughput(hub)],
    ["capture2", (hub) => captureThroughput(hub, 10, 1000, 2)],
    ["commission", (hub) => commissioning(hub)],
    ["provenance", (hub) => provenance(hub)],
    ["scoped", (hub) => scopedUnits(hub)],
    ["federated", (hub) => federatedReads(hub)],
    ["recall", (hub) => recallAtScale(hub)],
    ["fulfilment", (hub) => fulfilmentAtScale(hub)],
    ["consumer", (hub) => consumerChecks(hub)],
    ["import", (hub) => importThroughRest(hub)],
    ["webhooks", (hub) => webhookFanOut(hub)],
    ["partitioning", (hub) => partitioning(hub)],
    // Last: it seeds 10,000,000 events (BENCH_SCALE_EVENTS), about ten minutes on the 2-core machine.
    ["scale", (hub) => scaleReads(hub)],
  ];
  console.log(`tracehub benchmarks: node ${process.version}, ${process.env.DATABASE_URL ? "PostgreSQL at DATABASE_URL" : "embedded PostgreSQL"}, ${new Date().toISOString()}`);
  for (const [name, run] of scenarios) {
    if (only.length && !only.includes(name)) continue;
    const profileDir = path.join(RESULTS_DIR, "profiles", name);
    if (profiling) {
      rmSync(profileDir, { recursive: true, force: true });
      process.env.TRACEHUB_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${profileDir}`;
    }
    const hub = await startBenchHub();
    // Interrupted (Ctrl-C, a CI timeout): the hub's processes and its database go too, not left behind.
    const interrupted = (signal: NodeJS.Signals) => {
      console.error(`\n${signal}: stopping the hub and dropping its database`);
      void hub.stop().finally(() => process.exit(130));
    };
    process.once("SIGINT", interrupted);
    process.once("SIGTERM", interrupted);
    let result: Result | undefined;
    try {
      result = await run(hub);
      console.log(`\n## ${result.scenario}`);
      for (const [key, value] of Object.entries(result)) if (key !== "scenario") console.log(`  ${key.padEnd(44)} ${value}`);
    } finally {
      process.off("SIGINT", interrupted);
      process.off("SIGTERM", interrupted);
      await hub.stop();
    }
    // The processes wrote their profiles as they exited.
    const profile = profiling ? summarizeProfiles(profileDir, hub.pids) : undefined;
    if (profile) {
      for (const [proc, { busyMs, top }] of Object.entries(profile)) {
        console.log(
          `  profile ${proc} (${busyMs} ms busy): ${top
            .slice(0, 5)
            .map((e) => `${e.where} ${e.percent}%`)
            .join(", ")}`,
        );
      }
    }
    if (result) recordResult(name, result, profile);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
