import { type Principal, hasAnyRole } from "@tracehub/auth";

/**
 * Receipt against an advance ship notice, as plain functions: who may see a notice, and how the units received
 * reconcile with the units expected. No I/O; `receipt.rules.spec.ts` is the specification.
 */

/** Business steps that receive goods. */
export const RECEIVING_STEPS = ["receiving", "accepting", "arriving"] as const;

/** Most codes one notice or one receipt names. */
export const MAX_NOTICE_CODES = 10_000;
export const MAX_RECEIPT_CODES = 1_000;
/** Most unit ids each reconciliation list returns (the counts are exact). */
export const MAX_LISTED = 1_000;

/** A notice as visibility needs it. */
export interface NoticeParties {
  shipperOrg: string | null;
  receiverGln: string;
}

/** True when `principal` may read the notice: its shipper, the organization at its receiving location, operators and regulators. */
export function canSeeNotice(principal: Principal, notice: NoticeParties): boolean {
  if (principal.anonymous) return false;
  if (hasAnyRole(principal, ["operator", "regulator"])) return true;
  return (principal.org !== null && principal.org === notice.shipperOrg) || isReceiver(principal, notice);
}

/** True when the principal's organization has the notice's receiving location (or the principal is an operator). */
export function isReceiver(principal: Principal, notice: NoticeParties): boolean {
  if (principal.roles.includes("operator")) return true;
  return (principal.scope?.glns ?? []).includes(notice.receiverGln);
}

/** An expected unit: listed on the notice (`containerId` null) or inside a listed container then. */
export interface ExpectedUnit {
  unitId: string;
  containerId: string | null;
}

/** How a receipt compares with its notice. */
export interface Reconciliation {
  matched: string[];
  missing: string[];
  unexpected: string[];
}

/**
 * Reconciles the units received with those expected: matched are expected and received; missing are expected and
 * not received (a listed container counts as received when it was, or when everything expected inside it was);
 * unexpected are received and not expected. Each list sorted.
 */
export function reconcile(expected: readonly ExpectedUnit[], received: ReadonlySet<string>): Reconciliation {
  const expectedIds = new Set(expected.map((e) => e.unitId));
  const inside = new Map<string, string[]>();
  for (const e of expected) if (e.containerId) (inside.get(e.containerId) ?? inside.set(e.containerId, []).get(e.containerId))?.push(e.unitId);
  const arrived = (id: string): boolean => {
    if (received.has(id)) return true;
    const contents = inside.get(id);
    return contents !== undefined && contents.length > 0 && contents.every(arrived);
  };
  const matched: string[] = [];
  const missing: string[] = [];
  for (const id of expectedIds) (arrived(id) ? matched : missing).push(id);
  const unexpected = [...received].filter((id) => !expectedIds.has(id));
  return { matched: matched.sort(), missing: missing.sort(), unexpected: unexpected.sort() };
}

/** The despatch advice a notice is known by when the shipper names none. */
export function defaultDespatchAdvice(noticeId: string): string {
  return `urn:tracehub:desadv:${noticeId}`;
}
