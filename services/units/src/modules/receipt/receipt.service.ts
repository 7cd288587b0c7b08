import { randomUUID } from "node:crypto";
import type { Principal } from "@tracehub/auth";
import { isValidElementValue, readCanonicalId } from "@tracehub/gs1";
import { BadUserInput, Conflict, Forbidden, NotFound, type Page, anyUnitId, assertMayWrite, decodeCursor, isUuid, locationId, pageSize, toPage } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import type { CaptureService } from "../capture/capture.service";
import { ReceiptReason } from "./receipt.errors";
import { MAX_LISTED, MAX_NOTICE_CODES, MAX_RECEIPT_CODES, canSeeNotice, defaultDespatchAdvice, isReceiver, reconcile } from "./receipt.rules";
import type { NoticeReader, NoticeRow, ReceiptStore } from "./receipt.store";
import type { CreateNoticeInput, NoticeType, ReceiveShipmentInput, ReconciliationType } from "./receipt.type";
import { NoticeStatus } from "./receipt.type";

/** True when `value` is an absolute URI without spaces (a URN or an http(s) URL). */
function isUri(value: string): boolean {
  if (value.length > 400 || value.includes(" ")) return false;
  try {
    const protocol = new URL(value).protocol;
    return protocol === "urn:" || protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/** Maps a stored notice to its API shape. */
export function toNoticeType(row: NoticeRow): NoticeType {
  return { ...row, status: row.status as NoticeStatus };
}

/**
 * Inbound receipt against advance ship notices. A shipper announces the units coming to a receiver's location; the
 * receiver's receiving scans that name the notice's despatch advice (through `receiveShipment`, or any captured
 * receiving event at that location naming it) reconcile into matched, missing and unexpected units. An unexpected
 * unit is raised as an alert when received; closing the notice raises the missing ones.
 */
export class ReceiptService {
  constructor(
    private readonly ds: DataSource,
    private readonly store: ReceiptStore,
    private readonly capture: CaptureService,
  ) {}

  /** Sends a notice for units you own or may capture. */
  async create(input: CreateNoticeInput, principal: Principal): Promise<NoticeType> {
    const reference = input.reference.trim();
    if (reference.length < 1 || reference.length > 100) throw new BadUserInput("'reference' must be 1 to 100 characters.", { field: "reference" });
    const given = input.receiver.trim();
    const receiver = readCanonicalId(locationId(isValidElementValue("414", given) ? `(414)${given}` : given, "receiver"))?.gln;
    if (!receiver) throw new BadUserInput("'receiver' must be a GLN.", { field: "receiver" });
    if (input.codes.length < 1 || input.codes.length > MAX_NOTICE_CODES) throw new BadUserInput(`'codes' must hold 1 to ${MAX_NOTICE_CODES} codes.`, { field: "codes" });
    const unitIds = [...new Set(input.codes.map((c, i) => anyUnitId(c, `codes[${i}]`)))];
    assertMayWrite(principal, unitIds, "CAPTURE", "codes");
    const id = randomUUID();
    const despatchAdvice = input.despatchAdvice?.trim() || defaultDespatchAdvice(id);
    if (!isUri(despatchAdvice)) throw new BadUserInput("'despatchAdvice' must be a URI (urn:… or http(s)://…).", { field: "despatchAdvice" });
    const row = await this.ds.transaction((em) =>
      this.store.insert(em, { id, reference, despatchAdvice, shipperOrg: principal.org, createdBy: principal.sub ?? "unknown", receiverGln: receiver, unitIds }),
    );
    if (!row) throw new Conflict(`Another notice uses the despatch advice ${despatchAdvice}.`, { field: "despatchAdvice" }, ReceiptReason.DESPATCH_ADVICE_TAKEN);
    return toNoticeType(row);
  }

  /** A notice, when the principal may see it. */
  async visible(id: string, principal: Principal): Promise<NoticeRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.store.byIds([id]);
    return row && canSeeNotice(principal, row) ? row : null;
  }

  /** A page of the notices the principal may see (shipped by its organization, or coming to its locations). */
  async list(principal: Principal, args: { first?: number | null; after?: string | null; status?: NoticeStatus | null }): Promise<Page<NoticeType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["uuid"]);
    const reader: NoticeReader = principal.roles.some((r) => r === "operator" || r === "regulator") ? { all: true } : { all: false, org: principal.org, glns: principal.scope?.glns ?? [] };
    if (!reader.all && !reader.org) return toPage([], size, () => [], 0);
    const total = await this.store.count(reader, args.status ?? null);
    const rows = await this.store.page(reader, args.status ?? null, after, size);
    return toPage(rows.map(toNoticeType), size, (n) => [n.id], total);
  }

  /** How the receipt so far compares with the notice. */
  async reconciliation(notice: NoticeRow): Promise<ReconciliationType> {
    const r = reconcile(await this.store.expected(notice.id), new Set(await this.store.received(notice.despatchAdvice, notice.receiverGln)));
    return {
      matched: r.matched.length,
      missing: r.missing.length,
      unexpected: r.unexpected.length,
      matchedUnits: r.matched.slice(0, MAX_LISTED),
      missingUnits: r.missing.slice(0, MAX_LISTED),
      unexpectedUnits: r.unexpected.slice(0, MAX_LISTED),
    };
  }

  /** The notice's alerts. */
  alerts(notice: NoticeRow) {
    return this.store.alerts(notice.id);
  }

  /**
   * Records a receiving scan at the notice's location naming its despatch advice (ObjectEvent OBSERVE,
   * `receiving`), raises an alert for each unit it did not announce, and answers the reconciliation.
   */
  async receive(input: ReceiveShipmentInput, principal: Principal): Promise<ReconciliationType> {
    if (input.codes.length < 1 || input.codes.length > MAX_RECEIPT_CODES) throw new BadUserInput(`'codes' must hold 1 to ${MAX_RECEIPT_CODES} codes.`, { field: "codes" });
    const unitIds = [...new Set(input.codes.map((c, i) => anyUnitId(c, `codes[${i}]`)))];
    const notice = await this.ownNotice(input.noticeId, principal);
    if (!isReceiver(principal, notice)) throw new Forbidden("Only the organization at the notice's receiving location receives against it.", { field: "noticeId" }, ReceiptReason.NOT_RECEIVER);
    await this.ds.transaction(async (em) => {
      const locked = await this.store.lock(em, notice.id);
      if (!locked || locked.status !== NoticeStatus.OPEN) throw new Conflict("The notice is closed; nothing was recorded.", { field: "noticeId" }, ReceiptReason.NOTICE_CLOSED);
      const location = `https://id.gs1.org/414/${notice.receiverGln}`;
      const event = {
        type: "ObjectEvent",
        eventTime: new Date().toISOString(),
        eventTimeZoneOffset: "+00:00",
        epcList: unitIds,
        action: "OBSERVE",
        bizStep: "receiving",
        readPoint: { id: location },
        bizLocation: { id: location },
        bizTransactionList: [{ type: "desadv", bizTransaction: notice.despatchAdvice }],
      };
      await this.capture.captureBuilt([event], principal, em);
      const r = reconcile(await this.store.expected(notice.id, em), new Set(await this.store.received(notice.despatchAdvice, notice.receiverGln, em)));
      await this.store.raise(em, notice.id, "UNEXPECTED", r.unexpected);
    });
    return this.reconciliation(notice);
  }

  /** Closes the notice: the units still missing, and any unexpected ones, are raised as alerts. */
  async close(id: string, principal: Principal): Promise<NoticeType> {
    const notice = await this.ownNotice(id, principal);
    if (principal.org !== notice.shipperOrg && !isReceiver(principal, notice)) {
      throw new Forbidden("Only the shipper or the receiver closes a notice.", { field: "id" }, ReceiptReason.NOT_RECEIVER);
    }
    const closed = await this.ds.transaction(async (em) => {
      const locked = await this.store.lock(em, notice.id);
      if (!locked || locked.status !== NoticeStatus.OPEN) throw new Conflict("The notice is closed already.", { field: "id" }, ReceiptReason.NOTICE_CLOSED);
      const r = reconcile(await this.store.expected(notice.id, em), new Set(await this.store.received(notice.despatchAdvice, notice.receiverGln, em)));
      await this.store.raise(em, notice.id, "MISSING", r.missing);
      await this.store.raise(em, notice.id, "UNEXPECTED", r.unexpected);
      await this.store.close(em, notice.id);
      return (await this.store.byIds([notice.id], em))[0] as NoticeRow;
    });
    return toNoticeType(closed);
  }

  private async ownNotice(id: string, principal: Principal): Promise<NoticeRow> {
    const notice = await this.visible(id, principal);
    // Regulators read notices; only their parties (and operators) act on them.
    const party = notice !== null && (principal.roles.includes("operator") || (principal.org !== null && principal.org === notice.shipperOrg) || isReceiver(principal, notice));
    if (!notice || !party) throw new NotFound(`No advance ship notice ${id} of yours.`, { field: "noticeId" }, ReceiptReason.NOTICE_NOT_FOUND);
    return notice;
  }
}
