#!/usr/bin/env node
// Mutation testing of the pure modules with StrykerJS, one target after the other (they share two cores).
//   npm run test:mutation                 every target
//   npm run test:mutation -- units gs1    some targets
//   npm run test:mutation -- units --concurrency 1   extra arguments go to `stryker run`
// Each target is configured in stryker/<target>.config.mjs; reports land in reports/mutation/<target>.html.
// Prints a table of the scores and fails when a target scores below the configured break threshold.
const { spawnSync } = require("node:child_process");
const { readFileSync, statSync } = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const TARGETS = ["units", "gateway", "gs1", "epcis"];

const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith("-"));
const names = firstOption < 0 ? args : args.slice(0, firstOption);
const passThrough = firstOption < 0 ? [] : args.slice(firstOption);
const unknown = names.filter((n) => !TARGETS.includes(n));
if (unknown.length) {
  console.error(`Unknown target(s): ${unknown.join(", ")}. Targets: ${TARGETS.join(", ")}.`);
  process.exit(2);
}
const targets = names.length ? names : TARGETS;

/** Mutation score as Stryker counts it: killed and timed-out mutants over all valid ones (survived and uncovered included). */
function summarize(target, since) {
  const report = path.join(root, "reports", "mutation", `${target}.json`);
  // A report older than this run is a previous run's.
  if ((statSync(report, { throwIfNoEntry: false })?.mtimeMs ?? 0) < since) return null;
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 };
  for (const file of Object.values(JSON.parse(readFileSync(report, "utf8")).files)) {
    for (const mutant of file.mutants) if (mutant.status in counts) counts[mutant.status] += 1;
  }
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  return { mutants: valid, killed: detected, survived: counts.Survived + counts.NoCoverage, score: valid ? (100 * detected) / valid : 100 };
}

const rows = [];
let failed = false;
for (const target of targets) {
  const started = Date.now();
  const run = spawnSync(path.join(root, "node_modules", ".bin", "stryker"), ["run", `stryker/${target}.config.mjs`, ...passThrough], { cwd: root, stdio: "inherit" });
  const minutes = (Date.now() - started) / 60_000;
  if (run.status !== 0) failed = true;
  rows.push({ target, minutes, status: run.status, summary: summarize(target, started) });
}

console.log("\n| target | mutants | killed | survived | score | minutes |\n|---|---:|---:|---:|---:|---:|");
for (const { target, minutes, status, summary } of rows) {
  if (!summary) console.log(`| ${target} | failed (exit ${status}) | | | | ${minutes.toFixed(1)} |`);
  else console.log(`| ${target} | ${summary.mutants} | ${summary.killed} | ${summary.survived} | ${summary.score.toFixed(2)}% | ${minutes.toFixed(1)} |`);
}
process.exit(failed ? 1 : 0);
