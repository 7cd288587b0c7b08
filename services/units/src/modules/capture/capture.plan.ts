import { CbvMasterData, type EpcisEvent, allEpcs, cbvMasterDataValue } from "@tracehub/epcis";
import { readCanonicalId } from "@tracehub/gs1";
import { type AlertDraft, alertsFor } from "../alert/alert.rules";
import { type EventFacts, type UnitKind, type UnitState, effectiveTime, nextState, unitKind, unseenState } from "../unit/unit.rules";

/**
 * Plans what a batch of new events does to units, without I/O: the state each unit ends in, the alerts,
 * the event ↔ unit index, containment changes and transformation links. The capture service loads what
 * the plan needs (current states and the containment tree), runs it, and writes the result in bulk.
 *
 * Containment is history first: each unit's container (`parentId` in its state) is set from its open
 * containment row after every event, so the state and the history agree whatever the event type. Events are
 * applied in effective-time order (see `effectiveTime` in the unit rules); a containment change older than
 * the row it would close or replace is a late arrival and changes nothing, like a late event's state.
 */

/** A new event with its position in the log. */
export interface PlannedEvent {
  seq: string;
  event: EpcisEvent;
  /** When the hub stored it (UTC ISO). */
  recordTime: string;
}

/** An open containment row (the unit is in `parentId` since `addedTime`). */
export interface OpenContainment {
  parentId: string;
  addedSeq: string;
  addedTime: string;
  /** Effective time of the event that opened it. */
  addedEffectiveTime: string;
  /** Database id when the row exists already; undefined for rows opened in this batch. */
  rowId?: string;
}

/** What the plan starts from. */
export interface PlanInput {
  events: PlannedEvent[];
  /** Current state of every known unit involved (touched or inside a touched container). */
  states: Map<string, UnitState>;
  /** Open containment rows by child id, for every unit involved. */
  open: Map<string, OpenContainment>;
  /** `<gtin14>/<lot>` of every known unit involved that has a lot (ILMD of this batch adds more). */
  lots: Map<string, string>;
}

/** What the movement stream records for one event, as of that event. */
export interface StreamEntry {
  seq: string;
  /**
   * Every unit the event touched: those it names, the contents of a container an ObjectEvent or
   * TransactionEvent moved, and the units an unpacking without children took out.
   */
  units: string[];
  /** The containers the directly touched units were in after the event. */
  containers: string[];
  /** `<gtin14>/<lot>` of those units. */
  lots: string[];
}

/** A containment row to write. */
export interface ContainmentRow {
  parentId: string;
  childId: string;
  addedSeq: string;
  addedTime: string;
  removedSeq: string | null;
  removedTime: string | null;
}

/** What the plan decided. */
export interface CapturePlan {
  /** Final state of every unit whose state changed or that is new. */
  states: Map<string, UnitState>;
  /** Lot, expiry and production date from commissioning ILMD, by unit id. */
  masterData: Map<string, { lot: string | null; expiry: string | null; productionDate: string | null }>;
  /** Units not known before this batch. */
  created: Set<string>;
  index: { unitId: string; seq: string; role: string }[];
  alerts: (AlertDraft & { unitId: string; seq: string })[];
  /** Containment rows opened in this batch (closed or not). */
  newContainment: ContainmentRow[];
  /** Existing containment rows closed in this batch. */
  closedContainment: { rowId: string; removedSeq: string; removedTime: string }[];
  transformations: { inputId: string; outputId: string; seq: string }[];
  /** One entry per event, in log (seq) order, for the movement stream. */
  stream: StreamEntry[];
}


