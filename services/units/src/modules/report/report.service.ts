import { BadUserInput, LimitExceeded, type ReadScope, normalizeGtin } from "@tracehub/subgraph-kit";
import { isValidElementValue } from "@tracehub/gs1";
import { criticalTrackingEvent, partyOf, referenceDocuments } from "./report.rules";
import type { ReportStore } from "./report.store";
import type { TraceabilityRecordType } from "./report.type";

/** Most records one report holds: a longer one asks for a narrower time window. */
export const MAX_TRACEABILITY_RECORDS = 10_000;

/** Regulators' reports read from the event log. */
export class ReportService {
  constructor(private readonly store: ReportStore) {}

  /** The FSMA 204 records of a lot in [from, to), in event-time order. */
  async traceability(gtinInput: string, lot: string, from: Date | null, to: Date | null, scope: ReadScope): Promise<TraceabilityRecordType[]> {
    const gtin = normalizeGtin(gtinInput, "gtin");
    if (!isValidElementValue("10", lot)) throw new BadUserInput("'lot' must be 1 to 20 characters of GS1 character set 82.", { field: "lot" });
    if (from && to && from.getTime() >= to.getTime()) throw new BadUserInput("'from' must be before 'to'.", { field: "from" });
    const rows = await this.store.lotEvents(gtin, lot, from, to, scope, MAX_TRACEABILITY_RECORDS + 1);
    if (rows.length > MAX_TRACEABILITY_RECORDS) {
      throw new LimitExceeded(`More than ${MAX_TRACEABILITY_RECORDS.toLocaleString("en")} events concern this lot in that window; narrow 'from' and 'to'.`, { limit: MAX_TRACEABILITY_RECORDS });
    }
    return rows.map((r) => {
      const event = ((r.body as { event?: Record<string, unknown> }).event ?? {}) as Record<string, unknown>;
      return {
        traceabilityLotCode: lot,
        gtin,
        productDescription: r.productName,
        criticalTrackingEvent: criticalTrackingEvent(r.type, r.bizStep),
        eventTime: r.eventTime,
        quantity: r.quantity,
        unitOfMeasure: "each",
        location: r.bizLocation ?? r.readPoint,
        source: partyOf(event.sourceList, "source"),
        destination: partyOf(event.destinationList, "destination"),
        referenceDocuments: referenceDocuments(event.bizTransactionList),
        bizStep: r.bizStep,
        disposition: r.disposition,
        eventId: r.eventId,
      };
    });
  }
}
