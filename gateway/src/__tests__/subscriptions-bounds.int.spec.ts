import { once } from "node:events";
import { signAccessToken } from "@tracehub/auth";
import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL } from "graphql-ws";
import { type TestHub, startHub, subscribe } from "@tracehub/testkit";
import WebSocket from "ws";

/**
 * A raw graphql-transport-ws socket (no client library), to send what a well-behaved client never would.
 * `from` picks the client address (any 127.x address reaches the loopback server).
 */
async function rawSocket(url: string, from = "127.0.0.1"): Promise<{ socket: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const socket = new WebSocket(url, GRAPHQL_TRANSPORT_WS_PROTOCOL, { localAddress: from });
  const closed = once(socket, "close").then(([code, reason]) => ({ code: code as number, reason: String(reason) }));
  await once(socket, "open");
  return { socket, closed };
}

/** Resolves with the next message of a socket, parsed. */
async function nextMessage(socket: WebSocket): Promise<{ type: string; id?: string; payload?: unknown }> {
  const [data] = await once(socket, "message");
  return JSON.parse(String(data));
}

const MOVEMENTS = `subscription { unitMovements { cursor } }`;

describe("graphql-ws bounds and credentials", () => {
  let hub: TestHub;
  let operator: string;

  beforeAll(async () => {
    hub = await startHub({
      gateway: { websocket: { maxPreAuthPayloadBytes: 64 * 1024, maxPayloadBytes: 1024 * 1024, connectionInitTimeoutMs: 300, maxUnauthenticatedPerAddress: 3 } },
    });
    operator = await hub.token({ roles: ["operator"] });
  });
  afterAll(() => hub?.stop());

  describe("before authentication", () => {
    it("closes with 1009 a message over 64 KiB, even a connection_init with a valid token", async () => {
      const { socket, closed } = await rawSocket(hub.wsUrl);
      socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${operator}`, padding: "x".repeat(70 * 1024) } }));
      const { code, reason } = await closed;
      expect(code).toBe(1009);
      expect(reason).toMatch(/before authentication/);
    });

    it("accepts a normal connection_init, then messages up to 1 MiB, and closes with 1009 beyond", async () => {
      const { socket, closed } = await rawSocket(hub.wsUrl);
      socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${operator}` } }));
      expect((await nextMessage(socket)).type).toBe("connection_ack");
      // A 200 KiB subscribe (an unused variable pads it) is answered (here: a validation error), not refused for its size.
      socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: `subscription { unitMovements { nope } }`, variables: { pad: "x".repeat(200 * 1024) } } }));
      expect(await nextMessage(socket)).toMatchObject({ id: "1", type: "error" });
      socket.send(JSON.stringify({ id: "2", type: "subscribe", payload: { query: MOVEMENTS, variables: { pad: "x".repeat(1100 * 1024) } } }));
      expect((await closed).code).toBe(1009);
    });

    it("closes a socket that never sends connection_init with 4408", async () => {
      const { closed } = await rawSocket(hub.wsUrl);
      expect((await closed).code).toBe(CloseCode.ConnectionInitialisationTimeout);
    });

    it("closes unauthenticated sockets from one address beyond the limit with 1013, and counts authenticated ones out", async () => {
      const from = "127.0.0.2";
      const waiting = await Promise.all([rawSocket(hub.wsUrl, from), rawSocket(hub.wsUrl, from), rawSocket(hub.wsUrl, from)]);
      const extra = await rawSocket(hub.wsUrl, from);
      const refused = await extra.closed;
      expect(refused.code).toBe(1013);
      expect(refused.reason).toMatch(/unauthenticated connections/);
      // One of the three authenticates: a new socket is accepted again.
      waiting[0]!.socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${operator}` } }));
      expect((await nextMessage(waiting[0]!.socket)).type).toBe("connection_ack");
      const elsewhere = await rawSocket(hub.wsUrl, "127.0.0.3");
      elsewhere.socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${operator}` } }));
      expect((await nextMessage(elsewhere.socket)).type).toBe("connection_ack");
      const next = await rawSocket(hub.wsUrl, from);
      next.socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${operator}` } }));
      expect((await nextMessage(next.socket)).type).toBe("connection_ack");
      for (const s of [...waiting, next, elsewhere]) s.socket.close();
      await Promise.all([...waiting, next, elsewhere].map((s) => s.closed));
    });
  });

  describe("credential expiry", () => {
    it("closes a live connection with 4403 when its token expires", async () => {
      const shortLived = await signAccessToken({ sub: "short", roles: ["operator"] }, { secret: hub.secrets.jwt }, "2s");
      const sub = subscribe(hub.wsUrl, MOVEMENTS, {}, { token: shortLived });
      await hub.gateway.subscriptions.fanout.whenSubscribers((n) => n >= 1);
      const closed = await sub.closed;
      expect(closed.code).toBe(4403);
      expect(closed.reason).toMatch(/access token expired/);
      await hub.gateway.subscriptions.fanout.whenSubscribers((n) => n === 0);
    });

    it("closes at once a connection whose token already expired, even within the clock skew the verifier tolerates", async () => {
      const expired = await signAccessToken({ sub: "late", roles: ["operator"] }, { secret: hub.secrets.jwt }, "-5s");
      const { socket, closed } = await rawSocket(hub.wsUrl);
      socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${expired}` } }));
      const { code, reason } = await closed;
      expect(code).toBe(4403);
      expect(reason).toMatch(/expired/);
      expect(hub.gateway.subscriptions.fanout.subscriberCount).toBe(0);
    });
  });
});
