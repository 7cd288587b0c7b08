import { type StreamRow, decodeMovementCursor, deliveredMovement, encodeMovementCursor, matchesMovement, mayFilterByOrganization, movementSeenBy } from "../movement.rules";

const PALLET = "https://id.gs1.org/00/095060001343520006";
const ITEM = "https://id.gs1.org/01/09506000134352/21/A1";

function row(over: Partial<StreamRow> = {}): StreamRow {
  return {
    position: "7",
    eventSeq: "7",
    eventId: "ni:///x",
    type: "ObjectEvent",
    action: "OBSERVE",
    bizStep: "shipping",
    disposition: "in_transit",
    readPoint: "https://id.gs1.org/414/9506000134369",
    bizLocation: null,
    eventTime: new Date(0),
    recordTime: new Date(0),
    errorDeclaration: false,
    capturedByOrg: "org-1",
    unitIds: [PALLET, ITEM],
    containerIds: [],
    lots: ["09506000134352/L1"],
    custody: {},
    traceParent: null,
    ...over,
  };
}

describe("matchesMovement", () => {
  it("matches everything with no criteria", () => {
    expect(matchesMovement({}, row())).toBe(true);
  });

  it("matches a unit filter on the unit itself and on the container it is in", () => {
    expect(matchesMovement({ unitId: ITEM }, row())).toBe(true);
    expect(matchesMovement({ unitId: PALLET }, row({ unitIds: [ITEM], containerIds: [PALLET] }))).toBe(true);
    expect(matchesMovement({ unitId: PALLET }, row({ unitIds: [ITEM], containerIds: [] }))).toBe(false);
  });

  it("matches a GTIN by the serialized units the event touched", () => {
    expect(matchesMovement({ gtin: "09506000134352" }, row())).toBe(true);
    expect(matchesMovement({ gtin: "04012345123456" }, row())).toBe(false);
  });

  it("matches a lot alone, or a lot of a given GTIN only", () => {
    expect(matchesMovement({ lot: "L1" }, row())).toBe(true);
    expect(matchesMovement({ lot: "L2" }, row())).toBe(false);
    expect(matchesMovement({ gtin: "09506000134352", lot: "L1" }, row())).toBe(true);
    expect(matchesMovement({ gtin: "04012345123456", lot: "L1" }, row())).toBe(false);
  });

  it("matches a location as read point or business location", () => {
    expect(matchesMovement({ location: "https://id.gs1.org/414/9506000134369" }, row())).toBe(true);
    expect(matchesMovement({ location: "https://id.gs1.org/414/1" }, row({ readPoint: null, bizLocation: "https://id.gs1.org/414/1" }))).toBe(true);
    expect(matchesMovement({ location: "https://id.gs1.org/414/2" }, row())).toBe(false);
  });

  it("requires every criterion to hold", () => {
    expect(matchesMovement({ bizStep: "shipping", disposition: "in_transit", organization: "org-1" }, row())).toBe(true);
    expect(matchesMovement({ bizStep: "shipping", organization: "org-2" }, row())).toBe(false);
    expect(matchesMovement({ bizStep: "receiving" }, row())).toBe(false);
  });

  it("leaves error declarations out only when asked", () => {
    expect(matchesMovement({}, row({ errorDeclaration: true }))).toBe(true);
    expect(matchesMovement({ errorDeclarations: false }, row({ errorDeclaration: true }))).toBe(false);
  });
});

describe("mayFilterByOrganization", () => {
  it("lets operators, compliance and regulators filter by any organization", () => {
    for (const role of ["operator", "compliance", "regulator"]) expect(mayFilterByOrganization({ org: null, roles: [role] }, "org-9")).toBe(true);
  });

  it("lets other callers filter by their own organization only", () => {
    expect(mayFilterByOrganization({ org: "org-1", roles: ["logistics"] }, "org-1")).toBe(true);
    expect(mayFilterByOrganization({ org: "org-1", roles: ["logistics"] }, "org-2")).toBe(false);
    expect(mayFilterByOrganization({ org: null, roles: ["logistics"] }, "org-2")).toBe(false);
  });
});

describe("movement cursors", () => {
  it("round-trips a position", () => {
    expect(decodeMovementCursor(encodeMovementCursor(123n))).toBe(123n);
  });

  it("refuses anything that is not a position", () => {
    for (const bad of ["", "-1", "01", "abc", "1e3", "99999999999999999999"]) expect(decodeMovementCursor(bad)).toBeNull();
  });
});

describe("the stream as a reader sees it", () => {
  const A1 = "https://id.gs1.org/01/09506000134352/21/A1";
  const B1 = "https://id.gs1.org/01/00614141123452/21/B1";
  const PALLET = "https://id.gs1.org/00/095060000000001234";
  const row = {
    position: "7",
    eventSeq: "7",
    eventId: "e7",
    type: "ObjectEvent",
    action: "OBSERVE",
    bizStep: "shipping",
    disposition: null,
    readPoint: null,
    bizLocation: null,
    eventTime: new Date("2026-03-01T11:00:00Z"),
    recordTime: new Date("2026-03-01T11:00:01Z"),
    errorDeclaration: false,
    capturedByOrg: "carrier",
    unitIds: [A1, B1],
    containerIds: [PALLET],
    lots: ["09506000134352/LA", "00614141123452/LB"],
    custody: { "4000001000005": [0] },
    traceParent: null,
  } as StreamRow;
  const brandB = { org: "b", mayRead: (id: string) => id.includes("/00614141") };

  it("leaves out the units, containers and lots the reader may not read", () => {
    expect(movementSeenBy(row, brandB)).toEqual({ ...row, unitIds: [B1], containerIds: [], lots: ["00614141123452/LB"] });
  });

  it("delivers nothing when no unit is left, and everything to the organization that captured it or a reader of all", () => {
    expect(movementSeenBy({ ...row, unitIds: [A1] }, brandB)).toBeNull();
    expect(movementSeenBy(row, { org: "carrier", mayRead: () => false })).toBe(row);
    expect(movementSeenBy(row, undefined)).toBe(row);
  });

  it("matches criteria on what the reader sees, so a filter cannot probe hidden units", () => {
    expect(deliveredMovement({ unitId: A1, reader: brandB }, row)).toBeNull();
    expect(deliveredMovement({ unitId: PALLET, reader: brandB }, row)).toBeNull();
    expect(deliveredMovement({ unitId: B1, reader: brandB }, row)).toMatchObject({ unitIds: [B1] });
    expect(deliveredMovement({ gtin: "09506000134352", lot: "LA", reader: brandB }, row)).toBeNull();
  });

  it("delivers to a custodian the units it holds around the event, and nothing else", () => {
    const pharmacy = { org: "ph", mayRead: () => false, isCustodian: (gln: string) => gln === "4000001000005" };
    expect(movementSeenBy(row, pharmacy)).toEqual({ ...row, unitIds: [A1], containerIds: [], lots: ["09506000134352/LA"] });
    expect(movementSeenBy(row, { ...pharmacy, isCustodian: () => false })).toBeNull();
  });
});
