// Gives every test worker a PostgreSQL server: DATABASE_URL when set, otherwise an embedded server
// started here (real PostgreSQL binaries from npm) on a free port, stopped by the global teardown.
// Integration tests create their own throwaway databases on it (see @tracehub/testkit).
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

module.exports = async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TRACEHUB_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const { startEmbeddedPostgres } = require("./packages/db/dist");
  const port = await freePort();
  const dataDir = path.join(os.tmpdir(), `tracehub-test-pg-${process.pid}-${port}`);
  const pg = await startEmbeddedPostgres({ dataDir, port, persistent: false });
  globalThis.__TRACEHUB_EMBEDDED_PG__ = pg;
  process.env.TRACEHUB_TEST_ADMIN_URL = pg.url;
  console.log(`\n[tracehub] no DATABASE_URL: tests use an embedded PostgreSQL on port ${port}`);
};
