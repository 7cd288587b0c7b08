import { readFileSync } from "node:fs";
import path from "node:path";
import { ApolloGateway } from "@apollo/gateway";
import { type Principal, type Role, STREAM_CURSOR_EXTENSION } from "@tracehub/auth";
import { type ExecutionResult, type FormattedExecutionResult, parse } from "graphql";
import { SubscriptionFanout, type SubscriptionRequest, closeReason, describeUpstreamFailure, resumesFromCursor, resumingOperation, scopeOf } from "../subscriptions/fanout";
import { type GatewayInternals, gatewayInternals } from "../subscriptions/gateway-internals";
import type { UpstreamClients } from "../subscriptions/upstream";

// Who may share an upstream subscription, without subgraphs: the fan-out runs on the real supergraph's query
// plans, and a stand-in for the upstream graphql-ws clients records what it is asked to open.

/** The checked-in supergraph (the gateway's SUPERGRAPH_PATH, without loading the whole gateway for it). */
const SUPERGRAPH_PATH = path.resolve(__dirname, "../../supergraph.graphql");

function principal(org: string | null, roles: Role[], sub = "user-1"): Principal {
  return { sub, org, roles, anonymous: false };
}

/** One upstream subscription the fan-out opened: its events are pushed by the test. */
class UpstreamStream implements AsyncIterableIterator<FormattedExecutionResult<Record<string, unknown>>> {
  private readonly queued: FormattedExecutionResult<Record<string, unknown>>[] = [];
  private waiting: ((r: IteratorResult<FormattedExecutionResult<Record<string, unknown>>>) => void) | null = null;
  closed = false;

  constructor(
    readonly service: string,
    readonly scopeKey: string,
    readonly principal: Principal,
    readonly payload: { query: string; variables: Record<string, unknown> },
  ) {}

  emit(event: FormattedExecutionResult<Record<string, unknown>>): void {
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) waiting({ value: event, done: false });
    else this.queued.push(event);
  }

  async next(): Promise<IteratorResult<FormattedExecutionResult<Record<string, unknown>>>> {
    const event = this.queued.shift();
    if (event) return { value: event, done: false };
    if (this.closed) return { value: undefined, done: true };
    return new Promise((resolve) => (this.waiting = resolve));
  }

  async return(): Promise<IteratorResult<FormattedExecutionResult<Record<string, unknown>>>> {
    this.closed = true;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = null;
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}

class FakeUpstream {
  readonly opened: UpstreamStream[] = [];
  disposed = false;

