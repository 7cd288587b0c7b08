import path from "node:path";
import { RESULTS_DIR, readResults, recordProfile, summarizeProfiles } from "./record";

/**
 * `node packages/bench/dist/profile.js [scenario…]`: summarizes again the CPU profiles a `run.js --profile` left in
 * `.bench/profiles/<scenario>` (after a change to how they are summarized), and records them with the scenario.
 */
const only = process.argv.slice(2);
for (const name of Object.keys(readResults())) {
  if (only.length && !only.includes(name)) continue;
  const profile = summarizeProfiles(path.join(RESULTS_DIR, "profiles", name));
  if (!profile) continue;
  recordProfile(name, profile);
  console.log(`## ${name}`);
  for (const [proc, { busyMs, top }] of Object.entries(profile)) console.log(`  ${proc} (${busyMs} ms busy): ${top.map((e) => `${e.where} ${e.percent}%`).join(", ")}`);
}
