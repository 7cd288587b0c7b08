import type { Principal } from "@tracehub/auth";
import { CbvVocabulary, cbvValueOrUri, isVocabularyUri, toCbvShortName } from "@tracehub/epcis";
import { BadUserInput, Forbidden, type ReadScope, anyUnitId, assertMayWrite, identifierReader, locationId, normalizeGtin, readScopeOf, scopeOwns } from "@tracehub/subgraph-kit";
import type { CaptureOutcome, CaptureService } from "../capture/capture.service";
import { builtEventBase } from "../capture/capture.rules";
import type { MovementFilter, PackInput, RecordMovementInput } from "./movement.input";
import { type MovementCriteria, type StreamRow, decodeMovementCursor, encodeMovementCursor, mayFilterByOrganization } from "./movement.rules";
import type { MovementFeed, MovementStream } from "./movement.stream";
import type { MovementEventType } from "./movement.type";
import { MovementReason } from "./movement.errors";

/** Largest scan in `recordMovement` and `pack`. */
export const MAX_MOVEMENT_CODES = 1_000;

/** What a scan, pack or unpack did. */
export interface MovementOutcome {
  eventId: string;
  unitIds: string[];
  alerts: CaptureOutcome["alerts"];
}

function bizStepOf(value: string): string {
  const short = toCbvShortName(CbvVocabulary.BizStep, value);
  if (!short) throw new BadUserInput(`'bizStep' ${JSON.stringify(value)} is not a CBV 2.0 business step (e.g. shipping, receiving).`, { field: "bizStep" }, MovementReason.NOT_CBV_VOCABULARY);
  return short;
}

function dispositionOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const short = toCbvShortName(CbvVocabulary.Disposition, value);
  if (!short) throw new BadUserInput(`'disposition' ${JSON.stringify(value)} is not a CBV 2.0 disposition (e.g. in_transit, retail_sold).`, { field: "disposition" }, MovementReason.NOT_CBV_VOCABULARY);
  return short;
}

/** A CBV value as its short name, or a custom value (a URI) as given. */
function vocabulary(kind: CbvVocabulary, value: string, field: string): string {
  const known = cbvValueOrUri(kind, value);
  if (known !== undefined) return known;
  throw new BadUserInput(`'${field}' ${JSON.stringify(value)} is neither a CBV 2.0 value nor a URI.`, { field }, MovementReason.NOT_CBV_VOCABULARY);
}

/**
 * Unit movements: the commands that record them (a scan, packing, unpacking, each an EPCIS event through capture)
 * and the live stream of them (a subscriber's filter turned into criteria it may use, and the stream opened).
 */
export class MovementService<Loaders = unknown> {
  constructor(
    private readonly capture: CaptureService,
    private readonly stream: MovementStream,
    private readonly freshLoaders: (scope: ReadScope) => Loaders,
  ) {}

  /**
   * Records a simple scan (ObjectEvent OBSERVE) through the capture pipeline. Malformed codes are
   * BAD_USER_INPUT; codes the hub never commissioned are stored and raise UNKNOWN_UNIT alerts.
   */
  async recordMovement(input: RecordMovementInput, principal: Principal): Promise<MovementOutcome> {
    if (input.codes.length < 1 || input.codes.length > MAX_MOVEMENT_CODES) {
      throw new BadUserInput(`'codes' must hold 1 to ${MAX_MOVEMENT_CODES} codes; got ${input.codes.length}.`, { field: "codes" });
    }
    const ids = [...new Set(input.codes.map((code, i) => anyUnitId(code, `codes[${i}]`)))];
    assertMayWrite(principal, ids, "CAPTURE", "codes");
    const bizStep = bizStepOf(input.bizStep);
    const disposition = dispositionOf(input.disposition);
    const readPoint = input.readPoint ? locationId(input.readPoint, "readPoint") : null;
    const bizLocation = input.bizLocation ? locationId(input.bizLocation, "bizLocation") : null;
    const time = this.capture.checkEventTime(input.eventTime);
    const transactions = (input.bizTransactions ?? []).map((t, i) => {
      if (!isVocabularyUri(t.id)) throw new BadUserInput(`'bizTransactions[${i}].id' must be a URI.`, { field: `bizTransactions.${i}.id` });
      const type = t.type ? toCbvShortName(CbvVocabulary.BizTransactionType, t.type) : null;
      if (t.type && !type) throw new BadUserInput(`'bizTransactions[${i}].type' is not a CBV 2.0 business transaction type.`, { field: `bizTransactions.${i}.type` }, MovementReason.NOT_CBV_VOCABULARY);
      return { ...(type ? { type } : {}), bizTransaction: t.id };
    });
    const event = {
      type: "ObjectEvent",
      ...builtEventBase(time, readPoint, bizLocation),
      epcList: ids,
      action: "OBSERVE",
      bizStep,
      ...(disposition ? { disposition } : {}),
      ...(transactions.length ? { bizTransactionList: transactions } : {}),
    };
    const outcome = await this.capture.captureBuilt([event], principal);
    return { eventId: outcome.eventIds[0] as string, unitIds: ids, alerts: outcome.alerts };
  }

