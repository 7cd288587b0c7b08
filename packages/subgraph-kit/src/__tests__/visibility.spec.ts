import type { Principal } from "@tracehub/auth";
import { identifierReader, readScopeOf, scopeMayReadKey } from "../visibility";

const ORG = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const scope = { prefixes: ["9506000"], foreignPrefixes: ["95060009"], grants: [] };
const principal = (over: Partial<Principal>): Principal => ({ sub: "u", org: ORG, roles: ["brand_owner"], anonymous: false, scope, ...over }) as Principal;

describe("read scope", () => {
  it("reads everything for operators and regulators only", () => {
    expect(readScopeOf(principal({ roles: ["operator"] }))).toEqual({ all: true });
    expect(readScopeOf(principal({ roles: ["regulator"] }))).toEqual({ all: true });
    expect(readScopeOf(principal({ roles: ["brand_owner"] })).all).toBe(false);
    expect(readScopeOf(principal({ roles: ["compliance"] })).all).toBe(false);
  });

  it("fails closed without an organization or when the scope could not be looked up", () => {
    expect(readScopeOf(principal({ org: null }))).toEqual({ all: false, org: null, prefixes: [], foreignPrefixes: [], grants: [], glns: [] });
    expect(readScopeOf(principal({ scope: null }))).toEqual({ all: false, org: ORG, prefixes: [], foreignPrefixes: [], grants: [], glns: [] });
    expect(readScopeOf(principal({ scope: undefined }))).toMatchObject({ prefixes: [], grants: [] });
  });

  it("keeps only READ grants", () => {
    const grants = [
      { grantor: "g1", prefixes: ["0614141"], foreignPrefixes: [], gtins: null, permissions: ["CAPTURE" as const] },
      { grantor: "g2", prefixes: ["4012345"], foreignPrefixes: [], gtins: ["04012345123456"], permissions: ["READ" as const, "CAPTURE" as const] },
    ];
    expect(readScopeOf(principal({ scope: { ...scope, grants } }))).toMatchObject({ grants: [{ prefixes: ["4012345"], foreignPrefixes: [], gtins: ["04012345123456"] }] });
  });

  it("reads owned keys by the longest prefix, and granted GTINs only", () => {
    const read = readScopeOf(principal({ scope: { ...scope, grants: [{ grantor: "g", prefixes: ["4012345"], foreignPrefixes: [], gtins: ["04012345123456"], permissions: ["READ"] }] } }));
    expect(scopeMayReadKey(read, { digits: "950600013435", gtin: "09506000134352" })).toBe(true);
    expect(scopeMayReadKey(read, { digits: "950600090000", gtin: "09506000900001" })).toBe(false); // inside a longer, foreign prefix
    expect(scopeMayReadKey(read, { digits: "401234512345", gtin: "04012345123456" })).toBe(true);
    expect(scopeMayReadKey(read, { digits: "401234512346", gtin: "04012345123463" })).toBe(false);
    expect(scopeMayReadKey(read, { digits: "401234500000", gtin: null })).toBe(false); // an SSCC of the grantor: not a granted GTIN
  });

  it("reads identifiers in any GS1 form, and no private identifier unless it reads everything", () => {
    const mayRead = identifierReader(readScopeOf(principal({})));
    expect(mayRead("https://id.gs1.org/01/09506000134352/21/X1")).toBe(true);
    expect(mayRead("urn:epc:id:sgtin:9506000.013435.X1")).toBe(true);
    expect(mayRead("urn:epc:id:sgtin:0614141.112345.X1")).toBe(false);
    expect(mayRead("urn:example:private:1")).toBe(false);
    expect(identifierReader({ all: true })("urn:example:private:1")).toBe(true);
  });
});
