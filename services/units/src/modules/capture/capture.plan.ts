import { type EpcisEvent, allEpcs } from "@tracehub/epcis";
import { type AlertDraft, type EventFacts, type UnitKind, type UnitState, alertsFor, nextState, unitKind, unseenState } from "../unit/unit.rules";

/**
 * Plans what a batch of new events does to units, without I/O: the state each unit ends in, the alerts,
 * the event ↔ unit index, containment changes and transformation links. The capture service loads what
 * the plan needs (current states and the containment tree), runs it, and writes the result in bulk.
 */

/** A new event with its position in the log. */
export interface PlannedEvent {
  seq: string;
  event: EpcisEvent;
}

/** An open containment row (the unit is in `parentId` since `addedTime`). */
export interface OpenContainment {
  parentId: string;
  addedSeq: string;
  addedTime: string;
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
  /** Every unit the event touched, including the contents of a container an ObjectEvent or TransactionEvent moved. */
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
  /** Lot/expiry from commissioning ILMD, by unit id. */
  masterData: Map<string, { lot: string | null; expiry: string | null }>;
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

const ILMD_LOT = "lotNumber";
const ILMD_EXPIRY = "itemExpirationDate";

function ilmdValue(event: EpcisEvent, name: string): string | null {
  const hit = event.ilmd?.find((x) => x.name === name && typeof x.value === "string");
  return (hit?.value as string | undefined) ?? null;
}

/** Runs the events in event-time order (document order breaks ties) through the unit rules. */
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
  const closeOpen = (childId: string, seq: string, time: string) => {
    const row = open.get(childId);
    if (!row) return;
    open.delete(childId);
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
  const openRow = (parentId: string, childId: string, seq: string, time: string) => {
    const row = { parentId, childId, addedSeq: seq, addedTime: time, removedSeq: null, removedTime: null };
    pendingRows.set(childId, row);
    open.set(childId, { parentId, addedSeq: seq, addedTime: time });
  };

  const ordered = input.events.map((e, i) => ({ ...e, i })).sort((a, b) => (a.event.eventTime < b.event.eventTime ? -1 : a.event.eventTime > b.event.eventTime ? 1 : a.i - b.i));
  for (const { seq, event } of ordered) {
    const base = {
      type: event.type,
      action: event.action ?? null,
      bizStep: event.bizStep ?? null,
      disposition: event.disposition ?? null,
      readPoint: event.readPoint?.id ?? null,
      bizLocation: event.bizLocation?.id ?? null,
      eventTime: event.eventTime,
      parentId: event.parentId ?? null,
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

    // Containment first, so later events in the batch see it.
    if (event.type === "AggregationEvent" && event.parentId && !base.errorDeclaration) {
      const parentId = event.parentId;
      if (event.action === "DELETE") {
        const leaving = event.childEpcs.length ? event.childEpcs : children(parentId);
        for (const child of leaving) if (open.get(child)?.parentId === parentId) closeOpen(child, seq, event.eventTime);
      } else {
        for (const child of event.childEpcs) {
          if (open.get(child)?.parentId === parentId) continue;
          closeOpen(child, seq, event.eventTime);
          openRow(parentId, child, seq, event.eventTime);
        }
      }
    }
    if (event.type === "TransformationEvent" && !base.errorDeclaration) {
      for (const outputId of event.outputEpcList) for (const inputId of event.inputEpcList) plan.transformations.push({ inputId, outputId, seq });
    }

    const moved = new Set(touched.map((t) => t.id));
    for (const { id, role } of touched) {
      apply(id, { ...base, role, inherited: false }, seq);
      if (event.type === "ObjectEvent" && event.action === "ADD" && role === "epc") {
        const lot = ilmdValue(event, ILMD_LOT);
        const expiry = ilmdValue(event, ILMD_EXPIRY);
        if (lot || expiry) {
          plan.masterData.set(id, { lot, expiry });
          const gtin = /^https:\/\/id\.gs1\.org\/01\/(\d{14})\//.exec(id)?.[1];
          if (lot && gtin) lots.set(id, `${gtin}/${lot}`);
          const state = states.get(id) as UnitState;
          if (expiry && state.expiry !== expiry) {
            const withExpiry = { ...state, expiry };
            states.set(id, withExpiry);
            plan.states.set(id, withExpiry);
          }
        }
      }
      // A container's movement is every contained unit's movement.
      if ((event.type === "ObjectEvent" || event.type === "TransactionEvent") && role === "epc") {
        for (const inner of descendants(id)) {
          apply(inner, { ...base, role: "epc", inherited: true }, seq);
          moved.add(inner);
        }
      }
    }
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
