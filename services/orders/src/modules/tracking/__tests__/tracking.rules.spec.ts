import { isTrackingToken, milestonesOf, newTrackingToken, trackingHash } from "../tracking.rules";

const SAMPLE = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd";
const TOKEN = `${SAMPLE}e`;

describe("tracking tokens", () => {
  it("are 43 characters of base64url, 32 random bytes, of the shape the hub looks up", () => {
    for (let i = 0; i < 50; i += 1) {
      const token = newTrackingToken();
      expect(token).toHaveLength(43);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
      expect(isTrackingToken(token)).toBe(true);
    }
  });

  it("are new each time", () => {
    const tokens = new Set(Array.from({ length: 100 }, () => newTrackingToken()));
    expect(tokens.size).toBe(100);
  });

  it("of the right shape are accepted, whatever their letters", () => {
    expect(TOKEN).toHaveLength(43);
    expect(isTrackingToken(TOKEN)).toBe(true);
    expect(isTrackingToken("_".repeat(43))).toBe(true);
    expect(isTrackingToken("-".repeat(43))).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["42 characters", TOKEN.slice(1)],
    ["44 characters", `${TOKEN}A`],
    ["with a standard base64 '+'", `${SAMPLE}+`],
    ["with a standard base64 '/'", `${SAMPLE}/`],
    ["with base64 padding", `${SAMPLE}=`],
    ["with a space", `${SAMPLE} `],
    ["with a dot", `${SAMPLE}.`],
    ["with a letter outside ASCII", `${SAMPLE}é`],
    ["followed by a newline", `${TOKEN}\n`],
    ["preceded by a newline", `\n${TOKEN}`],
    ["a UUID", "3f1c2a34-0000-4000-8000-000000000001"],
    ["hex of 64 characters", "a".repeat(64)],
  ])("of another shape are refused: %s", (_what, token) => {
    expect(isTrackingToken(token)).toBe(false);
  });
});

describe("a token's stored hash", () => {
  it("is its SHA-256 in lower-case hex", () => {
    expect(trackingHash("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(trackingHash(TOKEN)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is the same for the same token and differs between tokens", () => {
    expect(trackingHash(TOKEN)).toBe(trackingHash(`${TOKEN}`));
    expect(trackingHash(TOKEN)).not.toBe(trackingHash(`${SAMPLE}f`));
    expect(trackingHash(TOKEN)).not.toBe(TOKEN);
  });
});

describe("an order's public milestones", () => {
  const t = (hour: number) => new Date(Date.UTC(2026, 0, 2, hour));
  const order = (over: Partial<Parameters<typeof milestonesOf>[0]> = {}) => ({
    createdAt: t(1),
    allocatedAt: null,
    packedAt: null,
    shippedAt: null,
    deliveredAt: null,
    cancelledAt: null,
    ...over,
  });

  it("lists an order's whole life in time order", () => {
    expect(milestonesOf(order({ allocatedAt: t(2), packedAt: t(3), shippedAt: t(4), deliveredAt: t(5) }))).toEqual([
      { milestone: "ORDERED", at: t(1) },
      { milestone: "PICKED", at: t(2) },
      { milestone: "PACKED", at: t(3) },
      { milestone: "SHIPPED", at: t(4) },
      { milestone: "DELIVERED", at: t(5) },
    ]);
  });

  it("leaves out what did not happen", () => {
    expect(milestonesOf(order())).toEqual([{ milestone: "ORDERED", at: t(1) }]);
    expect(milestonesOf(order({ allocatedAt: t(2), cancelledAt: t(3) }))).toEqual([
      { milestone: "ORDERED", at: t(1) },
      { milestone: "PICKED", at: t(2) },
      { milestone: "CANCELLED", at: t(3) },
    ]);
  });

  it("orders by time, not by kind", () => {
    expect(milestonesOf(order({ createdAt: t(5), allocatedAt: t(2), shippedAt: t(1), cancelledAt: t(3) })).map((m) => m.milestone)).toEqual([
      "SHIPPED",
      "PICKED",
      "CANCELLED",
      "ORDERED",
    ]);
  });

  it("keeps the order of the life for milestones at the same time", () => {
    expect(milestonesOf(order({ allocatedAt: t(2), packedAt: t(2), shippedAt: t(2) })).map((m) => m.milestone)).toEqual(["ORDERED", "PICKED", "PACKED", "SHIPPED"]);
  });

  it("says only what happened and when", () => {
    for (const milestone of milestonesOf(order({ allocatedAt: t(2), deliveredAt: t(3) }))) {
      expect(Object.keys(milestone).sort()).toEqual(["at", "milestone"]);
    }
  });
});
