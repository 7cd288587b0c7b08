// Throughput of validate + normalize + hash for a generated 10,000-event EPCIS 2.0 document.
// Usage: npm run build -w @tracehub/epcis && npm run bench -w @tracehub/epcis
"use strict";
const { validateEpcisDocument, normalizeEpcisDocument, documentHashIds } = require("../dist");

const EVENTS = Number(process.env.EPCIS_BENCH_EVENTS || 10_000);
const ROUNDS = 3;

function makeDocument(n, round = 0) {
  const eventList = [];
  for (let j = 0; j < n; j++) {
    const i = round * n + j;
    eventList.push({
      type: "ObjectEvent",
      eventTime: `2024-03-01T10:${String(i % 60).padStart(2, "0")}:00.${String(i % 1000).padStart(3, "0")}+01:00`,
      eventTimeZoneOffset: "+01:00",
      action: "OBSERVE",
      epcList: [`urn:epc:id:sgtin:0614141.107346.${i}`, `https://id.gs1.org/01/09506000134352/21/S${i}`],
      bizStep: "shipping",
      disposition: "in_transit",
      readPoint: { id: "urn:epc:id:sgln:0614141.07346.1234" },
      bizTransactionList: [{ type: "po", bizTransaction: `http://transaction.acme.com/po/${i}` }],
      sourceList: [{ type: "owning_party", source: "urn:epc:id:pgln:0614141.00001" }],
      "example:batch": { "example:line": String(i % 7) },
    });
  }
  return {
    "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", { example: "https://ns.example.com/epcis/" }],
    type: "EPCISDocument",
    schemaVersion: "2.0",
    creationDate: "2024-03-01T10:00:00Z",
    epcisBody: { eventList },
  };
}

// Each round gets a document with identifiers not seen before (serials, transactions), so the identifier memo of
// src/identifiers.ts is cold for them, as for real captures; readPoint and source repeat, as they do in real data.
let docRound = 0;
function best(label, fn) {
  let bestMs = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const doc = makeDocument(EVENTS, docRound++);
    const t0 = process.hrtime.bigint();
    fn(doc);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    bestMs = Math.min(bestMs, ms);
  }
  const rate = Math.round((EVENTS / bestMs) * 1000);
  console.log(`${label.padEnd(40)} ${bestMs.toFixed(0).padStart(6)} ms  ${String(rate).padStart(8)} events/s`);
  return rate;
}

console.log(`@tracehub/epcis bench: ${EVENTS} ObjectEvents, best of ${ROUNDS} (node ${process.version})`);
// Baseline: the least work that touches every event of the document once (a JSON round trip), and
// the official JSON Schema alone (Ajv, compiled once), so each stage's cost reads as a ratio.
const floor = best("baseline: JSON.stringify + JSON.parse", (doc) => JSON.parse(JSON.stringify(doc)));
const Ajv = require("ajv").default;
const addFormats = require("ajv-formats").default;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const schemaOnly = ajv.compile(require("../schema/EPCIS-JSON-Schema.json"));
const ajvRate = best("baseline: official JSON Schema only (Ajv)", (doc) => {
  if (!schemaOnly(doc)) throw new Error(JSON.stringify(schemaOnly.errors.slice(0, 3)));
});
const ratios = [];
const stage = (label, fn) => ratios.push([label, best(label, fn)]);
stage("validate (schema + rules)", (doc) => {
  const r = validateEpcisDocument(doc);
  if (!r.valid) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
});
stage("hash only (documentHashIds)", (doc) => documentHashIds(doc));
stage("validate + normalize + hash", (doc) => normalizeEpcisDocument(doc));
console.log("\nratios against the baselines measured above:");
for (const [label, rate] of ratios) {
  console.log(`  ${label.padEnd(38)} ${(rate / floor).toFixed(3)} of JSON round trip, ${(rate / ajvRate).toFixed(3)} of schema-only validation`);
}
const mem = process.memoryUsage();
console.log(`heap used ${(mem.heapUsed / 1048576).toFixed(0)} MB, rss ${(mem.rss / 1048576).toFixed(0)} MB`);
