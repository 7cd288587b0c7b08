import { CbvMasterData, EPCIS_CONTEXT_URL, cbvMasterDataKey } from "@tracehub/epcis";
import { canonicalIdentifier, canonicalUnitId, isGs1Error } from "@tracehub/gs1";

/** One record of a CSV file: its cells, and the line it starts on (1-based; the header is line 1). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * A streaming RFC 4180 reader: cells separated by commas, records by CRLF, LF or CR, cells in double quotes may
 * hold commas, line breaks and doubled quotes (`""`). Feed it text in any pieces with {@link push}, then {@link end}.
 */
export class CsvReader {
  private cells: string[] = [];
  private cell = "";
  private quoted = false;
  /** In a quoted cell, the quote just read may close it or be the first of `""`. */
  private quotePending = false;
  /** The previous character was a CR (a following LF belongs to the same line break). */
  private afterCr = false;
  private cellStarted = false;
  /** A quoted cell just closed: only a comma or a line break may follow. */
  private closedQuote = false;
  private line = 1;
  private recordLine = 1;

  /** Reads more text; answers the records it completed. @throws Error on a quote inside an unquoted cell. */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (this.afterCr) {
        this.afterCr = false;
        if (c === "\n") continue;
      }
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === '"') {
            this.cell += '"';
            continue;
          }
          this.quoted = false; // the quote closed the cell; `c` is read below as after a cell
          this.closedQuote = true;
        } else if (c === '"') {
          this.quotePending = true;
          continue;
        } else {
          if (c === "\n" || c === "\r") {
            this.line++;
            if (c === "\r") this.afterCr = true;
          }
          this.cell += c;
          continue;
        }
      }
      if (this.closedQuote && c !== "," && c !== "\n" && c !== "\r") throw new Error(`line ${this.line}: text after a closing quote`);
      if (c === ",") {
        this.endCell();
      } else if (c === "\n" || c === "\r") {
        this.afterCr = c === "\r";
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
      } else if (c === '"') {
        if (this.cellStarted) throw new Error(`line ${this.line}: a quote inside an unquoted cell (quote the whole cell and double the quote)`);
        this.quoted = true;
        this.cellStarted = true;
      } else {
        this.cell += c;
        this.cellStarted = true;
      }
    }
    return out;
  }

  /** Ends the text: answers the last record when it has no line break after it. @throws Error on an open quote. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.quoted && !this.quotePending) throw new Error(`line ${this.recordLine}: a quoted cell is never closed`);
    this.quoted = false;
    this.quotePending = false;
    if (this.cellStarted || this.cells.length > 0) this.endRecord(out);
    return out;
  }

  private endCell(): void {
    this.cells.push(this.cell);
    this.cell = "";
    this.cellStarted = false;
    this.closedQuote = false;
  }

  private endRecord(out: CsvRecord[]): void {
    const blank = this.cells.length === 0 && !this.cellStarted;
    this.endCell();
    if (!blank) out.push({ line: this.recordLine, cells: this.cells });
    this.cells = [];
  }
}

/** The columns a serials CSV may have. `gtin` and `serial` are required. */
export const CSV_COLUMNS = ["gtin", "serial", "lot", "expiry", "location"] as const;
type Column = (typeof CSV_COLUMNS)[number];

/** Where each known column is in a file, read from its header row. */
export type CsvLayout = Partial<Record<Column, number>>;

/**
 * Reads a header row (names trimmed, any case).
 * @throws Error naming a missing required column, an unknown or a repeated one.
 */
export function csvLayout(header: readonly string[]): CsvLayout {
  const layout: CsvLayout = {};
  header.forEach((raw, index) => {
    const name = raw.trim().toLowerCase().replace(/^\ufeff/, "");
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) throw new Error(`unknown column "${raw}" in the header row (columns: ${CSV_COLUMNS.join(", ")})`);
    if (layout[name as Column] !== undefined) throw new Error(`column "${name}" appears twice in the header row`);
    layout[name as Column] = index;
  });
  for (const required of ["gtin", "serial"] as const) if (layout[required] === undefined) throw new Error(`the header row has no "${required}" column (required: gtin, serial; optional: lot, expiry, location)`);
  return layout;
}

/** The EPCIS 2.0 context of documents built from CSV rows. */
export const CSV_DOCUMENT_CONTEXT = [EPCIS_CONTEXT_URL];

/**
 * The commissioning event of one CSV row: an ObjectEvent ADD, bizStep `commissioning`, disposition `active`, the
 * unit's GS1 Digital Link in `epcList`, the lot and expiry as ILMD, the location's GLN as read point and business
 * location. GTIN, serial, lot, expiry (ISO date `YYYY-MM-DD`) and GLN are checked by `@tracehub/gs1`.
 * @returns the event, or the reason the row is refused.
 */
export function csvRowEvent(record: CsvRecord, layout: CsvLayout, eventTime: string): { event: Record<string, unknown> } | { problem: string } {
  const cell = (column: Column): string | undefined => {
    const index = layout[column];
    const value = index === undefined ? undefined : record.cells[index]?.trim();
    return value === "" ? undefined : value;
  };
  const [gtin, serial, lot, expiry, location] = [cell("gtin"), cell("serial"), cell("lot"), cell("expiry"), cell("location")];
  if (record.cells.length > Object.keys(layout).length) return { problem: `line ${record.line}: ${record.cells.length} cells, but the header has ${Object.keys(layout).length} columns` };
  if (!gtin) return { problem: `line ${record.line}: no gtin` };
  if (!serial) return { problem: `line ${record.line}: no serial` };
  let unit: string;
  let place: string | undefined;
  try {
    unit = canonicalUnitId({ gtin, serial, ...(lot !== undefined ? { lot } : {}), ...(expiry !== undefined ? { expiry } : {}) });
    place = location === undefined ? undefined : canonicalIdentifier({ gln: location });
  } catch (error) {
    if (isGs1Error(error)) return { problem: `line ${record.line}: ${error.message}` };
    if (error instanceof Error) return { problem: `line ${record.line}: ${error.message}` };
    throw error;
  }
  const ilmd: Record<string, string> = {};
  if (lot !== undefined) ilmd[cbvMasterDataKey(CbvMasterData.LotNumber)] = lot;
  if (expiry !== undefined) ilmd[cbvMasterDataKey(CbvMasterData.ItemExpirationDate)] = expiry;
  return {
    event: {
      type: "ObjectEvent",
      eventTime,
      eventTimeZoneOffset: "+00:00",
      epcList: [unit],
      action: "ADD",
      bizStep: "commissioning",
      disposition: "active",
      ...(place !== undefined ? { readPoint: { id: place }, bizLocation: { id: place } } : {}),
      ...(Object.keys(ilmd).length > 0 ? { ilmd } : {}),
    },
  };
}
