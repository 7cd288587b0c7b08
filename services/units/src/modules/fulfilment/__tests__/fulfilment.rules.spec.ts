import { EPCIS_CONTEXT_URL, validateEpcisDocument } from "@tracehub/epcis";
import {
  MAX_FACTS_UNITS,
  MAX_ORDER_EVENTS,
  MAX_STOCK_EXCLUDED,
  MAX_STOCK_GTINS,
  MAX_STOCK_PER_GTIN,
  ORDER_EVENTS,
  UNIT_FACTS,
  UNIT_STOCK,
  asEpcisDocument,
  orderRecorder,
  readFactsRequest,
  readOrderEvents,
  readStockRequest,
} from "../fulfilment.rules";

const GTIN = "09506000134352";
const OTHER_GTIN = "09506000134369";
/** GTIN above with a wrong check digit (2 is right). */
const BAD_CHECK_DIGIT = "09506000134353";
const UNIT = `https://id.gs1.org/01/${GTIN}/21/S1`;

const objectEvent = (fields: Record<string, unknown> = {}) => ({
  type: "ObjectEvent",
  eventTime: "2026-01-01T00:00:00.000Z",
  eventTimeZoneOffset: "+00:00",
  epcList: [UNIT],
  action: "OBSERVE",
  bizStep: "inspecting",
  ...fields,
});
const order = (fields: Record<string, unknown> = {}) => ({ org: "org-seller", actor: "orders:picker", events: [objectEvent()], ...fields });
const scope = (fields: Record<string, unknown> = {}) => ({ prefixes: ["9506000"], foreignPrefixes: [], grants: [], ...fields });
const holder = (fields: Record<string, unknown> = {}) => ({ org: "org-seller", scope: scope(), ...fields });
const stock = (fields: Record<string, unknown> = {}) => ({ holder: holder(), gtins: [GTIN], perGtin: 5, ...fields });
const ids = (n: number) => Array.from({ length: n }, (_, i) => `${UNIT}-${i}`);

describe("the names and bounds of units' fulfilment endpoints", () => {
  it("are the topic and endpoint names orders uses", () => {
    expect([ORDER_EVENTS, UNIT_FACTS, UNIT_STOCK]).toEqual(["order.events", "unit-facts", "unit-stock"]);
    expect({ MAX_FACTS_UNITS, MAX_STOCK_GTINS, MAX_STOCK_PER_GTIN, MAX_STOCK_EXCLUDED, MAX_ORDER_EVENTS }).toEqual({
      MAX_FACTS_UNITS: 1_000,
      MAX_STOCK_GTINS: 100,
      MAX_STOCK_PER_GTIN: 500,
      MAX_STOCK_EXCLUDED: 4_000,
      MAX_ORDER_EVENTS: 10,
    });
  });
});

describe("an order.events payload", () => {
  it("reads org, actor and events", () => {
    expect(readOrderEvents(order())).toEqual({ org: "org-seller", actor: "orders:picker", events: [objectEvent()] });
  });

  it("accepts from 1 to 10 events", () => {
    expect(readOrderEvents(order({ events: [objectEvent()] }))?.events).toHaveLength(1);
    expect(readOrderEvents(order({ events: Array.from({ length: MAX_ORDER_EVENTS }, () => objectEvent()) }))?.events).toHaveLength(10);
  });

  it("cuts a long actor to 200 characters", () => {
    expect(readOrderEvents(order({ actor: "a".repeat(500) }))?.actor).toBe("a".repeat(200));
  });

  it.each<[string, unknown]>([
    ["null", null],
    ["undefined", undefined],
    ["a string", "order"],
    ["a number", 42],
    ["an array", [order()]],
    ["no org", { actor: "orders:picker", events: [objectEvent()] }],
    ["an empty org", order({ org: "" })],
    ["a numeric org", order({ org: 7 })],
    ["a null org", order({ org: null })],
    ["no actor", { org: "org-seller", events: [objectEvent()] }],
    ["a numeric actor", order({ actor: 1 })],
    ["no events", { org: "org-seller", actor: "orders:picker" }],
    ["events that are an object", order({ events: objectEvent() })],
    ["events that are a string", order({ events: "[]" })],
    ["zero events", order({ events: [] })],
    ["too many events", order({ events: Array.from({ length: MAX_ORDER_EVENTS + 1 }, () => objectEvent()) })],
    ["a null event", order({ events: [objectEvent(), null] })],
    ["an event that is an array", order({ events: [[objectEvent()]] })],
    ["an event that is a string", order({ events: ["ObjectEvent"] })],
    ["an event that is a number", order({ events: [1] })],
  ])("is refused with %s", (_, payload) => {
    expect(readOrderEvents(payload)).toBeNull();
  });
});