  client(service: string, scopeKey: string, scopePrincipal: Principal) {
    return {
      iterate: (payload: { query: string; variables: Record<string, unknown> }) => {
        const stream = new UpstreamStream(service, scopeKey, scopePrincipal, payload);
        this.opened.push(stream);
        return stream;
      },
    };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

describe("scopeOf", () => {
  it("keys a scope by organization and sorted roles, not by subject", () => {
    expect(scopeOf(principal("org-a", ["supplier", "brand_owner"])).key).toBe("org-a|brand_owner,supplier");
    expect(scopeOf(principal("org-a", ["brand_owner", "supplier"], "someone-else")).key).toBe("org-a|brand_owner,supplier");
  });

  it("tells apart different roles and different organizations", () => {
    const keys = [
      scopeOf(principal("org-a", ["brand_owner"])).key,
      scopeOf(principal("org-a", ["logistics"])).key,
      scopeOf(principal("org-a", ["brand_owner", "logistics"])).key,
      scopeOf(principal("org-b", ["brand_owner"])).key,
      scopeOf(principal(null, ["brand_owner"])).key,
      scopeOf(principal("org-a", [])).key,
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(scopeOf(principal(null, ["operator"])).key).toBe("|operator");
  });

  it("tells apart what two principals of one organization own and were granted, and carries it upstream", () => {
    const owns = (prefixes: string[], glns?: string[]) => ({
      ...principal("org-a", ["brand_owner"]),
      scope: { prefixes, foreignPrefixes: [], grants: [], ...(glns ? { glns } : {}) },
    });
    expect(scopeOf(owns(["9506000"])).key).toBe(scopeOf(owns(["9506000"])).key);
    expect(scopeOf(owns(["9506000"])).key).not.toBe(scopeOf(owns(["9506001"])).key);
    expect(scopeOf(owns(["9506000"])).key).not.toBe(scopeOf(principal("org-a", ["brand_owner"])).key);
    expect(scopeOf(owns(["9506000"])).principal.scope).toEqual({ prefixes: ["9506000"], foreignPrefixes: [], grants: [] });
  });

  it("acts upstream as the scope, never as the subscriber who opened it", () => {
    const caller = principal("org-a", ["supplier", "brand_owner"], "user-7");
    const scope = scopeOf(caller);
    expect(scope.principal).toEqual({ sub: "subscription-scope:org-a", org: "org-a", roles: ["brand_owner", "supplier"], anonymous: false });
    expect(caller.roles).toEqual(["supplier", "brand_owner"]);
    expect(scopeOf(principal(null, ["operator"])).principal).toEqual({ sub: "subscription-scope:none", org: null, roles: ["operator"], anonymous: false });
  });
});

describe("resumesFromCursor", () => {
  const resumes = (source: string, variables: Record<string, unknown> = {}, name: string | null = null) => resumesFromCursor(parse(source), name, variables);

  it("is true when a top-level field is given a literal cursor", () => {
    expect(resumes(`subscription { unitMovements(after: "42") { cursor } }`)).toBe(true);
  });

  it("is false without a cursor, or with an explicit null", () => {
    expect(resumes(`subscription { unitMovements { cursor } }`)).toBe(false);
    expect(resumes(`subscription { unitMovements(after: null) { cursor } }`)).toBe(false);
    expect(resumes(`subscription { unitMovements(filter: { gtin: "09506000134352" }) { cursor } }`)).toBe(false);
  });

  it("reads a cursor passed as a variable", () => {
    const source = `subscription ($after: String) { unitMovements(after: $after) { cursor } }`;
    expect(resumes(source, { after: "42" })).toBe(true);
    expect(resumes(source, { after: "" })).toBe(true);
    expect(resumes(source, { after: null })).toBe(false);
    expect(resumes(source, {})).toBe(false);
  });

  it("looks only at the top level of the operation that runs", () => {
    expect(resumes(`subscription { unitMovements { units { children(after: "x") { id } } } }`)).toBe(false);
    expect(resumes(`subscription { ...F } fragment F on Subscription { unitMovements(after: "1") { cursor } }`)).toBe(false);
    const two = `subscription Live { unitMovements { cursor } } subscription Resume { unitMovements(after: "9") { cursor } }`;
    expect(resumes(two, {}, "Live")).toBe(false);
    expect(resumes(two, {}, "Resume")).toBe(true);
    expect(resumes(two, {}, "Missing")).toBe(false);
  });
});

describe("resumingOperation", () => {
  let schema: GatewayInternals["schema"];
  let gateway: ApolloGateway;
  beforeAll(async () => {
    gateway = new ApolloGateway({ supergraphSdl: readFileSync(SUPERGRAPH_PATH, "utf8") });
    await gateway.load();
    schema = gatewayInternals(gateway).schema;
  });
  afterAll(() => gateway.stop());

  it("adds a cursor variable to a subscription that was given none", () => {
    const resuming = resumingOperation(`subscription Live($f: MovementFilter) { unitMovements(filter: $f) { cursor } }`, schema);
    expect(resuming?.variable).toBe("__resumeAfter");
    expect(resuming?.operation).toContain("subscription Live($f: MovementFilter, $__resumeAfter: String)");
    expect(resuming?.operation).toContain("unitMovements(filter: $f, after: $__resumeAfter)");
  });

  it("reuses the variable the client passes its cursor in, and replaces a literal cursor", () => {
    const own = resumingOperation(`subscription ($a: String) { unitMovements(after: $a) { cursor } }`, schema);
    expect(own?.variable).toBe("a");
    expect(own?.operation).toContain("unitMovements(after: $a)");
    const literal = resumingOperation(`subscription { unitMovements(after: "7") { cursor } }`, schema);
    expect(literal?.operation).toContain("unitMovements(after: $__resumeAfter)");
    expect(literal?.operation).not.toContain('"7"');
  });

  it("is null for what is not a subscription, or a field that cannot resume", () => {
    expect(resumingOperation(`query { movementCursor }`, schema)).toBeNull();
    expect(resumingOperation(`subscription { unitMovements { cursor } unknownField }`, schema)).toBeNull();
    expect(resumingOperation(`subscription { ...F } fragment F on Subscription { unitMovements { cursor } }`, schema)).toBeNull();
  });
});

describe("closeReason", () => {
  it("keeps a reason that fits a WebSocket close frame (123 bytes)", () => {
    const reason = "x".repeat(123);
    expect(closeReason(reason)).toBe(reason);
  });

  it("shortens a longer reason to at most 123 bytes, ending with an ellipsis", () => {
    const short = closeReason(`Slow consumer: ${"y".repeat(200)}`);
    expect(short.startsWith("Slow consumer: yyy")).toBe(true);
    expect(short.endsWith("…")).toBe(true);
    expect(Buffer.byteLength(short)).toBeLessThanOrEqual(123);
    expect(Buffer.byteLength(short)).toBeGreaterThan(115);
  });

  it("counts bytes, not characters", () => {
    const short = closeReason("é".repeat(100));
    expect(Buffer.byteLength(short)).toBeLessThanOrEqual(123);
    expect(short.endsWith("…")).toBe(true);
  });
});

describe("describeUpstreamFailure", () => {
  it("keeps the code and extensions of a GraphQL error from the subgraph", () => {
    const failure = describeUpstreamFailure([{ message: "Not allowed.", extensions: { code: "FORBIDDEN", reason: "org" } }], "units");
    expect(failure).toEqual({ message: "Not allowed.", code: "FORBIDDEN", extensions: { code: "FORBIDDEN", reason: "org" } });
    expect(describeUpstreamFailure([{ message: "Odd." }], "units")).toEqual({ message: "Odd.", code: "UPSTREAM_ERROR", extensions: {} });
    expect(describeUpstreamFailure([{ message: "Odd.", extensions: { code: 7 } }], "units").code).toBe("UPSTREAM_ERROR");
  });

  it("names the service and the close code when the subgraph closed the stream", () => {
    expect(describeUpstreamFailure({ code: 1011, reason: "Internal error" }, "units")).toEqual({
      message: "The units service closed the stream (1011: Internal error).",
      code: "UPSTREAM_ERROR",
      extensions: { serviceName: "units", closeCode: 1011 },
    });
    expect(describeUpstreamFailure({ code: 1006, reason: "" }, "units").message).toBe("The units service closed the stream (1006).");
  });

  it("calls a failed connection SUBGRAPH_UNAVAILABLE with its cause", () => {
    expect(describeUpstreamFailure({ error: { code: "ECONNREFUSED", message: "connect ECONNREFUSED" } }, "units")).toEqual({
      message: "The units service is unavailable (ECONNREFUSED).",
      code: "SUBGRAPH_UNAVAILABLE",
      extensions: { serviceName: "units" },
    });
    expect(describeUpstreamFailure({ error: { message: "socket hang up" } }, "orders").message).toBe("The orders service is unavailable (socket hang up).");
    expect(describeUpstreamFailure({ message: "Unexpected server response: 502" }, "units").message).toBe("The units service is unavailable (Unexpected server response: 502).");
    expect(describeUpstreamFailure({ error: undefined }, "units").message).toBe("The units service is unavailable (connection failed).");
  });

  it("describes any other failure as UPSTREAM_ERROR, with its code once", () => {
    const reset = Object.assign(new Error("read failed"), { code: "ECONNRESET" });
    expect(describeUpstreamFailure(reset, "units")).toEqual({
      message: "The units stream failed (ECONNRESET: read failed).",
      code: "UPSTREAM_ERROR",
      extensions: { serviceName: "units" },
    });
    expect(describeUpstreamFailure(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }), "units").message).toBe("The units stream failed (read ECONNRESET).");
    expect(describeUpstreamFailure(new Error("boom"), "units").message).toBe("The units stream failed (boom).");
    expect(describeUpstreamFailure("gone", "units").message).toBe("The units stream failed (gone).");
    expect(describeUpstreamFailure(42, "units").message).toBe("The units stream failed (42).");
    expect(describeUpstreamFailure(undefined, "units").message).toBe("The units stream failed (undefined).");
  });

  it("does not mistake an array of non-errors for GraphQL errors", () => {
    expect(describeUpstreamFailure([1, 2], "units")).toEqual({ message: "The units stream failed ([1,2]).", code: "UPSTREAM_ERROR", extensions: { serviceName: "units" } });
    expect(describeUpstreamFailure([{ message: "x" }, "junk"], "units").message).toBe('The units stream failed ([{"message":"x"},"junk"]).');
  });

  it("describes an empty list of errors generically", () => {
    expect(describeUpstreamFailure([], "units")).toEqual({ message: "The upstream subscription failed.", code: "UPSTREAM_ERROR", extensions: {} });
  });
});

describe("SubscriptionFanout: one upstream subscription per (document, variables, scope)", () => {
  let gateway: ApolloGateway;
  let internals: GatewayInternals;
  let upstream: FakeUpstream;
  let fanout: SubscriptionFanout;
  const closed: { code: number; reason: string }[] = [];

  beforeAll(async () => {
    gateway = new ApolloGateway({ supergraphSdl: readFileSync(SUPERGRAPH_PATH, "utf8") });
    await gateway.load();
    internals = gatewayInternals(gateway);
  });
  afterAll(() => gateway.stop());

  beforeEach(() => {
    upstream = new FakeUpstream();
    fanout = new SubscriptionFanout(() => internals, upstream as unknown as UpstreamClients);
    closed.length = 0;
  });
  afterEach(() => fanout.stop());

  const request = (source: string, who: Principal, variables: Record<string, unknown> = {}, operationName: string | null = null): SubscriptionRequest => ({
    document: parse(source),
    operationName,
    variables,
    principal: who,
    close: (code, reason) => closed.push({ code, reason }),
  });
  const MOVEMENTS = `subscription ($filter: MovementFilter) { unitMovements(filter: $filter) { cursor eventId } }`;

  it("shares one upstream subscription between subscribers of one organization with the same roles", async () => {
    const first = fanout.subscribe(request(MOVEMENTS, principal("org-a", ["brand_owner", "logistics"], "alice"), { filter: { gtin: "09506000134352", bizStep: "shipping" } }));
    const second = fanout.subscribe(request(MOVEMENTS, principal("org-a", ["logistics", "brand_owner"], "bob"), { filter: { bizStep: "shipping", gtin: "09506000134352" } }));
    expect(upstream.opened).toHaveLength(1);
    expect(fanout.sharedCount).toBe(1);
    expect(fanout.subscriberCount).toBe(2);
    expect(upstream.opened[0]?.service).toBe("units");
    expect(upstream.opened[0]?.scopeKey).toBe("org-a|brand_owner,logistics");
    expect(upstream.opened[0]?.payload.variables).toEqual({ filter: { gtin: "09506000134352", bizStep: "shipping" } });

    upstream.opened[0]?.emit({ data: { unitMovements: { cursor: "7", eventId: "ni:///sha-256;abc?ver=CBV2.0" } } });
    const expected: ExecutionResult = { data: { unitMovements: { cursor: "7", eventId: "ni:///sha-256;abc?ver=CBV2.0" } } };
    expect((await first.next()).value).toEqual(expected);
    expect((await second.next()).value).toEqual(expected);
  });

  it("never shares between two roles of one organization, and acts upstream as each role only", () => {
    fanout.subscribe(request(MOVEMENTS, principal("org-a", ["brand_owner"], "alice")));
    fanout.subscribe(request(MOVEMENTS, principal("org-a", ["logistics"], "bob")));
    expect(upstream.opened).toHaveLength(2);
    expect(fanout.sharedCount).toBe(2);
    expect(upstream.opened.map((s) => s.principal.roles)).toEqual([["brand_owner"], ["logistics"]]);
    expect(upstream.opened.map((s) => s.scopeKey)).toEqual(["org-a|brand_owner", "org-a|logistics"]);
  });

  it("never shares between organizations, between documents, operations or variables", () => {
    fanout.subscribe(request(MOVEMENTS, principal("org-a", ["brand_owner"])));
    fanout.subscribe(request(MOVEMENTS, principal("org-b", ["brand_owner"])));
    fanout.subscribe(request(MOVEMENTS, principal("org-a", ["brand_owner"]), { filter: { gtin: "09506000134352" } }));
    fanout.subscribe(request(MOVEMENTS, principal("org-a", ["brand_owner"]), { filter: { gtin: "09506000134369" } }));
    fanout.subscribe(request(`subscription { unitMovements { cursor } }`, principal("org-a", ["brand_owner"])));
    const two = `subscription A { unitMovements { cursor } } subscription B { unitMovements { cursor } }`;
    fanout.subscribe(request(two, principal("org-a", ["brand_owner"]), {}, "A"));
    fanout.subscribe(request(two, principal("org-a", ["brand_owner"]), {}, "B"));
    expect(upstream.opened).toHaveLength(7);
    expect(fanout.sharedCount).toBe(7);
  });

  it("tells apart variables that differ only in a null, an empty filter or a value's type", () => {
    const who = principal("org-a", ["brand_owner"]);
    for (const variables of [
      { filter: { bizStep: "shipping" } },
      { filter: { bizStep: "shipping", gtin: null } },
      { filter: { includeErrorDeclarations: true } },
      { filter: { includeErrorDeclarations: "true" } },
      { filter: null },
      { filter: {} },
      {},
    ]) {
      fanout.subscribe(request(MOVEMENTS, who, variables));
    }
    expect(upstream.opened).toHaveLength(7);
  });

  it("lets a subscriber join a resuming subscription only before it delivered anything", async () => {
    const resume = `subscription ($after: String) { unitMovements(after: $after) { cursor } }`;
    const who = principal("org-a", ["brand_owner"]);
    const first = fanout.subscribe(request(resume, who, { after: "5" }));
    const second = fanout.subscribe(request(resume, who, { after: "5" }));
    expect(upstream.opened).toHaveLength(1);
    upstream.opened[0]?.emit({ data: { unitMovements: { cursor: "6" } } });
    expect((await first.next()).value).toEqual({ data: { unitMovements: { cursor: "6" } } });
    // A later subscriber with the same cursor must get the replay from "5" too, so it gets its own.
    const third = fanout.subscribe(request(resume, who, { after: "5" }));
    expect(upstream.opened).toHaveLength(2);
    expect(upstream.opened[1]?.payload.variables).toEqual({ after: "5" });
    upstream.opened[1]?.emit({ data: { unitMovements: { cursor: "6" } } });
    upstream.opened[0]?.emit({ data: { unitMovements: { cursor: "7" } } });
    expect((await third.next()).value).toEqual({ data: { unitMovements: { cursor: "6" } } });
    expect((await second.next()).value).toEqual({ data: { unitMovements: { cursor: "6" } } });
    expect((await second.next()).value).toEqual({ data: { unitMovements: { cursor: "7" } } });

    // A live subscription (no cursor) stays joinable after it delivered.
    const live = fanout.subscribe(request(resume, who, {}));
    upstream.opened[2]?.emit({ data: { unitMovements: { cursor: "7" } } });
    expect((await live.next()).value).toEqual({ data: { unitMovements: { cursor: "7" } } });
    fanout.subscribe(request(resume, who, {}));
    expect(upstream.opened).toHaveLength(3);
  });

  it("keeps the newer of two resuming subscriptions with the same cursor joinable when the older one ends", async () => {
    const resume = `subscription ($after: String) { unitMovements(after: $after) { cursor } }`;
    const who = principal("org-a", ["brand_owner"]);
    const old = fanout.subscribe(request(resume, who, { after: "5" }));
    upstream.opened[0]?.emit({ data: { unitMovements: { cursor: "6" } } });
    await old.next();
    fanout.subscribe(request(resume, who, { after: "5" }));
    expect(upstream.opened).toHaveLength(2);
    await old.return?.();
    expect(upstream.opened[0]?.closed).toBe(true);
    // The newer one has delivered nothing yet: a subscriber with the same cursor still joins it.
    fanout.subscribe(request(resume, who, { after: "5" }));
    expect(upstream.opened).toHaveLength(2);
    expect(upstream.opened[1]?.closed).toBe(false);
  });

  describe("a catch-up subscriber merges back into the shared live subscription once it is live", () => {
    const RESUME = `subscription ($after: String) { unitMovements(after: $after) { cursor } }`;
    /** An upstream event at stream position `n`, with the cursor extension the units subgraph attaches. */
    const at = (n: number) => ({ data: { unitMovements: { cursor: String(n) } }, extensions: { [STREAM_CURSOR_EXTENSION]: String(n) } });
    const read = async (stream: AsyncIterableIterator<ExecutionResult>, count: number) => {
      const out: unknown[] = [];
      for (let i = 0; i < count; i++) out.push(((await stream.next()).value as ExecutionResult).data?.unitMovements);
      return out.map((m) => (m as { cursor: string }).cursor);
    };
    const settle = () => new Promise((resolve) => setImmediate(resolve));

    it("hands the subscriber over when it reaches the live subscription's position: nothing missed, nothing twice", async () => {
      const who = principal("org-a", ["brand_owner"]);
      const live = fanout.subscribe(request(RESUME, who, { after: null }));
      upstream.opened[0]?.emit(at(10));
      expect(await read(live, 1)).toEqual(["10"]);
      const behind = fanout.subscribe(request(RESUME, who, { after: "5" }));
      expect(upstream.opened).toHaveLength(2);
      expect(upstream.opened[1]?.payload.variables).toEqual({ after: "5" });
      for (const n of [6, 7, 8, 9]) upstream.opened[1]?.emit(at(n));
      await settle();
      expect(fanout.sharedCount).toBe(2);
      upstream.opened[1]?.emit(at(10));
      await settle();
      // At 10 both have delivered the same position: one upstream subscription is left.
      expect(fanout.mergedCount).toBe(1);
      expect(fanout.sharedCount).toBe(1);
      expect(fanout.subscriberCount).toBe(2);
      expect(upstream.opened[1]?.closed).toBe(true);
      // What the closed one still sends is dropped; the live one delivers to both.
      upstream.opened[1]?.emit(at(11));
      upstream.opened[0]?.emit(at(11));
      upstream.opened[0]?.emit(at(12));
      expect(await read(behind, 7)).toEqual(["6", "7", "8", "9", "10", "11", "12"]);
      expect(await read(live, 2)).toEqual(["11", "12"]);
      // Leaving after the move leaves the live subscription, which goes on for the other.
      await behind.return?.();
      expect(fanout.subscriberCount).toBe(1);
      expect(upstream.opened[0]?.closed).toBe(false);
    });

    it("waits for the live subscription when the catch-up one is ahead of it", async () => {
      const who = principal("org-a", ["brand_owner"]);
      const live = fanout.subscribe(request(RESUME, who, {}));
      upstream.opened[0]?.emit(at(10));
      await read(live, 1);
      // Replaying from 10, it gets 11 and 12 before the live subscription does.
      const behind = fanout.subscribe(request(RESUME, who, { after: "10" }));
      for (const n of [11, 12]) upstream.opened[1]?.emit(at(n));
      await settle();
      expect(fanout.mergedCount).toBe(0);
      upstream.opened[0]?.emit(at(11));
      await settle();
      expect(fanout.mergedCount).toBe(0);
      upstream.opened[0]?.emit(at(12));
      await settle();
      expect(fanout.mergedCount).toBe(1);
      upstream.opened[0]?.emit(at(13));
      expect(await read(behind, 3)).toEqual(["11", "12", "13"]);
      expect(await read(live, 3)).toEqual(["11", "12", "13"]);
    });

    it("never merges across scopes, filters or documents that give the cursor no variable", async () => {
      const who = principal("org-a", ["brand_owner"]);
      const filtered = `subscription ($after: String, $filter: MovementFilter) { unitMovements(after: $after, filter: $filter) { cursor } }`;
      fanout.subscribe(request(filtered, who, { filter: { bizStep: "shipping" } }));
      fanout.subscribe(request(RESUME, principal("org-b", ["brand_owner"]), {}));
      fanout.subscribe(request(`subscription { unitMovements(after: "5") { cursor } }`, who));
      fanout.subscribe(request(filtered, who, { after: "5", filter: { bizStep: "receiving" } }));
      for (const stream of upstream.opened) stream.emit(at(10));
      await settle();
      expect(fanout.mergedCount).toBe(0);
      expect(fanout.sharedCount).toBe(4);
    });
  });

  it("closes the upstream subscription when its last subscriber leaves", async () => {
    const who = principal("org-a", ["brand_owner"]);
    const first = fanout.subscribe(request(MOVEMENTS, who));
    const second = fanout.subscribe(request(MOVEMENTS, who));
    await first.return?.();
    expect(upstream.opened[0]?.closed).toBe(false);
    expect(fanout.subscriberCount).toBe(1);
    await second.return?.();
    expect(upstream.opened[0]?.closed).toBe(true);
    expect(fanout.sharedCount).toBe(0);
    // The next subscriber opens a new one.
    fanout.subscribe(request(MOVEMENTS, who));
    expect(upstream.opened).toHaveLength(2);
  });

  it("resolves whenSubscribers once the count passes the test", async () => {
    const who = principal("org-a", ["brand_owner"]);
    let two = false;
    const waiting = fanout.whenSubscribers((n) => n === 2).then(() => (two = true));
    await expect(fanout.whenSubscribers((n) => n === 0)).resolves.toBeUndefined();
    const first = fanout.subscribe(request(MOVEMENTS, who));
    await Promise.resolve();
    expect(two).toBe(false);
    fanout.subscribe(request(MOVEMENTS, principal("org-b", ["brand_owner"])));
    await waiting;
    expect(two).toBe(true);
    const none = fanout.whenSubscribers((n) => n === 1);
    await first.return?.();
    await none;
    expect(fanout.subscriberCount).toBe(1);
  });

  it("closes a subscriber that falls behind, without holding back the others", async () => {
    fanout = new SubscriptionFanout(() => internals, upstream as unknown as UpstreamClients, { maxQueuedPerSubscriber: 2 });
    const who = principal("org-a", ["brand_owner"]);
    const slow = fanout.subscribe(request(MOVEMENTS, who));
    const fast = fanout.subscribe(request(MOVEMENTS, who));
    const received: unknown[] = [];
    const reading = (async () => {
      for await (const result of fast) {
        received.push(result.data);
        if (received.length === 4) break;
      }
    })();
    for (const cursor of ["1", "2", "3", "4"]) upstream.opened[0]?.emit({ data: { unitMovements: { cursor, eventId: cursor } } });
    await reading;
    expect(received).toHaveLength(4);
    expect(closed).toHaveLength(1);
    expect(closed[0]?.code).toBe(1008);
    expect(closed[0]?.reason).toContain("more than 2 messages");
    expect(Buffer.byteLength(closed[0]?.reason ?? "")).toBeLessThanOrEqual(123);
    expect((await slow.next()).done).toBe(true);
  });

  describe("when the subscribers' access changes", () => {
    const scoped = (prefixes: string[]): Principal => ({ ...principal("org-a", ["logistics"]), scope: { prefixes, foreignPrefixes: [], grants: [] } });
    const event = (cursor: string) => ({ data: { unitMovements: { cursor, eventId: `e${cursor}` } }, extensions: { streamCursor: cursor } });
    const flush = () => new Promise((resolve) => setImmediate(resolve));

    it("moves the subscription to the new scope, resuming after the last position delivered, with nothing twice", async () => {
      const sub = fanout.subscribe(request(MOVEMENTS, scoped(["9506000"]), { filter: { bizStep: "shipping" } }));
      const before = upstream.opened[0] as UpstreamStream;
      before.emit({ extensions: { streamCursor: "10" } });
      before.emit(event("11"));
      expect((await sub.next()).value).toEqual({ data: { unitMovements: { cursor: "11", eventId: "e11" } } });
      await flush();

      await fanout.rescopeAll(async (p) => ({ ...p, scope: { prefixes: ["9506000", "0614141"], foreignPrefixes: [], grants: [] } }));
      expect(before.closed).toBe(true);
      const after = upstream.opened[1] as UpstreamStream;
      expect(after.principal.scope).toEqual({ prefixes: ["9506000", "0614141"], foreignPrefixes: [], grants: [] });
      expect(after.payload.variables).toEqual({ filter: { bizStep: "shipping" }, __resumeAfter: "11" });
      expect(after.payload.query).toContain("after: $__resumeAfter");
      // What the old upstream still sends is dropped; the new one replays from 11 on.
      before.emit(event("12"));
      after.emit(event("12"));
      after.emit(event("13"));
      expect((await sub.next()).value).toEqual({ data: { unitMovements: { cursor: "12", eventId: "e12" } } });
      expect((await sub.next()).value).toEqual({ data: { unitMovements: { cursor: "13", eventId: "e13" } } });
      expect(fanout.sharedCount).toBe(1);
      expect(closed).toEqual([]);

      // A new subscriber with the new scope joins the moved subscription; an unchanged scope moves nothing.
      fanout.subscribe(request(MOVEMENTS, { ...scoped(["9506000", "0614141"]), sub: "someone" }, { filter: { bizStep: "shipping" } }));
      await fanout.rescopeAll(async (p) => p);
      expect(upstream.opened).toHaveLength(2);
    });

    it("resumes from where the stream started when nothing was delivered yet, and from the client's own cursor variable", async () => {
      const resume = `subscription ($after: String) { unitMovements(after: $after) { cursor } }`;
      fanout.subscribe(request(resume, scoped(["9506000"]), { after: "3" }));
      upstream.opened[0]?.emit({ extensions: { streamCursor: "3" } });
      await flush();
      await fanout.rescopeAll(async (p) => ({ ...p, scope: { prefixes: [], foreignPrefixes: [], grants: [] } }));
      expect(upstream.opened[1]?.payload.variables).toEqual({ after: "3" });
      expect(upstream.opened[1]?.payload.query).not.toContain("__resumeAfter");
    });

    it("ends the subscription, saying why, when no position is known to resume from", async () => {
      const sub = fanout.subscribe(request(MOVEMENTS, scoped(["9506000"])));
      await fanout.rescopeAll(async (p) => ({ ...p, scope: { prefixes: [], foreignPrefixes: [], grants: [] } }));
      await expect(sub.next()).rejects.toMatchObject({ extensions: { code: "UPSTREAM_ENDED" } });
      expect(upstream.opened[0]?.closed).toBe(true);
      expect(fanout.sharedCount).toBe(0);
    });

    it("moves every running subscription, also one that gave up its place in the share index", async () => {
      const resume = `subscription ($after: String) { unitMovements(after: $after) { cursor } }`;
      const first = fanout.subscribe(request(resume, scoped(["9506000"]), { after: "5" }));
      upstream.opened[0]?.emit({ extensions: { streamCursor: "5" } });
      upstream.opened[0]?.emit(event("6"));
      await first.next();
      // A later client with the same cursor gets a subscription of its own, which takes the index's place.
      fanout.subscribe(request(resume, scoped(["9506000"]), { after: "5" }));
      expect(upstream.opened).toHaveLength(2);
      upstream.opened[1]?.emit({ extensions: { streamCursor: "5" } });
      await flush();
      await fanout.rescopeAll(async (p) => ({ ...p, scope: { prefixes: [], foreignPrefixes: [], grants: [] } }));
      expect(upstream.opened.slice(0, 2).every((s) => s.closed)).toBe(true);
      expect(upstream.opened.slice(2).map((s) => [s.principal.scope?.prefixes, s.payload.variables.after])).toEqual([
        [[], "6"],
        [[], "5"],
      ]);
      expect(fanout.sharedCount).toBe(2);
    });

    it("leaves a subscription as it is when the scope cannot be had, and never moves an operator's", async () => {
      fanout.subscribe(request(MOVEMENTS, scoped(["9506000"])));
      fanout.subscribe(request(MOVEMENTS, principal(null, ["operator"])));
      upstream.opened[0]?.emit({ extensions: { streamCursor: "1" } });
      await flush();
      const asked: Principal[] = [];
      await fanout.rescopeAll(async (p) => {
        asked.push(p);
        return { ...p, scope: null };
      });
      expect(asked.map((p) => p.org)).toEqual(["org-a"]);
      expect(upstream.opened).toHaveLength(2);
      expect(upstream.opened.every((s) => !s.closed)).toBe(true);
    });
  });

  it("stop ends every subscription and disposes of the upstream clients", async () => {
    const who = principal("org-a", ["brand_owner"]);
    const sub = fanout.subscribe(request(MOVEMENTS, who));
    fanout.subscribe(request(MOVEMENTS, principal("org-b", ["brand_owner"])));
    await fanout.stop();
    expect(upstream.disposed).toBe(true);
    expect(upstream.opened.every((s) => s.closed)).toBe(true);
    expect(fanout.sharedCount).toBe(0);
    expect((await sub.next()).done).toBe(true);
  });
});
