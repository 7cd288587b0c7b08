// One load process of the movement bench: it holds a share of the graphql-ws subscribers and as many plain ws
// clients of the broadcast floor, so that 5,000 subscribers are not all driven by one process (which saturated
// before the gateway did). The parent asks, over IPC, for each step. Receive times are epoch milliseconds with
// sub-millisecond precision (performance.timeOrigin + performance.now()), comparable across the processes.
import { performance } from "node:perf_hooks";
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";

interface OpenRequest {
  kind: "open";
  wsUrl: string;
  floorUrl: string;
  query: string;
  /** Each subscriber, and the floor group (its GTIN filter) of the plain client opened beside it. */
  subscribers: { token: string; variables: Record<string, unknown>; group: number }[];
}
type Request = { id: number } & (OpenRequest | { kind: "status" } | { kind: "reset" } | { kind: "collect" } | { kind: "close" });

const now = () => performance.timeOrigin + performance.now();
const subs: { client: Client; received: [string, number][] }[] = [];
const floor: { ws: WebSocket; received: [string, number][] }[] = [];

/** Connections opened at once: the next batch starts when this one is connected (a burst of thousands of
 * handshakes from several processes overflowed the gateway's accept queue, and connections were reset). */
const BATCH = 100;

async function open(request: OpenRequest): Promise<void> {
  const connected = new Set<number>();
  for (const [i, { token, variables }] of request.subscribers.entries()) {
    const sub = {
      received: [] as [string, number][],
      client: createClient({
        url: request.wsUrl,
        webSocketImpl: WebSocket,
        // A connection refused during the opening is tried again; once all are connected, none is expected to drop.
        retryAttempts: 5,
        retryWait: () => new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300)),
        shouldRetry: () => true,
        lazy: false,
        connectionParams: { authorization: `Bearer ${token}` },
        on: { connected: () => void connected.add(i) },
      }),
    };
    sub.client.subscribe<{ unitMovements: { eventId: string } }>(
      { query: request.query, variables },
      {
        next: (v) => {
          const id = v.data?.unitMovements.eventId;
          if (id) sub.received.push([id, now()]);
        },
        error: (e) => console.error("[bench load] subscription error", e instanceof Error ? e.message : JSON.stringify(e).slice(0, 300)),
        complete: () => undefined,
      },
    );
    subs.push(sub);
    if (i % BATCH === BATCH - 1) while (connected.size < i + 1) await new Promise((r) => setTimeout(r, 20));
  }
  for (const [i, { group }] of request.subscribers.entries()) {
    const client = { ws: new WebSocket(`${request.floorUrl}/?group=${group}`), received: [] as [string, number][] };
    client.ws.on("message", (data) => client.received.push([String(data), now()]));
    floor.push(client);
    if (i % BATCH === BATCH - 1) await Promise.all(floor.slice(-BATCH).map((c) => (c.ws.readyState === WebSocket.OPEN ? undefined : new Promise((r) => c.ws.once("open", r)))));
  }
  await Promise.all(floor.map((c) => (c.ws.readyState === WebSocket.OPEN ? undefined : new Promise((r) => c.ws.once("open", r)))));
  while (connected.size < request.subscribers.length) await new Promise((r) => setTimeout(r, 50));
}

async function handle(request: Request): Promise<Record<string, unknown>> {
  switch (request.kind) {
    case "open":
      await open(request);
      return {};
    case "status":
      return { everyHasOne: subs.every((s) => s.received.length > 0), received: subs.reduce((n, s) => n + s.received.length, 0) };
    case "reset":
      for (const s of subs) s.received.length = 0;
      for (const c of floor) c.received.length = 0;
      return {};
    case "collect":
      return { subscribers: subs.map((s) => s.received), floor: floor.map((c) => c.received) };
    case "close":
      for (const s of subs) await s.client.dispose();
      for (const c of floor) c.ws.close();
      return {};
  }
}

process.on("message", (request: Request) => {
  handle(request).then(
    (answer) => process.send?.({ id: request.id, ...answer }),
    (error: unknown) => process.send?.({ id: request.id, error: String(error) }),
  );
});
// The parent went away (it failed or was killed): nothing is left behind.
process.on("disconnect", () => process.exit(0));
