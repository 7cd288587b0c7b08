// Child process of the movement benchmark: the floor. A plain `ws` server that pushes each message it is given to
// the connected clients of its group, with no GraphQL, no filter language, no enrichment. A client names its group
// in the URL (`/?group=3`): the groups mirror the GTIN filters of the gateway's subscribers, so the floor delivers
// each event to as many clients as the gateway does.
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

const groups = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
wss.on("connection", (socket, request) => {
  const group = new URL(request.url ?? "/", "ws://floor").searchParams.get("group") ?? "";
  if (!groups.has(group)) groups.set(group, new Set());
  groups.get(group)!.add(socket);
  socket.once("close", () => groups.get(group)?.delete(socket));
});
wss.on("listening", () => process.send?.({ kind: "ready", port: (wss.address() as AddressInfo).port }));
process.on("message", (m: { kind?: string; payload?: string; group?: number }) => {
  if (m?.kind === "publish" && m.payload) for (const client of groups.get(String(m.group ?? "")) ?? []) client.send(m.payload);
  if (m?.kind === "stop") wss.close(() => process.exit(0));
});
