// Child process of the movement benchmark: the four subgraphs (and a seeding gateway) on one database.
// The gateway under measurement runs in its own process (gateway/dist/main.js), started by movements.ts.
import "reflect-metadata";
import { startHub } from "@tracehub/testkit";

async function main(): Promise<void> {
  const hub = await startHub();
  process.send?.({ kind: "ready", url: hub.url, subgraphUrls: hub.subgraphUrls, secrets: hub.secrets, databaseUrl: hub.databaseUrl });
  process.on("message", (m: { kind?: string }) => {
    if (m?.kind === "stop") void hub.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
