#!/usr/bin/env node
// `npm run db:migrate`: runs every service's migrations (embedded PostgreSQL when DATABASE_URL is unset).
const { resolveDatabase, migrateAll } = require("./lib");

(async () => {
  const db = await resolveDatabase();
  try {
    await migrateAll(db.url);
  } finally {
    await db.stop();
  }
})().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
