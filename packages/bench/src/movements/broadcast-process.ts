// Child process of the movement benchmark: the floor. A plain `ws` server that pushes every message it is
// given to every connected client, with no GraphQL, no filter, no enrichment.
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
wss.on("listening", () => process.send?.({ kind: "ready", port: (wss.address() as AddressInfo).port }));
process.on("message", (m: { kind?: string; payload?: string }) => {
  if (m?.kind === "publish" && m.payload) for (const client of wss.clients) client.send(m.payload);
  if (m?.kind === "stop") wss.close(() => process.exit(0));
});
