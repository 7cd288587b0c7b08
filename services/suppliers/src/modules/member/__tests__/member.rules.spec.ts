import { keepsAnAdmin, readEmail, readMemberName, readMemberRoles, readSubject } from "../member.rules";

describe("member rules", () => {
  it("takes roles without repeats, in a fixed order, and at least one", () => {
    expect(readMemberRoles(["admin", "brand_owner", "admin"], "BRAND_OWNER")).toEqual({ ok: true, value: ["brand_owner", "admin"] });
    expect(readMemberRoles([], "BRAND_OWNER")).toMatchObject({ ok: false, problem: expect.stringContaining("at least one") });
  });

  it("never gives operator, and regulator only in a regulator organization", () => {
    expect(readMemberRoles(["operator"], "OPERATOR")).toMatchObject({ ok: false, problem: expect.stringContaining("'operator' is not a role") });
    expect(readMemberRoles(["regulator"], "BRAND_OWNER")).toMatchObject({ ok: false, problem: expect.stringContaining("regulator organization") });
    expect(readMemberRoles(["regulator", "admin"], "REGULATOR")).toEqual({ ok: true, value: ["regulator", "admin"] });
  });

  it("reads subjects, names and e-mail addresses", () => {
    expect(readSubject("  auth0|123  ")).toEqual({ ok: true, value: "auth0|123" });
    expect(readSubject(" ").ok).toBe(false);
    expect(readSubject("a".repeat(201)).ok).toBe(false);
    expect(readSubject("line\nbreak").ok).toBe(false);
    expect(readMemberName(undefined)).toEqual({ ok: true, value: null });
    expect(readMemberName("  ")).toEqual({ ok: true, value: null });
    expect(readMemberName(" Ann ")).toEqual({ ok: true, value: "Ann" });
    expect(readMemberName("x".repeat(201)).ok).toBe(false);
    expect(readEmail(null)).toEqual({ ok: true, value: null });
    expect(readEmail("ann@example.org")).toEqual({ ok: true, value: "ann@example.org" });
    for (const bad of ["ann", "ann@", "@example.org", "ann@example", "a b@example.org", `${"a".repeat(250)}@example.org`]) expect(readEmail(bad).ok).toBe(false);
  });

  it("keeps an admin while the organization has members", () => {
    expect(keepsAnAdmin(0, 0)).toBe(true);
    expect(keepsAnAdmin(1, 1)).toBe(true);
    expect(keepsAnAdmin(1, 0)).toBe(false);
    expect(keepsAnAdmin(3, 0)).toBe(false);
  });
});
