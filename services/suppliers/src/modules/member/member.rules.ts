import type { Role } from "@tracehub/auth";

/** The roles an organization gives its members: every hub role but `operator`, which only the hub's identity provider gives. */
export const MEMBER_ROLES = ["brand_owner", "supplier", "logistics", "fulfilment", "compliance", "regulator", "admin"] as const satisfies readonly Role[];
export type MemberRoleName = (typeof MEMBER_ROLES)[number];

/** True when the text holds a control character (C0 or DEL). */
function hasControlCharacter(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Longest subject, name and e-mail address, in characters. */
export const MAX_SUBJECT_LENGTH = 200;
export const MAX_MEMBER_NAME_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 254;

/** A checked value, or what is wrong with it. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * The roles to give, without repeats, in the order of {@link MEMBER_ROLES}. At least one; `regulator` only in a
 * regulator organization (an admin of a brand owner cannot make its people regulators).
 */
export function readMemberRoles(roles: readonly string[], organizationKind: string): Checked<MemberRoleName[]> {
  if (roles.length === 0) return { ok: false, problem: "'roles' must name at least one role." };
  const unknown = roles.find((r) => !(MEMBER_ROLES as readonly string[]).includes(r));
  if (unknown !== undefined) return { ok: false, problem: `'${unknown}' is not a role an organization gives; give one of ${MEMBER_ROLES.join(", ")}.` };
  if (roles.includes("regulator") && organizationKind !== "REGULATOR") return { ok: false, problem: "Only a regulator organization's members may hold the regulator role." };
  return { ok: true, value: MEMBER_ROLES.filter((r) => roles.includes(r)) };
}

/** The identity provider's subject of the member (its tokens' `sub`): 1 to 200 printable characters, trimmed. */
export function readSubject(subject: string): Checked<string> {
  const value = subject.trim();
  if (value.length < 1 || value.length > MAX_SUBJECT_LENGTH) return { ok: false, problem: `'subject' must be 1 to ${MAX_SUBJECT_LENGTH} characters.` };
  if (hasControlCharacter(value)) return { ok: false, problem: "'subject' must not contain control characters." };
  return { ok: true, value };
}

/** An optional display name: trimmed, 1 to 200 characters; empty or absent is null. */
export function readMemberName(name: string | null | undefined): Checked<string | null> {
  const value = name?.trim() ?? "";
  if (value === "") return { ok: true, value: null };
  if (value.length > MAX_MEMBER_NAME_LENGTH || hasControlCharacter(value)) return { ok: false, problem: `'name' must be 1 to ${MAX_MEMBER_NAME_LENGTH} printable characters.` };
  return { ok: true, value };
}

/** An optional e-mail address: one `@` with something on each side and a dot in the domain, at most 254 characters. */
export function readEmail(email: string | null | undefined): Checked<string | null> {
  const value = email?.trim() ?? "";
  if (value === "") return { ok: true, value: null };
  if (value.length > MAX_EMAIL_LENGTH || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return { ok: false, problem: "'email' is not an e-mail address." };
  return { ok: true, value };
}

/**
 * Whether an organization that manages its members still has an admin after a change: `adminsAfter` active
 * members hold `admin`. Once an organization has members, the hub takes their roles from here, so it must keep
 * someone who can manage them (operators can always step in).
 */
export function keepsAnAdmin(activeMembersAfter: number, adminsAfter: number): boolean {
  return activeMembersAfter === 0 || adminsAfter > 0;
}

/** What the gateway is told of a subject in an organization (the internal `member` look-up). */
export type Membership =
  /** The organization keeps no members: the roles in its people's tokens stand. */
  | { managed: false }
  /** The organization keeps members: `roles` of the subject's membership, or null when it is not a member. */
  | { managed: true; roles: MemberRoleName[] | null };
