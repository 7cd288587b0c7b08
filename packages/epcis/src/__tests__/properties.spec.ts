/**
 * Property tests (fast-check) on generated ObjectEvents: GTIN-based SGTIN EPCs written as EPC URNs or as Digital
 * Links (any host, optional lot), SGLN read points, every CBV bizStep and disposition, times with offsets and
 * fractions, business transactions and ILMD. EPC forms are built here from the digits (own check digit and
 * percent-encoding), not with @tracehub/gs1, so the URN/Digital Link property checks the library against an
 * independent writer.
 */
import fc from "fast-check";
import { BIZ_STEPS, BIZ_TRANSACTION_TYPES, DISPOSITIONS } from "../cbv";
import { EPCIS_CONTEXT_URL } from "../context";
import { EpcFormat, toEpcisDocument } from "../export";
import { eventHashId } from "../hash";
import { normalizeEpcisDocument } from "../normalize";
import { validateEpcisDocument } from "../validate";

const RUNS = Number(process.env["EPCIS_PROPERTY_RUNS"] ?? 500);
const casesRun: Record<string, number> = {};

afterAll(() => {
  // Printed so that the number of generated cases is visible in the test output.
  const total = Object.values(casesRun).reduce((a, b) => a + b, 0);
  process.stdout.write(`epcis property tests: ${total} generated cases (${Object.entries(casesRun).map(([k, v]) => `${k}: ${v}`).join(", ")})\n`);
});

function check<T>(name: string, arb: fc.Arbitrary<T>, predicate: (value: T) => void): void {
  casesRun[name] = 0;
  fc.assert(
    fc.property(arb, (value) => {
      casesRun[name] = (casesRun[name] ?? 0) + 1;
      predicate(value);
    }),
    { numRuns: RUNS },
  );
  expect(casesRun[name]).toBe(RUNS);
}

// ------------------------------------------------------------------------------------------------------------------
// independent identifier writers

const checkDigit = (body: string): string => {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
};
/** GS1 AI encodable character set 82. */
const CSET82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
/** Digital Link values: everything outside RFC 3986 "unreserved" percent-encoded. */
const dlEncode = (s: string): string => s.replace(/[^A-Za-z0-9\-._~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
/** EPC URN components: the characters TDS requires to be escaped. */
const urnEscape = (s: string): string => s.replace(/["%&/<>?]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const digits = (min: number, max = min): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
const cset82 = (max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...CSET82), minLength: 1, maxLength: max });

interface Sgtin { gcp: string; indicator: string; itemRef: string; serial: string; gtin: string; lot: string | undefined; host: string }

const sgtin: fc.Arbitrary<Sgtin> = fc.integer({ min: 6, max: 12 }).chain((L) =>
  fc.record({
    gcp: digits(L),
    indicator: digits(1),
    itemRef: digits(12 - L),
    serial: cset82(20),
    lot: fc.option(cset82(20), { nil: undefined }),
    host: fc.constantFrom("https://id.gs1.org", "https://example.com", "https://brand.example.org/dl", "http://id.gs1.org"),
  }).map((p) => {
    const body = p.indicator + p.gcp + p.itemRef;
    return { ...p, gtin: body + checkDigit(body) };
  }),
);
const sgtinUrn = (s: Sgtin): string => `urn:epc:id:sgtin:${s.gcp}.${s.indicator}${s.itemRef}.${urnEscape(s.serial)}`;
const sgtinDl = (s: Sgtin): string => `${s.host}/01/${s.gtin}${s.lot === undefined ? "" : `/10/${dlEncode(s.lot)}`}/21/${dlEncode(s.serial)}`;

interface Sgln { gcp: string; locRef: string; ext: string | undefined; gln: string }
const sgln: fc.Arbitrary<Sgln> = fc.integer({ min: 6, max: 12 }).chain((L) =>
  fc.record({ gcp: digits(L), locRef: digits(12 - L), ext: fc.option(cset82(20).filter((e) => e !== "0"), { nil: undefined }) })
    .map((p) => ({ ...p, gln: p.gcp + p.locRef + checkDigit(p.gcp + p.locRef) })),
);
const sglnUrn = (s: Sgln): string => `urn:epc:id:sgln:${s.gcp}.${s.locRef}.${s.ext === undefined ? "0" : urnEscape(s.ext)}`;
const sglnDl = (s: Sgln): string => `https://id.gs1.org/414/${s.gln}${s.ext === undefined ? "" : `/254/${dlEncode(s.ext)}`}`;

// ------------------------------------------------------------------------------------------------------------------
// events

const offset = fc.oneof(
  fc.record({ sign: fc.constantFrom("+", "-"), h: fc.integer({ min: 0, max: 13 }), m: fc.integer({ min: 0, max: 59 }) })
    .map(({ sign, h, m }) => `${sign}${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`),
  fc.constantFrom("+14:00", "-14:00", "Z"),
);
const time = fc
  .record({
    ms: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2035, 11, 31) }),
    fraction: fc.oneof(fc.constant(""), digits(1, 6).map((d) => `.${d}`)),
    offset,
  })
  .map(({ ms, fraction, offset: off }) => `${new Date(ms).toISOString().slice(0, 19)}${fraction}${off}`);
