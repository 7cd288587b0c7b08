import type { Principal, PrincipalScope } from "@tracehub/auth";
import { assertMayWrite, ownedKeyOfIdentifier, writeRefusal } from "../ownership";

const ORG = "7d1f3a5e-2b4c-4d6e-8f00-112233445566";
const scope = (over: Partial<PrincipalScope> = {}): PrincipalScope => ({ prefixes: ["9506000"], foreignPrefixes: [], grants: [], ...over });
const who = (s: PrincipalScope | null | undefined, roles: Principal["roles"] = ["brand_owner"]): Principal => ({ sub: "u", org: ORG, roles, anonymous: false, scope: s });

const OWN = "(01)09506000134352(21)A1"; // prefix 9506000
const OTHER = "(01)00614141123452(21)B1"; // prefix 0614141
const key = (code: string) => ownedKeyOfIdentifier(code)!;

describe("write ownership", () => {
  it("lets the holder of the company prefix write, and no one else", () => {
    expect(writeRefusal(who(scope()), key(OWN), "OWNER")).toBeNull();
    expect(writeRefusal(who(scope()), key(OTHER), "OWNER")).toMatch(/another GS1 company prefix/);
    expect(writeRefusal(who(scope()), key(OTHER), "CAPTURE")).toMatch(/not granted/);
  });

  it("lets operators write everything, and refuses callers without an organization or a scope", () => {
    expect(writeRefusal(who(undefined, ["operator"]), key(OTHER), "OWNER")).toBeNull();
    expect(writeRefusal({ ...who(scope()), org: null }, key(OWN), "CAPTURE")).toMatch(/names no organization/);
    expect(writeRefusal(who(null), key(OWN), "CAPTURE")).toMatch(/could not be looked up/);
    expect(writeRefusal(who(undefined), key(OWN), "CAPTURE")).toMatch(/unknown/);
  });

  it("gives a key under a longer prefix held by someone else to that holder (longest prefix wins)", () => {
    const nested = scope({ foreignPrefixes: ["95060001"] });
    expect(writeRefusal(who(nested), key("(01)09506000134352(21)A1"), "OWNER")).toMatch(/another/); // 950600013435 starts with 95060001
    expect(writeRefusal(who(nested), key("(01)09506000234359(21)A1"), "OWNER")).toBeNull();
  });

  it("honours CAPTURE grants on every product of the grantor or on listed GTINs only, never for OWNER rights", () => {
    const all = scope({ grants: [{ grantor: "g", prefixes: ["0614141"], foreignPrefixes: [], gtins: null, permissions: ["CAPTURE"] }] });
    expect(writeRefusal(who(all), key(OTHER), "CAPTURE")).toBeNull();
    expect(writeRefusal(who(all), key(OTHER), "OWNER")).not.toBeNull();
    expect(writeRefusal(who(all), key("(00)106141411234567897"), "CAPTURE")).toBeNull();
    const listed = scope({ grants: [{ grantor: "g", prefixes: ["0614141"], foreignPrefixes: [], gtins: ["00614141123452"], permissions: ["CAPTURE"] }] });
    expect(writeRefusal(who(listed), key(OTHER), "CAPTURE")).toBeNull();
    expect(writeRefusal(who(listed), key("(01)00614141999996(21)B1"), "CAPTURE")).not.toBeNull();
    expect(writeRefusal(who(listed), key("(00)106141411234567897"), "CAPTURE")).not.toBeNull();
    const readOnly = scope({ grants: [{ grantor: "g", prefixes: ["0614141"], foreignPrefixes: [], gtins: null, permissions: ["READ"] }] });
    expect(writeRefusal(who(readOnly), key(OTHER), "CAPTURE")).not.toBeNull();
  });

  it("names the first identifier refused, and lets identifiers without a GS1 key pass", () => {
    expect(() => assertMayWrite(who(scope()), ["urn:example:thing:1", OWN, OTHER], "CAPTURE")).toThrow(/You may not write on \(01\)00614141123452\(21\)B1/);
    expect(() => assertMayWrite(who(scope()), ["urn:example:thing:1", OWN], "CAPTURE")).not.toThrow();
  });
});
