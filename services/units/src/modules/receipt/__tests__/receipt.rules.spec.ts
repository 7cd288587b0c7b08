import type { Principal } from "@tracehub/auth";
import { canSeeNotice, defaultDespatchAdvice, isReceiver, reconcile } from "../receipt.rules";

const principal = (over: Partial<Principal> = {}): Principal => ({ sub: "x", org: "org-x", roles: ["logistics"], anonymous: false, ...over }) as Principal;
const notice = { shipperOrg: "shipper", receiverGln: "4000001000005" };

describe("who sees and acts on a notice", () => {
  it("shows it to its shipper, the organization at its receiving location, operators and regulators", () => {
    expect(canSeeNotice(principal({ org: "shipper" }), notice)).toBe(true);
    expect(canSeeNotice(principal({ scope: { prefixes: [], foreignPrefixes: [], grants: [], glns: ["4000001000005"] } }), notice)).toBe(true);
    expect(canSeeNotice(principal({ roles: ["operator"], org: null }), notice)).toBe(true);
    expect(canSeeNotice(principal({ roles: ["regulator"] }), notice)).toBe(true);
    expect(canSeeNotice(principal({ scope: { prefixes: [], foreignPrefixes: [], grants: [], glns: ["4000002000004"] } }), notice)).toBe(false);
    expect(canSeeNotice(principal({ org: null }), notice)).toBe(false);
    expect(canSeeNotice({ sub: null, org: null, roles: [], anonymous: true } as Principal, notice)).toBe(false);
  });

  it("lets only the receiving organization (or an operator) receive", () => {
    expect(isReceiver(principal({ scope: { prefixes: [], foreignPrefixes: [], grants: [], glns: ["4000001000005"] } }), notice)).toBe(true);
    expect(isReceiver(principal({ roles: ["operator"] }), notice)).toBe(true);
    expect(isReceiver(principal({ org: "shipper" }), notice)).toBe(false);
    expect(isReceiver(principal({ roles: ["regulator"] }), notice)).toBe(false);
  });
});

describe("reconciling a receipt with its notice", () => {
  const pallet = "sscc:1";
  const expected = [
    { unitId: pallet, containerId: null },
    { unitId: "a", containerId: pallet },
    { unitId: "b", containerId: pallet },
    { unitId: "loose", containerId: null },
  ];

  it("matches what came, misses what did not, and flags what was not announced", () => {
    expect(reconcile(expected, new Set([pallet, "a", "b", "stranger"]))).toEqual({ matched: ["a", "b", pallet].sort(), missing: ["loose"], unexpected: ["stranger"] });
  });

  it("counts a listed container as received when everything expected inside it came, even unscanned", () => {
    expect(reconcile(expected, new Set(["a", "b", "loose"]))).toEqual({ matched: ["a", "b", "loose", pallet].sort(), missing: [], unexpected: [] });
  });

  it("misses the container and the contents that did not come when only part of it arrived", () => {
    expect(reconcile(expected, new Set(["a"]))).toEqual({ matched: ["a"], missing: ["b", "loose", pallet].sort(), unexpected: [] });
  });

  it("misses everything when nothing came, and a container with no recorded contents until it is scanned", () => {
    expect(reconcile([{ unitId: "case", containerId: null }], new Set())).toEqual({ matched: [], missing: ["case"], unexpected: [] });
    expect(reconcile([{ unitId: "case", containerId: null }], new Set(["case"]))).toEqual({ matched: ["case"], missing: [], unexpected: [] });
  });

  it("follows containers inside containers", () => {
    const nested = [
      { unitId: "pallet", containerId: null },
      { unitId: "case", containerId: "pallet" },
      { unitId: "item", containerId: "case" },
    ];
    expect(reconcile(nested, new Set(["item"])).missing).toEqual([]);
    expect(reconcile(nested, new Set([])).missing).toEqual(["case", "item", "pallet"]);
  });

  it("names a notice's default despatch advice after its id", () => {
    expect(defaultDespatchAdvice("0b1c")).toBe("urn:tracehub:desadv:0b1c");
  });
});