describe("the events of a message as an EPCIS document", () => {
  it("is valid against the EPCIS 2.0 schema for valid events", () => {
    const doc = asEpcisDocument([objectEvent(), objectEvent({ bizStep: "shipping", disposition: "in_transit" })], "2026-01-02T00:00:00.000Z");
    const checked = validateEpcisDocument(doc);
    expect(checked.errors).toEqual([]);
    expect(checked.valid).toBe(true);
  });

  it("wraps the events unchanged with the context, schema version and creation date", () => {
    const events = [objectEvent()];
    expect(asEpcisDocument(events, "2026-01-02T00:00:00.000Z")).toEqual({
      "@context": [EPCIS_CONTEXT_URL],
      type: "EPCISDocument",
      schemaVersion: "2.0",
      creationDate: "2026-01-02T00:00:00.000Z",
      epcisBody: { eventList: events },
    });
  });

  it("is invalid when an event is not valid EPCIS 2.0 (an ObjectEvent without action)", () => {
    const { action: _action, ...withoutAction } = objectEvent();
    expect(validateEpcisDocument(asEpcisDocument([withoutAction], "2026-01-02T00:00:00.000Z")).valid).toBe(false);
    expect(validateEpcisDocument(asEpcisDocument([objectEvent(), objectEvent({ action: "MOVE" })], "2026-01-02T00:00:00.000Z")).valid).toBe(false);
  });
});

describe("who records an order's events", () => {
  it("is the seller's organization, with the message's actor as subject", () => {
    const message = readOrderEvents(order({ org: "org-7", actor: "orders:u-1" }));
    expect(message).not.toBeNull();
    const principal = orderRecorder(message as NonNullable<typeof message>);
    expect(principal).toEqual({ sub: "orders:u-1", org: "org-7", roles: ["operator"], anonymous: false });
    expect(Object.isFrozen(principal)).toBe(true);
  });
});

describe("a unit-facts body", () => {
  it("reads unit ids without a holder (null or absent)", () => {
    expect(readFactsRequest({ unitIds: [UNIT] })).toEqual({ unitIds: [UNIT], holder: null });
    expect(readFactsRequest({ unitIds: [UNIT], holder: null })).toEqual({ unitIds: [UNIT], holder: null });
  });

  it("reads a holder, keeping its GLNs and dropping its grants (grants never make a holder)", () => {
    const grant = { grantor: "org-brand", prefixes: ["4012345"], foreignPrefixes: [], gtins: null, permissions: ["READ"] };
    expect(readFactsRequest({ unitIds: [UNIT], holder: holder({ scope: scope({ grants: [grant], glns: ["4000001000005"] }) }) })).toEqual({
      unitIds: [UNIT],
      holder: { org: "org-seller", scope: { prefixes: ["9506000"], foreignPrefixes: [], grants: [], glns: ["4000001000005"] } },
    });
    expect(readFactsRequest({ unitIds: [UNIT], holder: holder() })?.holder).toEqual({ org: "org-seller", scope: { prefixes: ["9506000"], foreignPrefixes: [], grants: [] } });
  });

  it("names each unit once", () => {
    expect(readFactsRequest({ unitIds: [UNIT, `${UNIT}-2`, UNIT, `${UNIT}-2`] })?.unitIds).toEqual([UNIT, `${UNIT}-2`]);
  });

  it("accepts up to 1,000 units", () => {
    expect(readFactsRequest({ unitIds: ids(MAX_FACTS_UNITS) })?.unitIds).toHaveLength(1_000);
  });

  it.each<[string, unknown]>([
    ["null", null],
    ["a string", "units"],
    ["an array", [UNIT]],
    ["no unitIds", { holder: holder() }],
    ["unitIds that are a string", { unitIds: UNIT }],
    ["a numeric unit id", { unitIds: [UNIT, 5] }],
    ["a null unit id", { unitIds: [null] }],
    ["an empty unit id", { unitIds: [""] }],
    ["a unit id over 400 characters", { unitIds: ["u".repeat(401)] }],
    ["too many unit ids", { unitIds: ids(MAX_FACTS_UNITS + 1) }],
  ])("is refused with %s", (_, body) => {
    expect(readFactsRequest(body)).toBeNull();
  });

  it.each<[string, unknown]>([
    ["a string", "org-seller"],
    ["no org", { scope: scope() }],
    ["a numeric org", holder({ org: 3 })],
    ["no scope", { org: "org-seller" }],
    ["a null scope", holder({ scope: null })],
    ["a string scope", holder({ scope: "all" })],
    ["no prefixes", holder({ scope: { foreignPrefixes: [], grants: [] } })],
    ["prefixes that are a string", holder({ scope: scope({ prefixes: "9506000" }) })],
    ["a prefix over 12 characters", holder({ scope: scope({ prefixes: ["9506000123456"] }) })],
    ["no foreign prefixes", holder({ scope: { prefixes: ["9506000"], grants: [] } })],
    ["a numeric foreign prefix", holder({ scope: scope({ foreignPrefixes: [4012345] }) })],
    ["no grants", holder({ scope: { prefixes: ["9506000"], foreignPrefixes: [] } })],
    ["grants that are an object", holder({ scope: scope({ grants: {} }) })],
    ["GLNs that are a string", holder({ scope: scope({ glns: "4000001000005" }) })],
    ["a GLN over 13 characters", holder({ scope: scope({ glns: ["40000010000051"] }) })],
  ])("is refused with a holder that is %s", (_, badHolder) => {
    expect(readFactsRequest({ unitIds: [UNIT], holder: badHolder })).toBeNull();
  });
});

