import { PRINCIPAL_HEADER, type Principal, type PrincipalScope, internalBinding, signPrincipal } from "@tracehub/auth";
import { DomainError, ErrorCode } from "@tracehub/subgraph-kit";

/** What units says of a unit (`POST /internal/unit-facts`). */
export interface UnitFacts {
  id: string;
  gtin: string | null;
  serial: string | null;
  lot: string | null;
  /** ISO date. */
  expiry: string | null;
  /** Units' status (ACTIVE, IN_TRANSIT, SOLD, RETURNED, RECALLED, DESTROYED, DECOMMISSIONED, STOLEN, EXPIRED, CONSUMED, UNKNOWN). */
  status: string;
  commissioned: boolean;
  /** Canonical id of where it was last seen. */
  location: string | null;
  onHold: boolean;
  recalled: boolean;
  /** Whether the seller asked about holds it now. */
  held: boolean;
}

/** A seller's sellable unit (`POST /internal/unit-stock`). */
export interface StockUnit {
  id: string;
  gtin: string;
  lot: string | null;
  expiry: string | null;
  location: string | null;
}

/** The seller a question is asked for: its organization and the scope the gateway signed. */
export interface Holder {
  org: string;
  scope: PrincipalScope;
}

/** The seller behind a principal, or null when it has no organization. */
export function holderOf(principal: Principal): Holder | null {
  if (!principal.org) return null;
  return { org: principal.org, scope: principal.scope ?? { prefixes: [], foreignPrefixes: [], grants: [] } };
}

/** Who orders is when it asks units. */
const ORDERS_CALLER: Principal = Object.freeze({ sub: "orders", org: null, roles: ["operator"], anonymous: false }) as Principal;

/**
 * Orders' read of units: unit facts and a seller's stock, through units' internal endpoints, signed for exactly
 * that call. A read, never an effect (effects go through the outbox); when units does not answer, the caller gets
 * SERVICE_UNAVAILABLE and nothing changes.
 */
export class UnitsClient {
  constructor(
    private readonly unitsUrl: string,
    private readonly principalKey: string,
    private readonly timeoutMs = 5_000,
  ) {}

  /** Facts of these units (the ones units never saw are absent), with `held` answered for `holder`. */
  async facts(unitIds: readonly string[], holder: Holder | null): Promise<Map<string, UnitFacts>> {
    if (unitIds.length === 0) return new Map();
    const out = new Map<string, UnitFacts>();
    for (let i = 0; i < unitIds.length; i += 1_000) {
      const answer = (await this.post("unit-facts", { unitIds: unitIds.slice(i, i + 1_000), holder })) as { units: UnitFacts[] };
      for (const unit of answer.units) out.set(unit.id, unit);
    }
    return out;
  }

  /** A seller's sellable units of these GTINs, first expiry first, at most `perGtin` each, leaving out `excluded`. */
  async stock(holder: Holder, gtins: readonly string[], perGtin: number, excluded: readonly string[], location: string | null): Promise<StockUnit[]> {
    if (gtins.length === 0) return [];
    const answer = (await this.post("unit-stock", { holder, gtins, perGtin, excluded: excluded.slice(0, 4_000), location })) as { units: StockUnit[] };
    return answer.units;
  }

  private async post(name: string, body: unknown): Promise<unknown> {
    const url = `${this.unitsUrl.replace(/\/graphql\/?$/, "")}/internal/${name}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", [PRINCIPAL_HEADER]: signPrincipal(ORDERS_CALLER, this.principalKey, internalBinding(name, body)) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new DomainError(ErrorCode.Unavailable, `The units service did not answer (${(error as Error).message}); nothing was changed. Try again.`);
    }
    if (!response.ok) throw new DomainError(ErrorCode.Unavailable, `The units service answered ${response.status} to ${name}; nothing was changed. Try again.`);
    return response.json();
  }
}
