#!/usr/bin/env node
// The `tracehub` command. A committed stub, so that `npm install` links the command on a fresh clone even before
// the TypeScript is built; it runs the built client, or says how to build it.
const path = require("node:path");
const fs = require("node:fs");

const built = path.join(__dirname, "..", "dist", "bin.js");
if (!fs.existsSync(built)) {
  process.stderr.write("tracehub is not built yet: run `npm run build` at the repository's root first.\n");
  process.exit(1);
}
require(built);
