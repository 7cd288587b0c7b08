import { validateEpcisDocument } from "@tracehub/epcis";
import { gs1CheckDigit } from "@tracehub/gs1";
import {
  ORDER_EVENTS,
  type StepFacts,
  assignedSscc,
  deliveryEvents,
  orderTransaction,
  packingEvent,
  returnDecisionEvent,
  returnReceivedEvent,
  returnTransaction,
  shippingEvent,
  ssccId,
  unpackingEvents,
} from "../fulfilment.rules";

const WAREHOUSE = "https://id.gs1.org/414/9506000000008";
const CUSTOMER_DOCK = "https://id.gs1.org/414/9506000000015";
const UNITS = ["https://id.gs1.org/01/09506000134352/21/S1", "https://id.gs1.org/01/09506000134352/21/S2"];
const SSCC = "095060000000000015";
const SSCC_ID = `https://id.gs1.org/00/${SSCC}`;
const TRANSACTION = "urn:tracehub:order:org-1:SO-1";
const RETURN_ID = "3f1c2a34-0000-4000-8000-000000000001";
const RMA = `urn:tracehub:rma:${RETURN_ID}`;
const AT = "2026-01-02T10:00:00.000Z";

/** A step of a business customer's order: shipped from the warehouse to the customer's dock. */
const step = (over: Partial<StepFacts> = {}): StepFacts => ({ at: AT, transaction: TRANSACTION, shipFrom: WAREHOUSE, shipTo: CUSTOMER_DOCK, ...over });
/** A step of a consumer's order from a seller whose location is unknown. */
const bare = step({ shipFrom: null, shipTo: null });

const po = { type: "po", bizTransaction: TRANSACTION };
const rma = { type: "rma", bizTransaction: RMA };
const at = (location: string) => ({ readPoint: { id: location }, bizLocation: { id: location } });
const timed = { eventTime: AT, eventTimeZoneOffset: "+00:00" };

/** The validation of `events` wrapped in an EPCIS 2.0 document. */
const validation = (events: unknown[]) =>
  validateEpcisDocument({
    "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
    type: "EPCISDocument",
    schemaVersion: "2.0",
    creationDate: "2026-01-01T00:00:00Z",
    epcisBody: { eventList: events },
  });

describe("the SSCC assigned to a shipment", () => {
  it("is extension digit 0, the company prefix, the zero-padded serial and the check digit", () => {
    expect(assignedSscc("9506000", 1n)).toBe(SSCC);
  });

  it.each<[string, bigint]>([
    ["9506000", 1n],
    ["9506000", 0n],
    ["9506000", 123_456_789n],
    ["950600", 42n],
    ["950600012345", 9_999n],
    ["950600012345678", 7n],
  ])("is 18 digits with a valid check digit (prefix %s, serial %s)", (prefix, serial) => {
    const sscc = assignedSscc(prefix, serial) as string;
    expect(sscc).toMatch(/^[0-9]{18}$/);
    expect(sscc[0]).toBe("0");
    expect(sscc.slice(1, 1 + prefix.length)).toBe(prefix);
    expect(BigInt(sscc.slice(1 + prefix.length, 17))).toBe(serial);
    expect(sscc[17]).toBe(gs1CheckDigit(sscc.slice(0, 17)));
  });

  it("takes the largest serial that fits, and no larger", () => {
    expect(assignedSscc("9506000", 999_999_999n)).toBe(`09506000999999999${gs1CheckDigit("09506000999999999")}`);
    expect(assignedSscc("9506000", 1_000_000_000n)).toBeNull();
    expect(assignedSscc("950600012345", 9_999n)).toBe(`0950600012345${"9999"}${gs1CheckDigit("09506000123459999")}`);
    expect(assignedSscc("950600012345", 10_000n)).toBeNull();
  });

  it("is null when the prefix leaves no room for a serial reference", () => {
    expect(assignedSscc("9506000123456789", 0n)).toBeNull();
    expect(assignedSscc("95060001234567890", 1n)).toBeNull();
  });

  it("has a canonical id under the GS1 Digital Link stem, AI 00", () => {
    expect(ssccId(SSCC)).toBe(SSCC_ID);
  });
});