/** Runs the events in effective-time order (then event time, then document order) through the unit rules. */
export function planCapture(input: PlanInput): CapturePlan {
  const states = new Map(input.states);
  const open = new Map(input.open);
  const lots = new Map(input.lots);
  const plan: CapturePlan = {
    states: new Map(),
    masterData: new Map(),
    created: new Set(),
    index: [],
    alerts: [],
    newContainment: [],
    closedContainment: [],
    transformations: [],
    stream: [],
  };
  const pendingRows = new Map<string, ContainmentRow>();
  const kindOf = new Map<string, UnitKind>();
  const kind = (id: string) => kindOf.get(id) ?? (kindOf.set(id, unitKind(id)), unitKind(id));

  const stateOf = (id: string): UnitState => {
    let state = states.get(id);
    if (!state) {
      state = unseenState();
      states.set(id, state);
      plan.created.add(id);
    }
    return state;
  };
  const children = (parentId: string): string[] => {
    const out: string[] = [];
    for (const [child, row] of open) if (row.parentId === parentId) out.push(child);
    return out;
  };
  const descendants = (rootId: string): string[] => {
    const out: string[] = [];
    const queue = [rootId];
    const seen = new Set([rootId]);
    while (queue.length) {
      for (const child of children(queue.shift() as string)) {
        if (seen.has(child)) continue;
        seen.add(child);
        out.push(child);
        queue.push(child);
      }
    }
    return out;
  };
  const ancestors = (id: string): string[] => {
    const out: string[] = [];
    for (let at = open.get(id); at && !out.includes(at.parentId) && out.length < 16; at = open.get(at.parentId)) out.push(at.parentId);
    return out;
  };
  /** Units whose open containment row changed during the current event. */
  const moving = new Set<string>();
  const apply = (id: string, facts: EventFacts, seq: string) => {
    const before = stateOf(id);
    for (const alert of alertsFor(before, facts, kind(id))) plan.alerts.push({ ...alert, unitId: id, seq });
    const after = nextState(before, facts);
    if (after !== before) {
      states.set(id, after);
      plan.states.set(id, after);
    } else if (plan.created.has(id)) {
      plan.states.set(id, after);
    }
  };
  /** True when an event at `effective` may close or replace the unit's open row (it is not older than the row). */
  const mayMove = (childId: string, effective: string) => {
    const row = open.get(childId);
    return !row || effective >= row.addedEffectiveTime;
  };
  const closeOpen = (childId: string, seq: string, eventTime: string) => {
    const row = open.get(childId);
    if (!row) return;
    open.delete(childId);
    moving.add(childId);
    // An event dated (within the clock skew) before the packing it undoes: never record a period that ends before it starts.
    const time = eventTime < row.addedTime ? row.addedTime : eventTime;
    if (row.rowId) plan.closedContainment.push({ rowId: row.rowId, removedSeq: seq, removedTime: time });
    else {
      const pending = pendingRows.get(childId);
      if (pending) {
        pending.removedSeq = seq;
        pending.removedTime = time;
        plan.newContainment.push(pending);
        pendingRows.delete(childId);
      }
    }
  };
  const openRow = (parentId: string, childId: string, seq: string, time: string, effective: string) => {
    const row = { parentId, childId, addedSeq: seq, addedTime: time, removedSeq: null, removedTime: null };
    pendingRows.set(childId, row);
    open.set(childId, { parentId, addedSeq: seq, addedTime: time, addedEffectiveTime: effective });
    moving.add(childId);
  };
  /** A unit that ceases to exist (deleted, or consumed by a transformation) leaves its container, and its contents are loose. */
  const release = (id: string, seq: string, time: string, effective: string) => {
    if (mayMove(id, effective)) closeOpen(id, seq, time);
    for (const child of children(id)) if (mayMove(child, effective)) closeOpen(child, seq, time);
  };
  /** Keeps each moved unit's container equal to its open containment row. */
  const syncContainers = () => {
    for (const id of moving) {
      const state = stateOf(id);
      const parentId = open.get(id)?.parentId ?? null;
      if (state.parentId !== parentId) {
        const next = { ...state, parentId };
        states.set(id, next);
        plan.states.set(id, next);
      }
    }
    moving.clear();
  };

  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const ordered = input.events
    .map((e, i) => ({ ...e, i, effective: effectiveTime({ eventTime: e.event.eventTime, recordTime: e.recordTime }) }))
    .sort((a, b) => compare(a.effective, b.effective) || compare(a.event.eventTime, b.event.eventTime) || a.i - b.i);
  for (const { seq, event, recordTime, effective } of ordered) {
    const base = {
      type: event.type,
      action: event.action ?? null,
      bizStep: event.bizStep ?? null,
      disposition: event.disposition ?? null,
      readPoint: event.readPoint?.id ?? null,
      bizLocation: event.bizLocation?.id ?? null,
      eventTime: event.eventTime,
      recordTime,
      errorDeclaration: event.errorDeclaration !== undefined,
    } satisfies Omit<EventFacts, "role" | "inherited">;
    const touched = allEpcs(event);
    const seen = new Set<string>();
    for (const { id, role } of touched) {
      const key = `${id}\u0000${role}`;
      if (seen.has(key)) continue;
      seen.add(key);
      plan.index.push({ unitId: id, seq, role });
    }

    // Containment first, so the state rules and later events in the batch see it.
    const named = new Set(touched.map((t) => t.id));
    /** Units an unpacking without children took out: the event names the container, not them. */
    const unpacked: string[] = [];
    if (event.type === "AggregationEvent" && event.parentId && !base.errorDeclaration) {
      const parentId = event.parentId;
      if (event.action === "DELETE") {
        const leaving = event.childEpcs.length ? event.childEpcs : children(parentId);
        for (const child of leaving) {
          if (open.get(child)?.parentId !== parentId || !mayMove(child, effective)) continue;
          closeOpen(child, seq, event.eventTime);
          if (!named.has(child)) unpacked.push(child);
        }
      } else {
        for (const child of event.childEpcs) {
          if (open.get(child)?.parentId === parentId || !mayMove(child, effective)) continue;
          closeOpen(child, seq, event.eventTime);
          openRow(parentId, child, seq, event.eventTime, effective);
        }
      }
    }
    if (!base.errorDeclaration) {
      if (event.type === "TransformationEvent") for (const inputId of event.inputEpcList) release(inputId, seq, event.eventTime, effective);
      if (event.type === "ObjectEvent" && event.action === "DELETE") for (const id of event.epcList) release(id, seq, event.eventTime, effective);
    }
    if (event.type === "TransformationEvent" && !base.errorDeclaration) {
      for (const outputId of event.outputEpcList) for (const inputId of event.inputEpcList) plan.transformations.push({ inputId, outputId, seq });
    }

    const moved = new Set(named);
    for (const child of unpacked) {
      apply(child, { ...base, role: "child", inherited: true }, seq);
      moved.add(child);
    }
    for (const { id, role } of touched) {
      apply(id, { ...base, role, inherited: false }, seq);
      if (event.type === "ObjectEvent" && event.action === "ADD" && role === "epc") {
        const lot = cbvMasterDataValue(event.ilmd, CbvMasterData.LotNumber);
        const expiry = cbvMasterDataValue(event.ilmd, CbvMasterData.ItemExpirationDate);
        const productionDate = cbvMasterDataValue(event.ilmd, CbvMasterData.ProductionDate);
        if (lot || expiry || productionDate) {
          plan.masterData.set(id, { lot, expiry, productionDate });
          const gtin = readCanonicalId(id, { checkValues: false })?.gtin;
          if (lot && gtin) lots.set(id, `${gtin}/${lot}`);
          const state = states.get(id) as UnitState;
          if (expiry && state.expiry !== expiry) {
            const withExpiry = { ...state, expiry };
            states.set(id, withExpiry);
            plan.states.set(id, withExpiry);
          }
        }
      }
      // A container's movement is every contained unit's movement (a TransactionEvent's parentID is a container too).
      if ((event.type === "ObjectEvent" && role === "epc") || (event.type === "TransactionEvent" && (role === "epc" || role === "parent"))) {
        for (const inner of descendants(id)) {
          if (named.has(inner) || moved.has(inner)) continue;
          apply(inner, { ...base, role: "epc", inherited: true }, seq);
          moved.add(inner);
        }
      }
    }
    syncContainers();
    const containers = new Set<string>();
    for (const { id } of touched) for (const outer of ancestors(id)) if (!moved.has(outer)) containers.add(outer);
    const entryLots = new Set<string>();
    for (const id of moved) {
      const lot = lots.get(id);
      if (lot) entryLots.add(lot);
    }
    plan.stream.push({ seq, units: [...moved], containers: [...containers], lots: [...entryLots] });
  }
  plan.stream.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : BigInt(a.seq) > BigInt(b.seq) ? 1 : 0));
  plan.newContainment.push(...pendingRows.values());
  for (const id of plan.created) if (!plan.states.has(id)) plan.states.set(id, states.get(id) as UnitState);
  return plan;
}