const tzOffset = offset.map((o) => (o === "Z" ? "+00:00" : o));

const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,11}$/);
const bizTransaction: fc.Arbitrary<Record<string, string>> = fc.record({
  type: fc.option(fc.constantFrom(...BIZ_TRANSACTION_TYPES), { nil: undefined }),
  bizTransaction: fc.oneof(
    digits(1, 8).map((n) => `http://transaction.example.com/po/${n}`),
    fc.tuple(digits(13), digits(1, 6)).map(([g, n]) => `urn:epcglobal:cbv:bt:${g}:${n}`),
  ),
}).map((b): Record<string, string> => (b.type === undefined ? { bizTransaction: b.bizTransaction } : { type: b.type, bizTransaction: b.bizTransaction }));
const ilmd = fc.record(
  { "example:lot": word, "example:bestBefore": time, "example:origin": fc.record({ "example:country": word, "example:farm": word }) },
  { requiredKeys: ["example:lot"] },
);

interface Spec {
  epcs: Sgtin[];
  readPoint: Sgln | undefined;
  eventTime: string;
  eventTimeZoneOffset: string;
  bizStep: string | undefined;
  disposition: string | undefined;
  bizTransactionList: Array<Record<string, string>>;
  ilmd: Record<string, unknown> | undefined;
  action: "ADD" | "OBSERVE" | "DELETE";
}

const spec: fc.Arbitrary<Spec> = fc
  .record({
    epcs: fc.uniqueArray(sgtin, { minLength: 1, maxLength: 6, selector: (s) => `${s.gtin}/${s.serial}` }),
    readPoint: fc.option(sgln, { nil: undefined }),
    eventTime: time,
    eventTimeZoneOffset: tzOffset,
    bizStep: fc.option(fc.constantFrom(...BIZ_STEPS), { nil: undefined }),
    disposition: fc.option(fc.constantFrom(...DISPOSITIONS), { nil: undefined }),
    bizTransactionList: fc.array(bizTransaction, { maxLength: 3 }),
    ilmd: fc.option(ilmd, { nil: undefined }),
    action: fc.constantFrom("ADD" as const, "OBSERVE" as const, "DELETE" as const),
  })
  // ILMD belongs to ObjectEvents with action ADD only.
  .map((s) => (s.ilmd !== undefined ? { ...s, action: "ADD" as const } : s));

type Form = "urn" | "dl" | "mixed";

function event(s: Spec, form: Form): Record<string, unknown> {
  const e: Record<string, unknown> = {
    type: "ObjectEvent",
    eventTime: s.eventTime,
    eventTimeZoneOffset: s.eventTimeZoneOffset,
    epcList: s.epcs.map((x, i) => (form === "urn" || (form === "mixed" && i % 2 === 0) ? sgtinUrn(x) : sgtinDl(x))),
    action: s.action,
  };
  if (s.bizStep !== undefined) e["bizStep"] = s.bizStep;
  if (s.disposition !== undefined) e["disposition"] = s.disposition;
  if (s.readPoint !== undefined) e["readPoint"] = { id: form === "dl" ? sglnDl(s.readPoint) : sglnUrn(s.readPoint) };
  if (s.bizTransactionList.length > 0) e["bizTransactionList"] = s.bizTransactionList;
  if (s.ilmd !== undefined) e["ilmd"] = s.ilmd;
  return e;
}

const CONTEXT = [EPCIS_CONTEXT_URL, { example: "https://ns.example.com/epcis/" }];
const documentOf = (...events: unknown[]): Record<string, unknown> => ({
  "@context": CONTEXT, type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2024-03-01T10:00:00Z", epcisBody: { eventList: events },
});

