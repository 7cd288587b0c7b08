import { type Principal, type Role, isRole } from "@tracehub/auth";
import { z } from "zod";
import { internalUrl, postInternal } from "./internal-call";

/** What suppliers says of a subject in its organization (its internal `member` look-up). */
export type Membership = { managed: false } | { managed: true; roles: Role[] | null };

/** Settings of {@link MemberDirectory}. */
export interface MemberDirectoryOptions {
  /** The suppliers subgraph's GraphQL URL (its internal endpoints sit beside it). */
  suppliersUrl: string;
  principalKey: string;
  /** How long an answer is used before the subject is looked up again, in ms (default 5,000): a removal is effective within it. */
  ttlMs?: number;
  /** How long an answer may stand in while suppliers does not answer (default 60 s); after it, the person is refused with 503. */
  staleMs?: number;
  /** Most (organization, subject) answers remembered (default 10,000); the oldest go first. */
  maxEntries?: number;
  /** Time limit of one look-up (default 2 s). */
  timeoutMs?: number;
}

/** The membership could not be judged: suppliers is down, slow, or answered something else than the contract. */
export class MembershipUnavailable extends Error {
  override readonly name = "MembershipUnavailable";
}

const membershipSchema = z.union([
  z.object({ managed: z.literal(false) }),
  z.object({ managed: z.literal(true), roles: z.array(z.string()).max(32).nullable() }),
]);

/**
 * The principal a verified token stands for once its organization's members are taken into account, or null when
 * it may not act for the organization. An organization that keeps no members leaves the token as it is. One that
 * does refuses subjects that are not active members, and gives members the roles recorded for them (the token's
 * own roles do not count). The hub's operators, whom only the identity provider names, are not members of anything.
 */
export function memberPrincipal(token: Principal, membership: Membership): Principal | null {
  if (!membership.managed || token.roles.includes("operator")) return token;
  if (membership.roles === null) return null;
  return { ...token, roles: [...new Set<Role>(membership.roles)] };
}

/** True when the membership of this principal must be looked up: a person (not a key) of an organization, not an operator. */
export function needsMembership(principal: Principal): principal is Principal & { org: string; sub: string } {
  return !principal.anonymous && !!principal.org && !!principal.sub && !principal.apiKeyScopes && !principal.roles.includes("operator");
}

interface Entry {
  membership: Membership;
  at: number;
}

/**
 * Memberships as suppliers' `POST /internal/member` tells them, cached briefly per (organization, subject). One
 * look-up per pair at a time; while suppliers does not answer, a recent answer stands in.
 */
export class MemberDirectory {
  private readonly cache = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Membership>>();
  private readonly url: string;
  private readonly ttlMs: number;

  constructor(private readonly options: MemberDirectoryOptions) {
    this.url = internalUrl(options.suppliersUrl, "member");
    this.ttlMs = options.ttlMs ?? 5_000;
  }

  /**
   * The subject's membership of the organization, from an answer at most `maxAgeMs` old (default: the cache time).
   * Throws {@link MembershipUnavailable} when it cannot tell.
   */
  membershipOf(org: string, sub: string, maxAgeMs = this.ttlMs): Promise<Membership> {
    const key = `${org}\u0000${sub}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < Math.min(maxAgeMs, this.ttlMs)) return Promise.resolve(hit.membership);
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.lookUp(org, sub)
        .then((membership) => {
          this.remember(key, membership);
          return membership;
        })
        .catch((error: unknown) => {
          const stale = this.cache.get(key);
          if (stale && Date.now() - stale.at < (this.options.staleMs ?? 60_000)) return stale.membership;
          throw error;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  private remember(key: string, membership: Membership): void {
    if (this.ttlMs <= 0) return;
    this.cache.delete(key);
    while (this.cache.size >= Math.max(1, this.options.maxEntries ?? 10_000)) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { membership, at: Date.now() });
  }

  private async lookUp(org: string, sub: string): Promise<Membership> {
    let response: Response;
    try {
      response = await postInternal(this.url, "member", { org, sub }, this.options.principalKey, this.options.timeoutMs ?? 2_000);
    } catch (error) {
      throw new MembershipUnavailable(`the membership look-up failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new MembershipUnavailable(`suppliers answered ${response.status} to the membership look-up`);
    }
    const parsed = membershipSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new MembershipUnavailable("suppliers answered the membership look-up with an unexpected body");
    if (!parsed.data.managed) return { managed: false };
    return { managed: true, roles: parsed.data.roles === null ? null : parsed.data.roles.filter(isRole) };
  }
}