describe("business transactions", () => {
  it("name an order by its seller and reference, percent-encoded", () => {
    expect(orderTransaction("org-1", "SO-1")).toBe(TRANSACTION);
    expect(orderTransaction("org 1", "SO/17:a")).toBe("urn:tracehub:order:org%201:SO%2F17%3Aa");
  });

  it("name a return as an RMA", () => {
    expect(returnTransaction(RETURN_ID)).toBe(RMA);
  });

  it("are recorded from the order.events topic", () => {
    expect(ORDER_EVENTS).toBe("order.events");
  });
});

describe("the events of an order's life", () => {
  it("packing: AggregationEvent ADD of the units into the SSCC, in progress, at the warehouse", () => {
    expect(packingEvent(step(), SSCC_ID, UNITS)).toEqual({
      type: "AggregationEvent",
      ...timed,
      bizStep: "packing",
      disposition: "in_progress",
      ...at(WAREHOUSE),
      action: "ADD",
      parentID: SSCC_ID,
      childEPCs: UNITS,
      bizTransactionList: [po],
    });
  });

  it("shipping: ObjectEvent OBSERVE of the SSCC, in transit, with source and destination", () => {
    expect(shippingEvent(step(), SSCC_ID)).toEqual({
      type: "ObjectEvent",
      ...timed,
      bizStep: "shipping",
      disposition: "in_transit",
      ...at(WAREHOUSE),
      action: "OBSERVE",
      epcList: [SSCC_ID],
      bizTransactionList: [po],
      sourceList: [{ type: "location", source: WAREHOUSE }],
      destinationList: [{ type: "location", destination: CUSTOMER_DOCK }],
    });
  });

  it("shipping leaves out the source and the destination it does not know", () => {
    const event = shippingEvent(bare, SSCC_ID);
    expect(event).not.toHaveProperty("sourceList");
    expect(event).not.toHaveProperty("destinationList");
    expect(event).not.toHaveProperty("readPoint");
    expect(event).not.toHaveProperty("bizLocation");
    expect(shippingEvent(step({ shipTo: null }), SSCC_ID)).toMatchObject({ sourceList: [{ type: "location", source: WAREHOUSE }] });
    expect(shippingEvent(step({ shipTo: null }), SSCC_ID)).not.toHaveProperty("destinationList");
  });

  it("delivery: the parcel opened (AggregationEvent DELETE) and the units sold (retail_selling, retail_sold), at a business customer's dock", () => {
    expect(deliveryEvents(step(), SSCC_ID, UNITS)).toEqual([
      { type: "AggregationEvent", ...timed, bizStep: "unpacking", ...at(CUSTOMER_DOCK), action: "DELETE", parentID: SSCC_ID, childEPCs: UNITS, bizTransactionList: [po] },
      { type: "ObjectEvent", ...timed, bizStep: "retail_selling", disposition: "retail_sold", ...at(CUSTOMER_DOCK), action: "OBSERVE", epcList: UNITS, bizTransactionList: [po] },
    ]);
  });

  it("delivery to a consumer (no shipTo) carries no location, not even the seller's", () => {
    const events = deliveryEvents(step({ shipTo: null }), SSCC_ID, UNITS);
    expect(events).toHaveLength(2);
    for (const event of events) {
      expect(event).not.toHaveProperty("readPoint");
      expect(event).not.toHaveProperty("bizLocation");
    }
    expect(events[0]).not.toHaveProperty("disposition");
  });

  it("a packed order cancelled: units out of the SSCC and back in stock, sellable, at the warehouse", () => {
    expect(unpackingEvents(step(), SSCC_ID, UNITS)).toEqual([
      { type: "AggregationEvent", ...timed, bizStep: "unpacking", ...at(WAREHOUSE), action: "DELETE", parentID: SSCC_ID, childEPCs: UNITS, bizTransactionList: [po] },
      { type: "ObjectEvent", ...timed, bizStep: "stocking", disposition: "sellable_accessible", ...at(WAREHOUSE), action: "OBSERVE", epcList: UNITS, bizTransactionList: [po] },
    ]);
  });

  it("a return received: ObjectEvent OBSERVE, receiving, returned, naming the order and the RMA", () => {
    expect(returnReceivedEvent(step(), UNITS[0] as string, RETURN_ID)).toEqual({
      type: "ObjectEvent",
      ...timed,
      bizStep: "receiving",
      disposition: "returned",
      ...at(WAREHOUSE),
      action: "OBSERVE",
      epcList: [UNITS[0]],
      bizTransactionList: [po, rma],
    });
  });

  it.each([
    ["RESTOCK", "stocking", "sellable_accessible"],
    ["QUARANTINE", "holding", "non_sellable_other"],
    ["DESTROY", "destroying", "destroyed"],
  ] as const)("a return decided %s: ObjectEvent OBSERVE, %s, %s, naming the RMA only", (decision, bizStep, disposition) => {
    const event = returnDecisionEvent(step(), UNITS[0] as string, RETURN_ID, decision);
    expect(event).toEqual({ type: "ObjectEvent", ...timed, bizStep, disposition, ...at(WAREHOUSE), action: "OBSERVE", epcList: [UNITS[0]], bizTransactionList: [rma] });
    expect(validation([event])).toEqual({ valid: true, errors: [] });
    expect(validation([returnDecisionEvent(bare, UNITS[0] as string, RETURN_ID, decision)])).toEqual({ valid: true, errors: [] });
  });

  it("places no location on an event whose place is unknown", () => {
    const events = [
      packingEvent(bare, SSCC_ID, UNITS),
      ...unpackingEvents(bare, SSCC_ID, UNITS),
      returnReceivedEvent(bare, UNITS[0] as string, RETURN_ID),
      returnDecisionEvent(bare, UNITS[0] as string, RETURN_ID, "RESTOCK"),
    ];
    for (const event of events) {
      expect(event).not.toHaveProperty("readPoint");
      expect(event).not.toHaveProperty("bizLocation");
    }
  });

  it("copies the unit list instead of sharing the caller's array", () => {
    const units = [...UNITS];
    const packed = packingEvent(step(), SSCC_ID, units);
    const [opened, sold] = deliveryEvents(step(), SSCC_ID, units);
    units.push("https://id.gs1.org/01/09506000134352/21/S3");
    expect(packed["childEPCs"]).toEqual(UNITS);
    expect(opened?.["childEPCs"]).toEqual(UNITS);
    expect(sold?.["epcList"]).toEqual(UNITS);
  });
});

