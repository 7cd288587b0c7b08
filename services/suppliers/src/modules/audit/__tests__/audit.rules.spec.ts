import { type ChainedEntry, GENESIS_HASH, MAX_AUDIT_BATCH, MAX_AUDIT_VARIABLES_BYTES, auditEntryHash, auditLogAccess, checkChainRun, parseAuditBatch } from "../audit.rules";

/** What a read's entry carries besides what the gateway sends for it. */
const READ_EXTRAS = { requestId: null, rootFields: [], outcome: null, errorCodes: [] };

describe("audit batches", () => {
  const now = new Date("2026-01-02T03:04:05.678Z");
  const entry = {
    at: "2026-01-02T03:04:05.000Z",
    subject: "inspector-1",
    organizationId: "6F1C2B4A-0D8E-4C3B-9A7E-1F2D3C4B5A69",
    roles: ["regulator"],
    operationType: "QUERY",
    operationName: "Units",
    documentHash: "a".repeat(64),
    variables: { gtin: "09506000134352" },
    clientAddress: "127.0.0.1",
  };

  it("are read whole, with times as dates and organization ids in lower case", () => {
    const parsed = parseAuditBatch({ entries: [entry, { ...entry, operationType: "SUBSCRIPTION", operationName: null, variables: null, organizationId: null, clientAddress: null }] }, now);
    expect(parsed).toEqual({
      ok: true,
      entries: [
        { ...entry, ...READ_EXTRAS, at: new Date(entry.at), organizationId: "6f1c2b4a-0d8e-4c3b-9a7e-1f2d3c4b5a69" },
        { ...entry, ...READ_EXTRAS, at: new Date(entry.at), operationType: "SUBSCRIPTION", operationName: null, variables: null, organizationId: null, clientAddress: null },
      ],
    });
  });

  it("take mutations with their request id, root fields, outcome and error codes", () => {
    const mutation = { ...entry, operationType: "MUTATION", requestId: "req-1", rootFields: ["issueRecall"], outcome: "FAILED", errorCodes: ["CONFLICT"] };
    expect(parseAuditBatch({ entries: [mutation] }, now)).toEqual({ ok: true, entries: [{ ...mutation, at: new Date(entry.at), organizationId: "6f1c2b4a-0d8e-4c3b-9a7e-1f2d3c4b5a69" }] });
  });

  it.each([
    ["no body", null, "body"],
    ["no entries", { entries: [] }, "entries"],
    ["too many entries", { entries: Array.from({ length: MAX_AUDIT_BATCH + 1 }, () => entry) }, "entries"],
    ["an unknown field", { entries: [{ ...entry, sql: "DROP" }] }, "entries.0"],
    ["a field missing", { entries: [{ ...entry, subject: undefined }] }, "entries.0.subject"],
    ["an unknown operation type", { entries: [{ ...entry, operationType: "DELETE" }] }, "entries.0.operationType"],
    ["a mutation without an outcome", { entries: [{ ...entry, operationType: "MUTATION" }] }, "entries.0.outcome"],
    ["a read with an outcome", { entries: [{ ...entry, outcome: "OK" }] }, "entries.0.outcome"],
    ["an unknown outcome", { entries: [{ ...entry, operationType: "MUTATION", outcome: "MAYBE" }] }, "entries.0.outcome"],
    ["a hash that is not SHA-256 hex", { entries: [{ ...entry, documentHash: "A".repeat(64) }] }, "entries.0.documentHash"],
    ["an organization that is not a UUID", { entries: [{ ...entry, organizationId: "acme" }] }, "entries.0.organizationId"],
    ["a time that is not ISO 8601", { entries: [{ ...entry, at: "yesterday" }] }, "entries.0.at"],
    ["a time over an hour away", { entries: [entry, { ...entry, at: "2026-01-02T05:00:00.000Z" }] }, "entries.1.at"],
    ["variables too large", { entries: [{ ...entry, variables: { v: "x".repeat(MAX_AUDIT_VARIABLES_BYTES) } }] }, "entries.0.variables"],
    ["variables that are a list", { entries: [{ ...entry, variables: [1] }] }, "entries.0.variables"],
    ["extra top-level fields", { entries: [entry], more: true }, "body"],
  ])("with %s are refused whole", (_name, body, where) => {
    const parsed = parseAuditBatch(body, now);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(`Not an audit batch: ${where}`);
  });
});

describe("who reads the audit log", () => {
  it("is operators (all of it) and regulators (the state changes, not the record of their reads), nobody else", () => {
    expect(auditLogAccess(["operator"])).toBe("all");
    expect(auditLogAccess(["regulator"])).toBe("mutations");
    expect(auditLogAccess(["brand_owner", "admin"])).toBeNull();
    expect(auditLogAccess([])).toBeNull();
  });
});

describe("the audit chain", () => {
  const base = {
    at: new Date("2026-01-02T03:04:05.678Z"),
    subject: "ann",
    organizationId: null,
    roles: ["brand_owner"],
    operationType: "MUTATION",
    operationName: "Recall",
    documentHash: "a".repeat(64),
    variables: { id: "r1", nested: { b: 2, a: 1 } },
    clientAddress: "127.0.0.1",
    requestId: "req-1",
    rootFields: ["issueRecall"],
    outcome: "OK",
    errorCodes: [],
  };
  const chain = (n: number): ChainedEntry[] => {
    const out: ChainedEntry[] = [];
    let prev = GENESIS_HASH;
    for (let i = 1; i <= n; i++) {
      const e = { ...base, requestId: `req-${i}` };
      const hash = auditEntryHash(prev, e);
      out.push({ ...e, id: String(i), prevHash: prev, hash });
      prev = hash;
    }
    return out;
  };

  it("hashes content and order: the same entry after another hash differs, key order in variables does not matter", () => {
    expect(auditEntryHash(GENESIS_HASH, base)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditEntryHash(GENESIS_HASH, { ...base, variables: { nested: { a: 1, b: 2 }, id: "r1" } })).toBe(auditEntryHash(GENESIS_HASH, base));
    expect(auditEntryHash("1".repeat(64), base)).not.toBe(auditEntryHash(GENESIS_HASH, base));
    for (const change of [{ subject: "bob" }, { outcome: "FAILED" }, { at: new Date("2026-01-02T03:04:05.679Z") }, { variables: null }, { rootFields: [] }]) {
      expect(auditEntryHash(GENESIS_HASH, { ...base, ...change })).not.toBe(auditEntryHash(GENESIS_HASH, base));
    }
  });

  it("holds for an untouched run, and names the first entry altered, removed or swapped", () => {
    const entries = chain(4);
    expect(checkChainRun(GENESIS_HASH, entries)).toEqual({ last: entries[3]?.hash });
    const altered = entries.map((e, i) => (i === 2 ? { ...e, subject: "mallory" } : e));
    expect(checkChainRun(GENESIS_HASH, altered)).toMatchObject({ brokenAt: "3", problem: expect.stringContaining("altered") });
    const removed = entries.filter((_, i) => i !== 1);
    expect(checkChainRun(GENESIS_HASH, removed)).toMatchObject({ brokenAt: "3", problem: expect.stringContaining("does not follow") });
    const swapped = [entries[0], entries[2], entries[1], entries[3]] as ChainedEntry[];
    expect(checkChainRun(GENESIS_HASH, swapped)).toMatchObject({ brokenAt: "3" });
  });
});
