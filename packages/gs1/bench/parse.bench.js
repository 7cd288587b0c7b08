"use strict";
/**
 * Micro-benchmark: parses per second of `parseCode` for each input form, plus the main conversions.
 * Run `npm run build -w @tracehub/gs1` first; then `npm run bench -w @tracehub/gs1`.
 * Each case runs a warm-up and then bounded timed rounds (at most ~0.5 s each).
 */
const gs1 = require("../dist");

const GS = "\u001d";

/**
 * Baselines: the least work that pulls the same fields out of each form, with no validation (no AI
 * table, check digit, date, character set or partition checks). The ratio says what correctness costs.
 */
const naive = {
  bracketed: (s) => [...s.matchAll(/\((\d{2,4})\)([^(]*)/g)].map((m) => [m[1], m[2]]),
  scan: (s) => s.slice(3).split(GS),
  link: (s) => new URL(s).pathname.split("/"),
  urn: (s) => s.split(":").pop().split("."),
  hex: (s) => BigInt(`0x${s}`).toString(2),
};

const inputs = [
  ["element string (bracketed)", "(01)09506000134352(17)261231(10)ABC123(21)XYZ", naive.bracketed],
  ["scan data ]d2 with GS", `]d2010950600013435217261231` + `10ABC123${GS}21XYZ`, naive.scan],
  ["Digital Link (custom host, query)", "https://brand.example/01/09506000134352/10/ABC123/21/XYZ?17=261231", naive.link],
  ["EPC pure-identity URI (sgtin)", "urn:epc:id:sgtin:0614141.812345.6789", naive.urn],
  ["EPC class URI (lgtin)", "urn:epc:class:lgtin:4023333.002000.2019-10-07", naive.urn],
  ["EPC tag URI (sgtin-198)", "urn:epc:tag:sgtin-198:3.0614141.712345.32a%2Fb", naive.urn],
  ["EPC hex SGTIN-96", "3074257BF7194E4000001A85", naive.hex],
  ["EPC hex SGTIN-198", "3674257BF6B7A659B2C2BF1000000000000000000000000000", naive.hex],
  ["EPC hex SSCC-96", "31AC16465751CCD0C2000000", naive.hex],
];
const code = gs1.parseCode("(01)80614141123458(17)261231(10)ABC123(21)6789");
const conversions = [
  ["toDigitalLink", () => gs1.toDigitalLink(code)],
  ["toEpcUri", () => gs1.toEpcUri(code, { companyPrefixLength: 7 })],
  ["toEpcHex (sgtin-96)", () => gs1.toEpcHex(code, { companyPrefixLength: 7, filter: 3 })],
  ["canonicalIdentifier (URN)", () => gs1.canonicalIdentifier("urn:epc:id:sgtin:0614141.812345.6789")],
];

function measure(fn) {
  for (let i = 0; i < 2000; i++) fn(); // warm-up
  const maxIterations = 200_000;
  const budgetNs = 500_000_000n;
  const start = process.hrtime.bigint();
  let n = 0;
  while (n < maxIterations) {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
    if (process.hrtime.bigint() - start > budgetNs) break;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { n, perSecond: n / seconds };
}

function report(title, list) {
  console.log(`\n${title}`);
  for (const [name, fn] of list) {
    const { n, perSecond } = measure(fn);
    console.log(`  ${name.padEnd(36)} ${Math.round(perSecond).toLocaleString("en-US").padStart(12)} /s  (${n} runs)`);
  }
}

console.log(`@tracehub/gs1 benchmark, node ${process.version}`);
console.log("\nparseCode, parses per second by input form, against a naive extraction of the same input (no validation):");
for (const [name, input, baseline] of inputs) {
  const parsed = measure(() => gs1.parseCode(input)).perSecond;
  const floor = measure(() => baseline(input)).perSecond;
  console.log(
    `  ${name.padEnd(36)} ${Math.round(parsed).toLocaleString("en-US").padStart(10)} /s   naive ${Math.round(floor).toLocaleString("en-US").padStart(11)} /s   ratio ${(parsed / floor).toFixed(3)}`,
  );
}
report("conversions per second:", conversions);
