import { type Principal, hasAnyRole } from "@tracehub/auth";
import { BadUserInput, Conflict, Forbidden, NotFound, type Page, decodeCursor, isUuid, pageSize, toPage, uuidArgument } from "@tracehub/subgraph-kit";
import { OrganizationReason } from "../organization/organization.errors";
import { isAdminOf } from "../organization/organization.rules";
import type { OrganizationStore } from "../organization/organization.store";
import { MemberReason } from "./member.errors";
import type { AddMemberInput, UpdateMemberInput } from "./member.input";
import { type Checked, type Membership, type MemberRoleName, keepsAnAdmin, readEmail, readMemberName, readMemberRoles, readSubject } from "./member.rules";
import type { MemberRow, MemberStore } from "./member.store";
import type { MemberRole, MemberType } from "./member.type";

function toType(row: MemberRow): MemberType {
  return { ...row, roles: row.roles as MemberRole[] };
}

function valid<T>(checked: Checked<T>, field: string): T {
  if (!checked.ok) throw new BadUserInput(checked.problem, { field });
  return checked.value;
}

/**
 * An organization's members: the people its admins let in, with their roles. Every change runs with the
 * organization's row locked, so two admins removing each other at once cannot leave it without one.
 */
export class MemberService {
  constructor(
    private readonly store: MemberStore,
    private readonly organizations: OrganizationStore,
  ) {}

  /** Adds a person to an organization: its admins, or operators (naming it). */
  async add(input: AddMemberInput, principal: Principal): Promise<MemberType> {
    const organizationId = this.organizationNamed(input.organizationId, principal);
    const subject = valid(readSubject(input.subject), "subject");
    const name = valid(readMemberName(input.name), "name");
    const email = valid(readEmail(input.email), "email");
    const roles = valid(readMemberRoles(input.roles, await this.kindOf(organizationId)), "roles");
    return this.store.transaction(async (tx) => {
      await tx.lockOrganization(organizationId);
      const counts = await tx.activeCounts(organizationId);
      if (!keepsAnAdmin(counts.members + 1, counts.admins + (roles.includes("admin") ? 1 : 0))) {
        throw new Conflict(
          "The first member of an organization must be an admin: from then on the hub takes its people's roles from its members, and someone must be able to manage them.",
          { field: "roles" },
          MemberReason.LAST_ADMIN,
        );
      }
      const row = await tx.insert({ organizationId, subject, name, email, roles, addedBy: principal.sub ?? "unknown" });
      if (!row) throw new Conflict(`${subject} is a member of this organization already; change its roles with updateMember.`, { field: "subject" }, MemberReason.MEMBER_EXISTS);
      return toType(row);
    });
  }

  /** Replaces a member's roles: its organization's admins, or operators. */
  async update(input: UpdateMemberInput, principal: Principal): Promise<MemberType> {
    const member = await this.manageable(input.id, principal);
    const roles = valid(readMemberRoles(input.roles, await this.kindOf(member.organizationId)), "roles");
    return this.store.transaction(async (tx) => {
      await tx.lockOrganization(member.organizationId);
      const current = await tx.byId(member.id);
      if (!current || current.removedAt) throw new NotFound(`No member ${member.id}.`, { field: "id" }, MemberReason.MEMBER_NOT_FOUND);
      const counts = await tx.activeCounts(member.organizationId);
      const admins = counts.admins - (current.roles.includes("admin") ? 1 : 0) + (roles.includes("admin") ? 1 : 0);
      if (!keepsAnAdmin(counts.members, admins)) {
        throw new Conflict("This is the organization's last admin: make someone else an admin first.", { field: "roles" }, MemberReason.LAST_ADMIN);
      }
      return toType((await tx.setRoles(member.id, roles)) as MemberRow);
    });
  }

  /** Ends a membership: its organization's admins, or operators. Removing twice keeps the first time. */
  async remove(id: string, principal: Principal): Promise<MemberType> {
    const member = await this.manageable(id, principal);
    if (member.removedAt) return toType(member);
    return this.store.transaction(async (tx) => {
      await tx.lockOrganization(member.organizationId);
      const current = await tx.byId(member.id);
      if (current && !current.removedAt) {
        const counts = await tx.activeCounts(member.organizationId);
        if (!keepsAnAdmin(counts.members - 1, counts.admins - (current.roles.includes("admin") ? 1 : 0))) {
          throw new Conflict("This is the organization's last admin while others remain: make someone else an admin first.", { field: "id" }, MemberReason.LAST_ADMIN);
        }
      }
      return toType(await tx.remove(member.id));
    });
  }

  /** A page of the active members of the caller's organization (its admins), or of a named one or all (operators). */
  async list(principal: Principal, args: { first?: number | null; after?: string | null; organizationId?: string | null }): Promise<Page<MemberType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["time", "uuid"]);
    const operator = hasAnyRole(principal, ["operator"]);
    const named = args.organizationId ? uuidArgument(args.organizationId, "organizationId", "an organization id") : operator ? null : principal.org;
    if (!operator && (!named || !isAdminOf(principal, named))) {
      throw new Forbidden("Only operators and an organization's admins may list its members.", { field: "organizationId" }, OrganizationReason.NOT_ORGANIZATION_ADMIN);
    }
    const { rows, total } = await this.store.page(named, after, size);
    return toPage(rows.map(toType), size, (m) => [m.addedAt.toISOString(), m.id], total);
  }

  /** What the gateway is told of a subject in an organization (the internal `member` look-up). */
  async membership(org: unknown, sub: unknown): Promise<Membership> {
    if (typeof org !== "string" || !isUuid(org) || typeof sub !== "string" || sub === "") return { managed: false };
    const found = await this.store.membership(org, sub);
    return found.managed ? { managed: true, roles: (found.roles as MemberRoleName[] | null) ?? null } : { managed: false };
  }

  /** The organization a call acts on: named (operators must name one), or the caller's own; its admins or operators only. */
  private organizationNamed(given: string | null | undefined, principal: Principal): string {
    if (hasAnyRole(principal, ["operator"]) && !given) throw new BadUserInput("Operators must name the organization in 'organizationId'.", { field: "organizationId" });
    const named = given ? uuidArgument(given, "organizationId", "an organization id") : principal.org;
    if (!named || !isAdminOf(principal, named)) {
      throw new Forbidden(`Only operators and admins of ${named ? `organization ${named}` : "an organization"} may manage its members.`, { field: "organizationId" }, OrganizationReason.NOT_ORGANIZATION_ADMIN);
    }
    return named;
  }

  /** A member the caller may manage; another organization's is NOT_FOUND, as an unknown one. */
  private async manageable(id: string, principal: Principal): Promise<MemberRow> {
    const memberId = uuidArgument(id, "id", "a member id");
    const row = await this.store.byId(memberId);
    const operator = hasAnyRole(principal, ["operator"]);
    if (!row || (!operator && row.organizationId !== principal.org)) throw new NotFound(`No member ${memberId}.`, { field: "id" }, MemberReason.MEMBER_NOT_FOUND);
    if (!isAdminOf(principal, row.organizationId)) {
      throw new Forbidden(`Only operators and admins of organization ${row.organizationId} may manage its members.`, { field: "id" }, OrganizationReason.NOT_ORGANIZATION_ADMIN);
    }
    return row;
  }

  private async kindOf(organizationId: string): Promise<string> {
    const [organization] = await this.organizations.byIds([organizationId]);
    if (!organization) throw new NotFound(`No organization ${organizationId}.`, { field: "organizationId" }, OrganizationReason.ORGANIZATION_NOT_FOUND);
    return organization.kind;
  }
}