describe("a unit-stock body", () => {
  it("reads holder, GTINs and perGtin, with nothing excluded and no location by default", () => {
    expect(readStockRequest(stock())).toEqual({
      holder: { org: "org-seller", scope: { prefixes: ["9506000"], foreignPrefixes: [], grants: [] } },
      gtins: [GTIN],
      perGtin: 5,
      excluded: [],
      location: null,
    });
    expect(readStockRequest(stock({ location: null }))?.location).toBeNull();
  });

  it("reads excluded units and a location", () => {
    const location = "https://id.gs1.org/414/4000001000005";
    expect(readStockRequest(stock({ excluded: [UNIT], location }))).toMatchObject({ excluded: [UNIT], location });
  });

  it("names each GTIN once", () => {
    expect(readStockRequest(stock({ gtins: [GTIN, OTHER_GTIN, GTIN] }))?.gtins).toEqual([GTIN, OTHER_GTIN]);
  });

  it("accepts perGtin from 1 to 500, 100 GTINs and 4,000 excluded units", () => {
    expect(readStockRequest(stock({ perGtin: 1 }))?.perGtin).toBe(1);
    expect(readStockRequest(stock({ perGtin: MAX_STOCK_PER_GTIN }))?.perGtin).toBe(500);
    expect(readStockRequest(stock({ gtins: Array.from({ length: MAX_STOCK_GTINS }, () => GTIN) }))?.gtins).toEqual([GTIN]);
    expect(readStockRequest(stock({ excluded: ids(MAX_STOCK_EXCLUDED) }))?.excluded).toHaveLength(4_000);
  });

  it.each<[string, unknown]>([
    ["null", null],
    ["a string", "stock"],
    ["no holder", { gtins: [GTIN], perGtin: 5 }],
    ["a null holder", stock({ holder: null })],
    ["a holder without org", stock({ holder: { scope: scope() } })],
    ["a holder without scope", stock({ holder: { org: "org-seller" } })],
    ["a holder without prefixes", stock({ holder: holder({ scope: { foreignPrefixes: [], grants: [] } }) })],
    ["a holder without grants", stock({ holder: holder({ scope: { prefixes: ["9506000"], foreignPrefixes: [] } }) })],
    ["no gtins", { holder: holder(), perGtin: 5 }],
    ["gtins that are a string", stock({ gtins: GTIN })],
    ["a numeric GTIN", stock({ gtins: [9506000134352] })],
    ["a GTIN with a wrong check digit", stock({ gtins: [GTIN, BAD_CHECK_DIGIT] })],
    ["a GTIN-13", stock({ gtins: [GTIN.slice(1)] })],
    ["a GTIN with letters", stock({ gtins: ["0950600013435A"] })],
    ["too many GTINs", stock({ gtins: Array.from({ length: MAX_STOCK_GTINS + 1 }, () => GTIN) })],
    ["no perGtin", { holder: holder(), gtins: [GTIN] }],
    ["perGtin 0", stock({ perGtin: 0 })],
    ["perGtin 501", stock({ perGtin: MAX_STOCK_PER_GTIN + 1 })],
    ["perGtin -1", stock({ perGtin: -1 })],
    ["a fractional perGtin", stock({ perGtin: 2.5 })],
    ["a perGtin that is a string", stock({ perGtin: "5" })],
    ["perGtin NaN", stock({ perGtin: Number.NaN })],
    ["perGtin Infinity", stock({ perGtin: Number.POSITIVE_INFINITY })],
    ["excluded that is a string", stock({ excluded: UNIT })],
    ["null excluded", stock({ excluded: null })],
    ["an empty excluded unit", stock({ excluded: [""] })],
    ["a numeric excluded unit", stock({ excluded: [1] })],
    ["too many excluded units", stock({ excluded: ids(MAX_STOCK_EXCLUDED + 1) })],
    ["a numeric location", stock({ location: 4000001000005 })],
    ["a location over 400 characters", stock({ location: "l".repeat(401) })],
  ])("is refused with %s", (_, body) => {
    expect(readStockRequest(body)).toBeNull();
  });
});
