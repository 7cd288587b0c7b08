import { createReadStream } from "node:fs";
import { EpcisJsonScanner, type ScanItem } from "./json-scanner";

/** A document's own properties and `epcisBody`'s (without `eventList`), and how many events it holds. */
export interface DocumentFrame {
  header: Record<string, unknown>;
  body: Record<string, unknown>;
  events: number;
}

/**
 * Reads a whole EPCIS JSON-LD file once without keeping its events, for what surrounds them: the context, the
 * header and the other properties, wherever they are (after `epcisBody` too), and the number of events.
 * @throws JsonScanError when the file is not an EPCIS document with `epcisBody.eventList`.
 */
export async function readDocumentFrame(file: string): Promise<DocumentFrame> {
  const scanner = new EpcisJsonScanner({ keepEvents: false });
  const frame: DocumentFrame = { header: {}, body: {}, events: 0 };
  const take = (items: ScanItem[]) => {
    for (const item of items) {
      if (item.kind === "event") frame.events++;
      else if (item.kind === "header") frame.header[item.key] = item.value;
      else frame.body[item.key] = item.value;
    }
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) take(scanner.push(chunk as Buffer));
  take(scanner.end());
  delete frame.header["epcisBody"];
  return frame;
}

/** One event of a file: its position in `eventList`, its raw JSON, and the file offset just after it. */
export interface RawEvent {
  index: number;
  raw: Buffer;
  end: number;
}

/**
 * The events of an EPCIS JSON-LD file, one at a time, from event `skip` on (earlier ones are passed over without
 * being kept). `onBytes` hears how far the file has been read.
 */
export async function* streamEvents(file: string, skip = 0, onBytes?: (bytes: number) => void): AsyncGenerator<RawEvent> {
  const scanner = new EpcisJsonScanner();
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 18 })) {
    for (const item of scanner.push(chunk as Buffer)) {
      if (item.kind === "event" && item.index >= skip && item.raw) yield { index: item.index, raw: item.raw, end: item.end };
    }
    onBytes?.(scanner.position);
  }
  for (const item of scanner.end()) if (item.kind === "event" && item.index >= skip && item.raw) yield { index: item.index, raw: item.raw, end: item.end };
}

/**
 * The text of an EPCISDocument holding `events` (raw JSON, joined as they are) with `frame`'s header and body
 * properties: every chunk of a file is captured as the whole file would be.
 */
export function chunkDocument(frame: Pick<DocumentFrame, "header" | "body">, events: readonly (Buffer | string)[]): string {
  const header = JSON.stringify({ ...frame.header, type: frame.header["type"] ?? "EPCISDocument" });
  const body = JSON.stringify(frame.body);
  const open = `${header.slice(0, -1)},"epcisBody":${body === "{}" ? "{" : `${body.slice(0, -1)},`}"eventList":[`;
  return `${open}${events.map((e) => (typeof e === "string" ? e : e.toString("utf8"))).join(",")}]}}`;
}
