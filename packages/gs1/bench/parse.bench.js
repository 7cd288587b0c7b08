"use strict";
/**
 * Micro-benchmark: parses per second of `parseCode` for each input form, plus the main conversions.
 * Run `npm run build -w @tracehub/gs1` first; then `npm run bench -w @tracehub/gs1`.
 * Each case runs a warm-up and then bounded timed rounds (at most ~0.5 s each).
 */
const gs1 = require("../dist");

const GS = "\u001d";
const cases = [
  ["element string (bracketed)", () => gs1.parseCode("(01)09506000134352(17)261231(10)ABC123(21)XYZ")],
  ["scan data ]d2 with GS", () => gs1.parseCode(`]d2010950600013435217261231` + `10ABC123${GS}21XYZ`)],
  ["Digital Link (custom host, query)", () => gs1.parseCode("https://brand.example/01/09506000134352/10/ABC123/21/XYZ?17=261231")],
  ["EPC pure-identity URI (sgtin)", () => gs1.parseCode("urn:epc:id:sgtin:0614141.812345.6789")],
  ["EPC class URI (lgtin)", () => gs1.parseCode("urn:epc:class:lgtin:4023333.002000.2019-10-07")],
  ["EPC tag URI (sgtin-198)", () => gs1.parseCode("urn:epc:tag:sgtin-198:3.0614141.712345.32a%2Fb")],
  ["EPC hex SGTIN-96", () => gs1.parseCode("3074257BF7194E4000001A85")],
  ["EPC hex SGTIN-198", () => gs1.parseCode("3674257BF6B7A659B2C2BF1000000000000000000000000000")],
  ["EPC hex SSCC-96", () => gs1.parseCode("31AC16465751CCD0C2000000")],
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
report("parseCode, parses per second by input form:", cases);
report("conversions per second:", conversions);