  /** Packs units into a container, or unpacks them (AggregationEvent ADD or DELETE). */
  async aggregate(input: PackInput, action: "ADD" | "DELETE", principal: Principal): Promise<MovementOutcome> {
    const parent = anyUnitId(input.parent, "parent");
    const children = [...new Set((input.children ?? []).map((c, i) => anyUnitId(c, `children[${i}]`)))];
    if (action === "ADD" && children.length === 0) throw new BadUserInput("'children' must name at least one unit to pack.", { field: "children" });
    if (children.length > MAX_MOVEMENT_CODES) throw new BadUserInput(`'children' must hold at most ${MAX_MOVEMENT_CODES} codes.`, { field: "children" });
    if (children.includes(parent)) throw new BadUserInput("A unit cannot be packed into itself.", { field: "children" });
    assertMayWrite(principal, [parent], "CAPTURE", "parent");
    assertMayWrite(principal, children, "CAPTURE", "children");
    const event = {
      type: "AggregationEvent",
      ...builtEventBase(
        this.capture.checkEventTime(input.eventTime),
        input.readPoint ? locationId(input.readPoint, "readPoint") : null,
        input.bizLocation ? locationId(input.bizLocation, "bizLocation") : null,
      ),
      parentID: parent,
      childEPCs: children,
      action,
      bizStep: action === "ADD" ? "packing" : "unpacking",
    };
    const outcome = await this.capture.captureBuilt([event], principal);
    return { eventId: outcome.eventIds[0] as string, unitIds: [parent, ...children], alerts: outcome.alerts };
  }

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
        throw new Forbidden(`You may follow the movements captured by your own organization only; 'filter.organization' names another (${f.organization}).`, {}, MovementReason.ORGANIZATION_NOT_YOURS);
      }
      criteria.organization = f.organization;
    }
    if (f.includeErrorDeclarations === false) criteria.errorDeclarations = false;
    const scope = readScopeOf(principal);
    if (!scope.all) {
      const owns = { prefixes: scope.prefixes, foreignPrefixes: scope.foreignPrefixes, grants: [] };
      criteria.reader = {
        org: scope.org,
        mayRead: identifierReader(scope),
        isCustodian: (gln) => scope.glns.includes(gln) || scopeOwns(owns, { digits: gln.slice(0, 12), gtin: null }),
      };
    }
    return criteria;
  }

  /** Opens a subscription after checking the filter and the cursor. */
  open(filter: MovementFilter | null | undefined, after: string | null | undefined, principal: Principal): Promise<MovementFeed> {
    const criteria = this.criteria(filter, principal);
    let position: bigint | null = null;
    if (after !== null && after !== undefined) {
      position = decodeMovementCursor(after);
      if (position === null) throw new BadUserInput("'after' is not a movement cursor; pass the `cursor` of an event you received.", { field: "after" }, MovementReason.MOVEMENT_CURSOR_INVALID);
    }
    return this.stream.subscribe(criteria, position);
  }

  /** The cursor of the latest committed position. */
  async headCursor(): Promise<string> {
    return encodeMovementCursor(await this.stream.committedHead());
  }

  /** Fresh loaders for one delivered event (a subscription lives long; unit state must not come from a stale cache). */
  loaders(scope: ReadScope): Loaders {
    return this.freshLoaders(scope);
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
