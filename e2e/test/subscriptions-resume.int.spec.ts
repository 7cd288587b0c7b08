import { type LiveSubscription, type TestHub, startHub, subscribe } from "@tracehub/testkit";
import { Client } from "pg";

const GTIN = "09506000134352";
const DOCK = "https://id.gs1.org/414/9506000134369";
const MOVEMENTS = `subscription($filter: MovementFilter, $after: String) { unitMovements(filter: $filter, after: $after) { cursor eventId units { id } } }`;

type Msg = { unitMovements: { cursor: string; eventId: string; units: { id: string }[] } };

describe("nothing missed: cursors, resume, out-of-order commits, replicas", () => {
  let hub: TestHub;
  let operator: string;
  let units: string[];
  const open: LiveSubscription<unknown>[] = [];

  function live(url: string, variables: Record<string, unknown>): LiveSubscription<Msg> {
    const sub = subscribe<Msg>(url, MOVEMENTS, variables, { token: operator });
    open.push(sub as LiveSubscription<unknown>);
    return sub;
  }

  async function cursorNow(): Promise<string> {
    return (await hub.query<{ movementCursor: string }>(`{ movementCursor }`, {}, operator)).data!.movementCursor;
  }

  let scans = 0;
  /** Records a scan; each one at its own read point, so no two are the same event (same hash) even within a second. */
  async function move(codes: string[], via: TestHub = hub): Promise<string> {
    const res = await via.query<{ recordMovement: { eventId: string } }>(
      `mutation($input: RecordMovementInput!) { recordMovement(input: $input) { eventId } }`,
      { input: { codes, bizStep: "inspecting", readPoint: DOCK, bizLocation: `urn:epc:id:sgln:9506000.13436.${++scans}` } },
      operator,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.recordMovement.eventId;
  }

  const ids = (msgs: Msg[]) => msgs.map((m) => m.unitMovements.eventId);

  beforeAll(async () => {
    hub = await startHub();
    operator = await hub.token();
    await hub.seed.product(GTIN, "A");
    units = (await hub.seed.units({ gtin: GTIN, count: 20, serialType: "SEQUENTIAL" })).unitIds;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.dispose()));
  });
  afterAll(() => hub?.stop());

  it("resumes after a disconnect with exactly the missed events, in order, then live ones, none twice", async () => {
    const filter = { gtin: GTIN };
    const first = live(hub.wsUrl, { filter, after: await cursorNow() });
    const e1 = await move([units[0]!]);
    const e2 = await move([units[1]!]);
    const seen = await first.take(2);
    expect(ids(seen)).toEqual([e1, e2]);
    await first.dispose();

    const missed = [await move([units[2]!]), await move([units[3]!]), await move([units[4]!])];
    const resumed = live(hub.wsUrl, { filter, after: seen[1]!.unitMovements.cursor });
    expect(ids(await resumed.take(3))).toEqual(missed);
    const e6 = await move([units[5]!]);
    const e7 = await move([units[6]!]);
    expect(ids(await resumed.take(5))).toEqual([...missed, e6, e7]);
  });

  it("has no gap and no duplicate at the seam when events keep arriving while the backlog replays", async () => {
    const start = await cursorNow();
    const backlog: string[] = [];
    for (let i = 0; i < 30; i++) backlog.push(await move([units[i % 20]!]));
    const sub = live(hub.wsUrl, { after: start });
    const during: Promise<string>[] = [];
    for (let i = 0; i < 30; i++) during.push(move([units[(i + 7) % 20]!]));
    const liveIds = await Promise.all(during);
    const got = await sub.take(60);
    expect(ids(got.slice(0, 30))).toEqual(backlog);
    expect(new Set(ids(got.slice(30)))).toEqual(new Set(liveIds));
    const cursors = got.map((m) => BigInt(m.unitMovements.cursor));
    expect(cursors.every((c, i) => i === 0 || c === cursors[i - 1]! + 1n)).toBe(true);
  });

  it("delivers a transaction that started first but committed last, and a resume from the earlier commit still gets it", async () => {
    const [slowUnit, fastUnit] = [units[10]!, units[11]!];
    const start = await cursorNow();
    const sub = live(hub.wsUrl, { after: start });
    const blocker = new Client({ connectionString: hub.databaseUrl });
    const watcher = new Client({ connectionString: hub.databaseUrl });
    await Promise.all([blocker.connect(), watcher.connect()]);
    try {
      await blocker.query("BEGIN");
      await blocker.query(`SELECT 1 FROM "units"."unit" WHERE "id" = $1 FOR UPDATE`, [slowUnit]);
      // The slow capture starts: its event row is inserted, then it waits for the unit lock.
      const slow = move([slowUnit]);
      for (;;) {
        // (Outside the blocker's transaction: pg_stat_activity is a snapshot per transaction.)
        const { rows } = await watcher.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name = 'tracehub-units'`);
        if (rows[0].n > 0) break;
      }
      const fast = await move([fastUnit]);
      const [firstDelivered] = await sub.take(1);
      expect(firstDelivered!.unitMovements.eventId).toBe(fast);
      await blocker.query("COMMIT");
      const slowId = await slow;
      const both = await sub.take(2);
      expect(ids(both)).toEqual([fast, slowId]);

      // The slow one has the smaller log id (it started first) but the later stream position.
      const { rows } = await blocker.query(
        `SELECT m."position"::text, e."seq"::text FROM "units"."movement_stream" m JOIN "units"."event" e ON e."seq" = m."event_seq" WHERE e."event_id" = ANY($1) ORDER BY m."position"`,
        [[fast, slowId]],
      );
      expect(BigInt(rows[0].seq)).toBeGreaterThan(BigInt(rows[1].seq));

      // A reader that stopped right after the fast commit resumes and still gets the slow one.
      const resumed = live(hub.wsUrl, { after: both[0]!.unitMovements.cursor });
      expect(ids(await resumed.take(1))).toEqual([slowId]);
    } finally {
      await blocker.query("ROLLBACK").catch(() => undefined);
      await Promise.all([blocker.end(), watcher.end()]);
    }
  });

  describe("two gateway replicas on one database", () => {
    let replica: TestHub;

    beforeAll(async () => {
      replica = await startHub({ databaseUrl: hub.databaseUrl, secrets: hub.secrets });
    });
    afterAll(() => replica?.stop());

    it("delivers every event to the subscribers of each replica, whichever replica captured it", async () => {
      const after = await cursorNow();
      const onFirst = live(hub.wsUrl, { after });
      const onSecond = live(replica.wsUrl, { after });
      const a = await move([units[12]!], hub);
      const b = await move([units[13]!], replica);
      expect(ids(await onFirst.take(2))).toEqual([a, b]);
      expect(ids(await onSecond.take(2))).toEqual([a, b]);
    });

    it("reads the stream once per wake-up, not once per subscriber", async () => {
      const after = await cursorNow();
      const fanout = replica.gateway.subscriptions.fanout;
      const ready = fanout.whenSubscribers((n) => n >= 20);
      const subs = units.map((u) => live(replica.wsUrl, { filter: { code: u }, after }));
      await ready;
      // Each subscription's first (empty) replay page is behind us once one event has reached all of them.
      await move(units);
      await Promise.all(subs.map((s) => s.take(1)));
      replica.sql.units.reset();
      await move(units);
      await Promise.all(subs.map((s) => s.take(2)));
      const tails = replica.sql.units.background.filter((q) => /FROM "units"\."movement_stream" WHERE "position" > \$1 ORDER BY/.test(q));
      expect(tails.length).toBeGreaterThanOrEqual(1);
      expect(tails.length).toBeLessThanOrEqual(3); // the wake-up, plus at most an idle poll or two; never 20
    });
  });
});
