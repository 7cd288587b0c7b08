#!/usr/bin/env node
// Prints each subgraph's SDL to services/<name>/schema.graphql and composes gateway/supergraph.graphql.
// Run through `npm run compose` (it builds first). Tests fail when these files drift from the code.
require("reflect-metadata");
const { writeFileSync } = require("node:fs");
const path = require("node:path");
const { printSubgraphSdl } = require("@tracehub/subgraph-kit");
const { composeSupergraph, SUBGRAPHS, SUPERGRAPH_PATH } = require("@tracehub/gateway");

const builders = {
  units: () => require("@tracehub/units").buildUnitsSchema(),
  orders: () => require("@tracehub/orders").buildOrdersSchema(),
  suppliers: () => require("@tracehub/suppliers").buildSuppliersSchema(),
  compliance: () => require("@tracehub/compliance").buildComplianceSchema(),
};

async function main() {
  const sdls = [];
  for (const { name, url } of SUBGRAPHS) {
    const sdl = printSubgraphSdl(await builders[name]());
    const file = path.resolve(__dirname, "..", "services", name, "schema.graphql");
    writeFileSync(file, sdl);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
    sdls.push({ name, url, sdl });
  }
  writeFileSync(SUPERGRAPH_PATH, composeSupergraph(sdls));
  console.log(`wrote ${path.relative(process.cwd(), SUPERGRAPH_PATH)}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
