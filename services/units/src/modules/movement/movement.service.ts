import type { Principal } from "@tracehub/auth";
import { CbvVocabulary, toCbvShortName } from "@tracehub/epcis";
import { BadUserInput, Forbidden, anyUnitId, locationId, normalizeGtin } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import { createUnitLoaders } from "../unit/unit.loader";
import type { MovementFilter } from "./movement.input";
import { type MovementCriteria, type StreamRow, decodeMovementCursor, encodeMovementCursor, mayFilterByOrganization } from "./movement.rules";
import type { MovementStream } from "./movement.stream";
import type { MovementEventType } from "./movement.type";

function vocabulary(kind: CbvVocabulary, value: string, field: string): string {
  const short = toCbvShortName(kind, value);
  if (short) return short;
  // Non-CBV values are kept as given (a custom business step is a URI).
  if (/^(urn:|https?:\/\/)\S+$/.test(value)) return value;
  throw new BadUserInput(`'${field}' ${JSON.stringify(value)} is neither a CBV 2.0 value nor a URI.`, { field });
}

/** Live movements: turns a subscriber's filter into criteria (checking it may use them) and opens the stream. */
export class MovementService {
  constructor(
    private readonly ds: DataSource,
    private readonly stream: MovementStream,
  ) {}

  /** Normalizes a filter; throws BAD_USER_INPUT for malformed values and FORBIDDEN for an organization the caller may not name. */
  criteria(filter: MovementFilter | null | undefined, principal: Principal): MovementCriteria {
    const f = filter ?? {};
    const criteria: MovementCriteria = {};
    if (f.code) criteria.unitId = anyUnitId(f.code, "filter.code");
    if (f.gtin) criteria.gtin = normalizeGtin(f.gtin, "filter.gtin");
    if (f.lot) criteria.lot = f.lot;
    if (f.location) criteria.location = locationId(f.location, "filter.location");
    if (f.bizStep) criteria.bizStep = vocabulary(CbvVocabulary.BizStep, f.bizStep, "filter.bizStep");
    if (f.disposition) criteria.disposition = vocabulary(CbvVocabulary.Disposition, f.disposition, "filter.disposition");
    if (f.organization) {
      if (!mayFilterByOrganization(principal, f.organization)) {
        throw new Forbidden(`You may follow the movements captured by your own organization only; 'filter.organization' names another (${f.organization}).`);
      }
      criteria.organization = f.organization;
    }
    if (f.includeErrorDeclarations === false) criteria.errorDeclarations = false;
    return criteria;
  }

  /** Opens a subscription after checking the filter and the cursor. */
  open(filter: MovementFilter | null | undefined, after: string | null | undefined, principal: Principal): Promise<AsyncIterableIterator<StreamRow>> {
    const criteria = this.criteria(filter, principal);
    let position: bigint | null = null;
    if (after !== null && after !== undefined) {
      position = decodeMovementCursor(after);
      if (position === null) throw new BadUserInput("'after' is not a movement cursor; pass the `cursor` of an event you received.", { field: "after" });
    }
    return this.stream.subscribe(criteria, position);
  }

  /** The cursor of the latest committed position. */
  async headCursor(): Promise<string> {
    return encodeMovementCursor(await this.stream.committedHead());
  }

  /** Fresh loaders for one delivered event (a subscription lives long; unit state must not come from a stale cache). */
  loaders() {
    return createUnitLoaders(this.ds);
  }
}

/** Maps a stream row to what the subscription delivers (units resolved by field). */
export function toMovementEvent(row: StreamRow): MovementEventType {
  return {
    cursor: encodeMovementCursor(row.position),
    eventId: row.eventId,
    type: row.type,
    action: row.action,
    bizStep: row.bizStep,
    disposition: row.disposition,
    readPoint: row.readPoint,
    bizLocation: row.bizLocation,
    eventTime: row.eventTime,
    recordTime: row.recordTime,
    isErrorDeclaration: row.errorDeclaration,
    capturedByOrganizationId: row.capturedByOrg,
    unitIds: row.unitIds,
    units: [],
  };
}
