import { readCanonicalId } from "@tracehub/gs1";

/**
 * The movement stream's plain rules: what a subscription filter means, who may use which filter, and the
 * cursor format. No I/O, no GraphQL, no ORM.
 */

/** The PostgreSQL channel capture transactions notify (payload: the new head position, a hint only). */
export const MOVEMENTS_CHANNEL = "movements";

/** One position of the movement stream, as the tailer reads it. */
export interface StreamRow {
  position: string;
  eventSeq: string;
  eventId: string;
  type: string;
  action: string | null;
  bizStep: string | null;
  disposition: string | null;
  readPoint: string | null;
  bizLocation: string | null;
  eventTime: Date;
  recordTime: Date;
  errorDeclaration: boolean;
  capturedByOrg: string | null;
  /** Every unit the event touched, including the contents of a container it moved. */
  unitIds: string[];
  /** The containers those units were in when the event was stored. */
  containerIds: string[];
  /** `<gtin14>/<lot>` of the touched units that have a lot. */
  lots: string[];
  /** Which parties (GLN) had which of `unitIds` (indexes) in custody around the event. */
  custody: Record<string, number[]>;
  /** The W3C `traceparent` of the request that stored the event, when it was traced. */
  traceParent: string | null;
}

/** A subscription filter after normalization (canonical ids, CBV short names). All given criteria must hold. */
export interface MovementCriteria {
  /** Canonical unit id: events that touched it, or anything inside it. */
  unitId?: string;
  /** GTIN-14. */
  gtin?: string;
  /** Lot (of `gtin` when both are given). */
  lot?: string;
  /** Canonical location id: read point or business location. */
  location?: string;
  bizStep?: string;
  disposition?: string;
  /** Events captured by this organization. */
  organization?: string;
  /** Include EPCIS error declarations (default true). */
  errorDeclarations?: boolean;
  /** What the subscriber may see; absent for a reader of everything. */
  reader?: MovementReader;
}

/** Who reads the stream, when it may not read everything. */
export interface MovementReader {
  /** The reader's organization: events it captured are its own, whole. */
  org: string | null;
  /** Whether it may read a unit (canonical id). */
  mayRead(unitId: string): boolean;
  /** Whether a custody party (GLN) is the reader: one of its locations, or a GLN under its company prefixes. */
  isCustodian?(gln: string): boolean;
}

/**
 * A stream row as `reader` sees it: whole when its organization captured the event; otherwise the units, containers
 * and lots it may not read are left out, and a row with no unit left is not delivered (null).
 */
export function movementSeenBy(row: StreamRow, reader: MovementReader | undefined): StreamRow | null {
  if (!reader || (reader.org !== null && row.capturedByOrg === reader.org)) return row;
  const inCustody = new Set<number>();
  if (reader.isCustodian) for (const [gln, indexes] of Object.entries(row.custody ?? {})) if (reader.isCustodian(gln)) for (const i of indexes) inCustody.add(i);
  const unitIds = row.unitIds.filter((id, i) => inCustody.has(i) || reader.mayRead(id));
  if (unitIds.length === 0) return null;
  const gtins = new Set(unitIds.map((id) => readCanonicalId(id, { checkValues: false })?.gtin).filter((g): g is string => g !== undefined));
  return {
    ...row,
    unitIds,
    containerIds: row.containerIds.filter((id) => reader.mayRead(id)),
    lots: row.lots.filter((lot) => gtins.has(lot.slice(0, lot.indexOf("/")))),
  };
}

/** The row a subscription delivers: as its reader sees it, when that satisfies every criterion; else null. */
export function deliveredMovement(criteria: MovementCriteria, row: StreamRow): StreamRow | null {
  const seen = movementSeenBy(row, criteria.reader);
  return seen !== null && matchesMovement(criteria, seen) ? seen : null;
}

/** Returns true when the stream row satisfies every criterion. */
export function matchesMovement(criteria: MovementCriteria, row: StreamRow): boolean {
  if (criteria.errorDeclarations === false && row.errorDeclaration) return false;
  if (criteria.bizStep !== undefined && row.bizStep !== criteria.bizStep) return false;
  if (criteria.disposition !== undefined && row.disposition !== criteria.disposition) return false;
  if (criteria.organization !== undefined && row.capturedByOrg !== criteria.organization) return false;
  if (criteria.location !== undefined && row.readPoint !== criteria.location && row.bizLocation !== criteria.location) return false;
  if (criteria.unitId !== undefined && !row.unitIds.includes(criteria.unitId) && !row.containerIds.includes(criteria.unitId)) return false;
  if (criteria.lot !== undefined) {
    const lot = criteria.lot;
    const hit = criteria.gtin !== undefined ? row.lots.includes(`${criteria.gtin}/${lot}`) : row.lots.some((l) => l.slice(l.indexOf("/") + 1) === lot);
    if (!hit) return false;
  } else if (criteria.gtin !== undefined) {
    const segment = `/01/${criteria.gtin}/`;
    if (!row.unitIds.some((id) => id.includes(segment))) return false;
  }
  return true;
}

/** Who may filter by an organization: the hub's operators, compliance and regulators for any; others for their own. */
export function mayFilterByOrganization(caller: { org: string | null; roles: readonly string[] }, organization: string): boolean {
  if (caller.roles.some((r) => r === "operator" || r === "regulator" || r === "compliance")) return true;
  return caller.org !== null && caller.org === organization;
}

/** The cursor of a stream position (opaque to clients; today the decimal position). */
export function encodeMovementCursor(position: string | bigint): string {
  return String(position);
}

/** Reads a cursor back into a position; null when it is not one. */
export function decodeMovementCursor(cursor: string): bigint | null {
  if (!/^(0|[1-9]\d{0,18})$/.test(cursor)) return null;
  return BigInt(cursor);
}
