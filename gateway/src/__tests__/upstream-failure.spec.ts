import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer } from "ws";
import { describeUpstreamFailure } from "../subscriptions/fanout";

// Real ws events, as the graphql-ws client hands them to the fan-out when its upstream socket fails or closes.
async function errorEventFromRefusedConnection(): Promise<{ event: unknown; port: number }> {
  const server = http.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const socket = new WebSocket(`ws://127.0.0.1:${port}/graphql`);
  const event = await new Promise((resolve) => (socket.onerror = resolve));
  return { event, port };
}

async function closeEventFromServer(code: number, reason: string): Promise<unknown> {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await once(wss, "listening");
  wss.on("connection", (client) => client.close(code, reason));
  const socket = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const event = await new Promise((resolve) => (socket.onclose = resolve));
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  return event;
}

describe("subscribers' errors when the upstream stream fails", () => {
  it("names the service and the cause of a failed connection (never [object Object])", async () => {
    const { event } = await errorEventFromRefusedConnection();
    expect(String(event)).toBe("[object Object]");
    const failure = describeUpstreamFailure(event, "units");
    expect(failure).toEqual({ message: "The units service is unavailable (ECONNREFUSED).", code: "SUBGRAPH_UNAVAILABLE", extensions: { serviceName: "units" } });
  });

  it("reports a close with its code and reason", async () => {
    const failure = describeUpstreamFailure(await closeEventFromServer(1001, "Going away"), "units");
    expect(failure).toEqual({ message: "The units service closed the stream (1001: Going away).", code: "UPSTREAM_ERROR", extensions: { serviceName: "units", closeCode: 1001 } });
  });

  it("keeps the code of GraphQL errors from the subgraph", () => {
    const failure = describeUpstreamFailure([{ message: "Not yours.", extensions: { code: "FORBIDDEN" } }], "units");
    expect(failure).toMatchObject({ message: "Not yours.", code: "FORBIDDEN" });
  });

  it("describes anything else readably", () => {
    expect(describeUpstreamFailure(new Error("socket hang up"), "units").message).toBe("The units stream failed (socket hang up).");
    expect(describeUpstreamFailure({ reason: 42 }, "units").message).toBe('The units stream failed ({"reason":42}).');
  });
});
