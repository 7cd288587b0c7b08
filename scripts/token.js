#!/usr/bin/env node
// `npm run token -- --role operator [--role compliance] [--org <id>] [--sub <subject>] [--expires 12h]`
// prints a development access token signed with JWT_SECRET (or the development default).
const { signAccessToken, ROLES } = require("../packages/auth/dist");
const { DEV_JWT_SECRET } = require("../gateway/dist/env");

const args = process.argv.slice(2);
const roles = [];
let org = null;
let sub = "dev-user";
let expires = "12h";
for (let i = 0; i < args.length; i++) {
  const [flag, value] = [args[i], args[i + 1]];
  if (flag === "--role") roles.push(value), i++;
  else if (flag === "--org") (org = value), i++;
  else if (flag === "--sub") (sub = value), i++;
  else if (flag === "--expires") (expires = value), i++;
  else if (flag === "--help") {
    console.log(`usage: npm run token -- --role <${ROLES.join("|")}> [--role ...] [--org <organization id>] [--sub <subject>] [--expires 12h]`);
    process.exit(0);
  } else {
    console.error(`unknown argument ${flag}; see --help`);
    process.exit(2);
  }
}
if (roles.length === 0) roles.push("operator");
const unknown = roles.filter((r) => !ROLES.includes(r));
if (unknown.length) {
  console.error(`unknown role(s): ${unknown.join(", ")}; known: ${ROLES.join(", ")}`);
  process.exit(2);
}
signAccessToken({ sub, org, roles }, { secret: process.env.JWT_SECRET || DEV_JWT_SECRET }, expires).then((t) => console.log(t));