/** Company prefix length of each generated key, looked up by canonical Digital Link (for EPC URN export). */
function prefixLengths(s: Spec): (dl: string) => number | undefined {
  const byKey = new Map<string, number>();
  for (const x of s.epcs) byKey.set(`/01/${x.gtin}`, x.gcp.length);
  if (s.readPoint) byKey.set(`/414/${s.readPoint.gln}`, s.readPoint.gcp.length);
  return (dl) => {
    const m = /^https:\/\/id\.gs1\.org(\/(?:01|414)\/\d+)/.exec(dl);
    return m ? byKey.get(m[1] as string) : undefined;
  };
}

/** Same JSON with the keys of every object in a new order (`order` picks the permutation). */
function reorderKeys(v: unknown, order: number): unknown {
  if (Array.isArray(v)) return v.map((x) => reorderKeys(x, order));
  if (v === null || typeof v !== "object") return v;
  const entries = Object.entries(v as Record<string, unknown>);
  const rotated = entries.map((_, i) => entries[(i + order) % entries.length] as [string, unknown]);
  if (order % 2 === 1) rotated.reverse();
  return Object.fromEntries(rotated.map(([k, x]) => [k, reorderKeys(x, order)]));
}

// ------------------------------------------------------------------------------------------------------------------

describe("generated ObjectEvents (property-based)", () => {
  it("normalise → export → validate is valid and keeps the hash ID, in Digital Link, EPC URN and as-captured form", () => {
    check("export round trip", fc.tuple(spec, fc.constantFrom<Form>("urn", "dl", "mixed")), ([s, form]) => {
      const raw = event(s, form);
      const doc = documentOf(raw);
      expect(validateEpcisDocument(doc).errors).toEqual([]);
      const [normalised] = normalizeEpcisDocument(doc);
      if (normalised === undefined) throw new Error("no event");
      expect(normalised.hashId).toBe(eventHashId(raw, { context: CONTEXT }));
      for (const epcFormat of [EpcFormat.AlwaysDigitalLink, EpcFormat.AlwaysEpcUrn, EpcFormat.NeverTranslates]) {
        const exported = toEpcisDocument([normalised], { epcFormat, companyPrefixLength: prefixLengths(s), creationDate: "2024-03-01T10:00:00Z" });
        expect(validateEpcisDocument(exported).errors).toEqual([]);
        const [again] = normalizeEpcisDocument(exported);
        expect(again?.hashId).toBe(normalised.hashId);
        expect(again?.epcList).toEqual(normalised.epcList);
        if (epcFormat === EpcFormat.AlwaysEpcUrn) {
          const list = (exported["epcisBody"] as { eventList: Array<{ epcList: string[] }> }).eventList[0]?.epcList ?? [];
          expect(list).toEqual(s.epcs.map(sgtinUrn));
        }
      }
    });
  });

  it("hashes an event written with EPC URNs and the same event written with Digital Links identically", () => {
    check("URN = Digital Link", spec, (s) => {
      const urn = event(s, "urn");
      const dl = event(s, "dl");
      expect(eventHashId(dl, { context: CONTEXT })).toBe(eventHashId(urn, { context: CONTEXT }));
      const [a, b] = normalizeEpcisDocument(documentOf(urn, dl));
      expect(b?.epcList).toEqual(a?.epcList);
      expect(b?.readPoint).toEqual(a?.readPoint);
      expect(a?.epcList).toEqual(s.epcs.map((x) => `https://id.gs1.org/01/${x.gtin}/21/${dlEncode(x.serial)}`));
    });
  });

  it("does not change the hash when epcList, bizTransactionList or object keys are reordered", () => {
    const reordered = spec.chain((s) =>
      fc.tuple(
        fc.constant(s),
        fc.constantFrom<Form>("urn", "dl", "mixed"),
        fc.shuffledSubarray(s.epcs, { minLength: s.epcs.length, maxLength: s.epcs.length }),
        fc.shuffledSubarray(s.bizTransactionList, { minLength: s.bizTransactionList.length, maxLength: s.bizTransactionList.length }),
        fc.integer({ min: 1, max: 11 }),
      ),
    );
    check("reordering", reordered, ([s, form, epcs, bizTransactionList, order]) => {
      const original = event(s, form);
      const shuffled = reorderKeys(event({ ...s, epcs, bizTransactionList }, form), order);
      expect(eventHashId(shuffled, { context: CONTEXT })).toBe(eventHashId(original, { context: CONTEXT }));
      const [a, b] = normalizeEpcisDocument(documentOf(original, shuffled));
      expect(b?.hashId).toBe(a?.hashId);
    });
  });
});
