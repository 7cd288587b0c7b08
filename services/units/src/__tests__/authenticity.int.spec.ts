import { type TestHub, startHub } from "@tracehub/testkit";
import { PUBLIC_OPERATIONS } from "@tracehub/gateway/public-operations";

const GTIN = "09506000134352";
const VERIFY = PUBLIC_OPERATIONS.VerifyAuthenticity;

describe("verifyAuthenticity checks every attribute the code carries against the unit's record (defect 10), through the gateway", () => {
  let hub: TestHub;
  let serial: string;
  let expiredSerial: string;
  const verify = async (code: string) => {
    // The public check needs no login.
    const res: any = await hub.query(VERIFY, { code }, null);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.verifyAuthenticity;
  };

  beforeAll(async () => {
    hub = await startHub();
    const op = await hub.token({ roles: ["operator"] });
    await hub.seed.product(GTIN, "Ibuprofen 400 mg");
    const commission = `mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { serials } }`;
    const issued: any = await hub.query(commission, { i: { gtin: GTIN, serials: ["AU-1"], lot: "LOT-7", expiry: "2027-05-31", productionDate: "2026-01-15" } }, op);
    [serial] = issued.data.commissionUnits.serials;
    const expired: any = await hub.query(commission, { i: { gtin: GTIN, serials: ["AU-OLD"], lot: "LOT-1", expiry: "2025-12-31", eventTime: "2025-01-01T00:00:00Z" } }, op);
    [expiredSerial] = expired.data.commissionUnits.serials;
  });
  afterAll(() => hub?.stop());

  it("calls a code that agrees with the record GENUINE, in every form", async () => {
    for (const code of [
      `(01)${GTIN}(21)${serial}`,
      `(01)${GTIN}(17)270531(10)LOT-7(11)260115(21)${serial}`,
      `https://brand.example/01/${GTIN}/10/LOT-7/21/${serial}?17=270531`,
    ]) {
      expect(await verify(code)).toMatchObject({ verdict: "GENUINE", message: expect.any(String), reasons: [], mismatches: [], gtin: GTIN, productName: "Ibuprofen 400 mg", expiry: "2027-05-31" });
    }
  });

  it.each([
    ["a forged lot (AI 10)", `(01)${GTIN}(10)LOT-8(21)AU-1`, ["LOT"], /lot \(AI 10\)/],
    ["a forged expiry (AI 17)", `(01)${GTIN}(17)280531(21)AU-1`, ["EXPIRY"], /expiry date/],
    ["a forged expiry in a Digital Link query", `https://brand.example/01/${GTIN}/21/AU-1?17=270630`, ["EXPIRY"], /expiry date/],
    ["a forged expiry date and time (AI 7003)", `(01)${GTIN}(21)AU-1(7003)2706301200`, ["EXPIRY"], /expiry date/],
    ["a forged production date (AI 11)", `(01)${GTIN}(11)260116(21)AU-1`, ["PRODUCTION_DATE"], /production date \(AI 11\)/],
    ["a forged lot and expiry", `(01)${GTIN}(17)280531(10)X(21)AU-1`, ["LOT", "EXPIRY"], /lot \(AI 10\)/],
  ])("calls %s SUSPECT, says which attribute disagreed, and discloses nothing of the record", async (_name, code, mismatches, reason) => {
    const result = await verify(code);
    expect(result).toMatchObject({ verdict: "SUSPECT", mismatches, gtin: GTIN });
    expect(result.reasons).toHaveLength(mismatches.length);
    expect(result.reasons[0]).toMatch(reason);
    // Not even the real expiry: the full public answer is checked, every field of it.
    expect(result.expiry).toBeNull();
    for (const recorded of ["LOT-7", "2027-05-31", "270531", "2026-01-15", "260115"]) expect(JSON.stringify(result)).not.toContain(recorded);
  });

  it("calls a unit past its expiry date EXPIRED, even with a code that agrees with the record", async () => {
    expect(await verify(`(01)${GTIN}(21)${expiredSerial}`)).toMatchObject({ verdict: "EXPIRED", mismatches: [], reasons: ["The unit is past its expiry date."] });
    expect((await verify(`(01)${GTIN}(17)251231(10)LOT-1(21)${expiredSerial}`)).verdict).toBe("EXPIRED");
  });

  it("still answers UNKNOWN for a serial never issued and INVALID_CODE for a bad code", async () => {
    expect((await verify(`(01)${GTIN}(10)LOT-7(21)NEVER-ISSUED`)).verdict).toBe("UNKNOWN");
    expect((await verify(`(01)09506000134353(21)${serial}`)).verdict).toBe("INVALID_CODE");
  });
});
