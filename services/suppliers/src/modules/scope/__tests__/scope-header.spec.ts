import { type Principal, type PrincipalScope, internalBinding, signPrincipal, verifyPrincipal } from "@tracehub/auth";
import { gs1CheckDigit } from "@tracehub/gs1";
import { MAX_SCOPE_GLNS } from "../../location/location.rules";

// The scope travels signed in a request header to every subgraph; Node's HTTP server takes 16 KiB of headers.
const NODE_HEADER_LIMIT = 16 * 1024;
const gln = (i: number) => {
  const body = `40123450${String(i).padStart(4, "0")}`;
  return body + gs1CheckDigit(body);
};

describe("the scope's GLNs in the signed principal", () => {
  const key = "k".repeat(32);
  const binding = internalBinding("probe", {});
  const principal = (scope: PrincipalScope): Principal => ({ sub: "user-1", org: "6f0c7a53-6f3b-4f6f-9a0e-3f5a3c1d2b10", roles: ["brand_owner", "admin"], anonymous: false, scope });

  it("fit with the most GLNs a scope carries, a few prefixes and grants, with room for the request's other headers", () => {
    const scope: PrincipalScope = {
      prefixes: ["4012345", "9506000", "0614141"],
      foreignPrefixes: ["95060009"],
      grants: Array.from({ length: 5 }, (_, i) => ({ grantor: `6f0c7a53-6f3b-4f6f-9a0e-3f5a3c1d2b1${i}`, prefixes: ["7612345"], foreignPrefixes: [], gtins: null, permissions: ["READ" as const] })),
      glns: Array.from({ length: MAX_SCOPE_GLNS }, (_, i) => gln(i)),
    };
    const header = signPrincipal(principal(scope), key, binding);
    expect(header.length).toBeLessThan(NODE_HEADER_LIMIT * 0.75);
    expect(verifyPrincipal(header, key, binding).scope?.glns).toEqual(scope.glns);
  });

  it("are optional (scopes signed before locations) and must be strings when present", () => {
    const without = { prefixes: ["4012345"], foreignPrefixes: [], grants: [] };
    expect(verifyPrincipal(signPrincipal(principal(without), key, binding), key, binding).scope).toEqual(without);
    const bad = { ...without, glns: [4012345000009] } as unknown as PrincipalScope;
    expect(() => verifyPrincipal(signPrincipal(principal(bad), key, binding), key, binding)).toThrow("unexpected shape");
  });
});
