import { MAX_AUDIT_BATCH, MAX_AUDIT_VARIABLES_BYTES, mayReadAuditLog, parseAuditBatch } from "../audit.rules";

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
        { ...entry, at: new Date(entry.at), organizationId: "6f1c2b4a-0d8e-4c3b-9a7e-1f2d3c4b5a69" },
        { ...entry, at: new Date(entry.at), operationType: "SUBSCRIPTION", operationName: null, variables: null, organizationId: null, clientAddress: null },
      ],
    });
  });

  it.each([
    ["no body", null, "body"],
    ["no entries", { entries: [] }, "entries"],
    ["too many entries", { entries: Array.from({ length: MAX_AUDIT_BATCH + 1 }, () => entry) }, "entries"],
    ["an unknown field", { entries: [{ ...entry, sql: "DROP" }] }, "entries.0"],
    ["a field missing", { entries: [{ ...entry, subject: undefined }] }, "entries.0.subject"],
    ["an unknown operation type", { entries: [{ ...entry, operationType: "MUTATION" }] }, "entries.0.operationType"],
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
  it("is operators only: not the regulators it records, nor anyone else", () => {
    expect(mayReadAuditLog(["operator"])).toBe(true);
    expect(mayReadAuditLog(["regulator"])).toBe(false);
    expect(mayReadAuditLog(["brand_owner", "admin"])).toBe(false);
    expect(mayReadAuditLog([])).toBe(false);
  });
});