describe("the events are valid EPCIS 2.0", () => {
  const allOf = (s: StepFacts) => [
    packingEvent(s, SSCC_ID, UNITS),
    shippingEvent(s, SSCC_ID),
    ...deliveryEvents(s, SSCC_ID, UNITS),
    ...unpackingEvents(s, SSCC_ID, UNITS),
    returnReceivedEvent(s, UNITS[0] as string, RETURN_ID),
    returnDecisionEvent(s, UNITS[0] as string, RETURN_ID, "RESTOCK"),
    returnDecisionEvent(s, UNITS[0] as string, RETURN_ID, "QUARANTINE"),
    returnDecisionEvent(s, UNITS[0] as string, RETURN_ID, "DESTROY"),
  ];

  it.each([
    ["with both locations", step()],
    ["from the warehouse to a consumer", step({ shipTo: null })],
    ["with no location at all", bare],
  ])("every builder's event, %s", (_what, s) => {
    const events = allOf(s);
    expect(events).toHaveLength(10);
    expect(validation(events)).toEqual({ valid: true, errors: [] });
    events.forEach((event) => expect(validation([event])).toEqual({ valid: true, errors: [] }));
  });

  it("with the SSCC the hub assigns and an encoded order transaction", () => {
    const sscc = ssccId(assignedSscc("950600012345", 17n) as string);
    const s = step({ transaction: orderTransaction("org 1", "SO/17") });
    expect(validation([packingEvent(s, sscc, UNITS), shippingEvent(s, sscc), ...deliveryEvents(s, sscc, UNITS)])).toEqual({ valid: true, errors: [] });
  });

  it("which the validator would refuse if a builder broke the schema (the check has teeth)", () => {
    const broken = { ...packingEvent(step(), SSCC_ID, UNITS), action: "MOVE" };
    expect(validation([broken]).valid).toBe(false);
  });
});
