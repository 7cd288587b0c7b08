import { SubscriptionCloseCode } from "@tracehub/gateway";
import { type LiveSubscription, type TestHub, startHub, subscribe } from "@tracehub/testkit";

const GTIN = "09506000134352";
const BOUND = 5;
// Heavy messages fill the socket buffers in a few events: 200 units, each with its product's 2,000-character
// description ten times over (about 4 MB per message).
const ALIASES = Array.from({ length: 10 }, (_, i) => `d${i}: description`).join(" ");
const HEAVY = `subscription($after: String) { unitMovements(after: $after) { cursor eventId units { id product { ${ALIASES} } } } }`;

type Msg = { unitMovements: { cursor: string; eventId: string } };

describe("a slow consumer", () => {
  let hub: TestHub;
  let operator: string;
  let units: string[];
  const open: LiveSubscription<unknown>[] = [];

  beforeAll(async () => {
    hub = await startHub({ maxQueuedPerSubscriber: BOUND });
    operator = await hub.token();
    const res = await hub.query(`mutation($input: UpsertProductInput!) { upsertProduct(input: $input) { gtin } }`, { input: { gtin: GTIN, name: "Heavy", description: "x".repeat(2_000) } }, operator);
    expect(res.errors).toBeUndefined();
    units = (await hub.seed.units({ gtin: GTIN, count: 200, serialType: "SEQUENTIAL" })).unitIds;
  });
  afterAll(async () => {
    await Promise.all(open.splice(0).map((s) => s.dispose()));
    await hub?.stop();
  });

  it("is closed with a clear code once its buffer overflows, while the others get every event, and it resumes from its last cursor", async () => {
    const fanout = hub.gateway.subscriptions.fanout;
    const after = (await hub.query<{ movementCursor: string }>(`{ movementCursor }`, {}, operator)).data!.movementCursor;
    const fast = subscribe<Msg>(hub.wsUrl, HEAVY, { after }, { token: operator });
    const slow = subscribe<Msg>(hub.wsUrl, HEAVY, { after }, { token: operator });
    open.push(fast as LiveSubscription<unknown>, slow as LiveSubscription<unknown>);
    await fanout.whenSubscribers((n) => n === 2);

    const published: string[] = [];
    const scan = async () => {
      const res = await hub.query<{ recordMovement: { eventId: string } }>(
        `mutation($input: RecordMovementInput!) { recordMovement(input: $input) { eventId } }`,
        { input: { codes: units, bizStep: "inspecting", bizLocation: `urn:epc:id:sgln:9506000.13436.${published.length + 1}` } },
        operator,
      );
      expect(res.errors).toBeUndefined();
      published.push(res.data!.recordMovement.eventId);
    };
    await scan();
    await slow.take(1);
    slow.socket()!.pause(); // stops reading: the kernel buffers fill, then the gateway's bounded queue for it
    let dropped = false;
    void fanout.whenSubscribers((n) => n === 1).then(() => (dropped = true));
    while (!dropped) {
      await scan();
      await fast.take(published.length);
    }
    // The slow one reads again: what was in flight, then the close frame.
    slow.socket()!.resume();
    const { code, reason } = await slow.closed;
    expect(code).toBe(SubscriptionCloseCode.SlowConsumer);
    expect(reason).toMatch(/Slow consumer.*after/);
    // The fast one was never held back: it has every event, in order.
    await scan();
    expect((await fast.take(published.length)).map((m) => m.unitMovements.eventId)).toEqual(published);

    // What the slow one got before it was cut off is a prefix; resuming from its last cursor gives the rest exactly.
    const got = slow.received.map((m) => m.unitMovements.eventId);
    expect(got.length).toBeLessThan(published.length);
    expect(got).toEqual(published.slice(0, got.length));
    const resumed = subscribe<Msg>(hub.wsUrl, HEAVY, { after: slow.received.at(-1)!.unitMovements.cursor }, { token: operator });
    open.push(resumed as LiveSubscription<unknown>);
    const rest = published.slice(got.length);
    expect((await resumed.take(rest.length)).map((m) => m.unitMovements.eventId)).toEqual(rest);
  });
});
