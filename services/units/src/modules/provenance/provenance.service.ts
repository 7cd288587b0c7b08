import type { ProvenanceStore } from "./provenance.store";
import type { ContainmentPeriodType, LineageNodeType, TraceEventType } from "./provenance.type";
import { custodyChain } from "./provenance.rules";

/** A unit's story, read from the event log, containment history and lineage. */
export class ProvenanceService {
  constructor(private readonly store: ProvenanceStore) {}

  /** Every event of the unit and, for each container it was in (at any level), the container's events while the unit was inside. */
  async timeline(unitId: string, until: Date | null = null): Promise<TraceEventType[]> {
    return (await this.store.timeline(unitId, until)).map((r) => ({ ...r, inherited: r.via !== null }));
  }

  /** The containment history of the unit and of every container that held it while it was inside. */
  async containers(unitId: string, until: Date | null = null): Promise<ContainmentPeriodType[]> {
    return (await this.store.containers(unitId, until)).map((r) => ({ ...r, level: Number(r.level) }));
  }

  /** Everything the unit was made from, at every depth (breadth first). */
  async lineage(unitId: string): Promise<LineageNodeType[]> {
    return (await this.store.lineage(unitId)).map((r) => ({ ...r, depth: Number(r.depth) }));
  }

  /** The custody chain derived from the timeline. */
  custody(timeline: TraceEventType[]) {
    return custodyChain(timeline);
  }
}
