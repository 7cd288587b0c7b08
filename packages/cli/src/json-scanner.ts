/**
 * A streaming reader of one EPCIS 2.0 JSON-LD document: it hands out the document's own properties (`@context`,
 * `epcisHeader`, `creationDate`, ...) and each event of `epcisBody.eventList` as raw JSON, one event at a time,
 * whatever the size of the file and wherever `eventList` and `epcisBody` sit among their siblings. Bytes are read as
 * they come: structural characters are ASCII, so multi-byte UTF-8 sequences are never split by a decision here.
 */

/** What the scanner found: a property of the document, a property of `epcisBody` other than `eventList`, or one event. */
export type ScanItem =
  | { kind: "header"; key: string; value: unknown }
  | { kind: "body"; key: string; value: unknown }
  | { kind: "event"; index: number; raw: Buffer | null; end: number };

/** The file is not a JSON object with an `epcisBody.eventList` array, or is not well-formed JSON where the scanner looks. */
export class JsonScanError extends Error {
  override readonly name = "JsonScanError";
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at byte ${position}`);
  }
}

type Level = "start" | "top" | "body" | "list" | "after";
type Expect = "key-or-close" | "key" | "colon" | "value" | "comma-or-close" | "item-or-close" | "item";

interface Capture {
  /** What is captured: a key, a property value, or an event. */
  role: "key" | "value" | "event";
  kind: "container" | "string" | "scalar";
  depth: number;
  inString: boolean;
  escape: boolean;
  /** The opening quote or bracket has been read. */
  opened: boolean;
  parts: Buffer[];
  keep: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Options of {@link EpcisJsonScanner}. */
export interface ScannerOptions {
  /** Keep each event's bytes (default true); false hands out events with `raw: null`, for counting or skipping. */
  keepEvents?: boolean;
}

/**
 * Feed it the file's bytes in order with {@link push}, then call {@link end}. Each call answers what completed in
 * those bytes, in document order.
 */
export class EpcisJsonScanner {
  private level: Level = "start";
  private expect: Expect = "value";
  private capture: Capture | null = null;
  private key = "";
  private events = 0;
  private sawEventList = false;
  /** Bytes consumed so far. */
  position = 0;
  private readonly keepEvents: boolean;

  constructor(options: ScannerOptions = {}) {
    this.keepEvents = options.keepEvents ?? true;
  }

  /** Reads the next bytes of the file; answers the items they completed. @throws JsonScanError */
  push(chunk: Buffer): ScanItem[] {
    const out: ScanItem[] = [];
    let i = 0;
    let captureStart = 0;
    const n = chunk.length;
    while (i < n) {
      const cap = this.capture;
      if (cap) {
        // Inside a captured value: find where it ends.
        let done = false;
        if (cap.kind === "scalar") {
          while (i < n) {
            const b = chunk[i] as number;
            if (b === COMMA || b === CLOSE_OBJECT || b === CLOSE_ARRAY || isSpace(b)) {
              done = true;
              break;
            }
            i++;
          }
        } else {
          if (!cap.opened) {
            // The opening quote or bracket sets the capture's state.
            cap.opened = true;
            if (cap.kind === "string") cap.inString = true;
            else cap.depth = 1;
            i++;
          }
          while (i < n) {
            const b = chunk[i++] as number;
            if (cap.inString) {
              if (cap.escape) cap.escape = false;
              else if (b === BACKSLASH) cap.escape = true;
              else if (b === QUOTE) {
                cap.inString = false;
                if (cap.kind === "string") {
                  done = true;
                  break;
                }
              }
            } else if (b === QUOTE) cap.inString = true;
            else if (b === OPEN_OBJECT || b === OPEN_ARRAY) cap.depth++;
            else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
              if (--cap.depth === 0) {
                done = true;
                break;
              }
            }
          }
        }
        if (cap.keep) cap.parts.push(chunk.subarray(captureStart, i));
        if (!done) break;
        this.capture = null;
        this.finish(cap, this.position + i, out);
        continue;
      }
      const b = chunk[i] as number;
      if (isSpace(b)) {
        i++;
        continue;
      }
      if (this.level === "start" && this.position + i < 3 && (b === 0xef || b === 0xbb || b === 0xbf)) {
        // A UTF-8 byte order mark (EF BB BF) before the document.
        i++;
        continue;
      }
      const at = this.position + i;
      const starts = this.structural(b, at);
      if (starts) {
        this.capture = starts;
        captureStart = i;
        continue;
      }
      i++;
    }
    this.position += n;
    return out;
  }

  /** Ends the file: answers what the last bytes completed. @throws JsonScanError when the document is incomplete. */
  end(): ScanItem[] {
    const out: ScanItem[] = [];
    const cap = this.capture;
    if (cap && cap.kind === "scalar") {
      this.capture = null;
      this.finish(cap, this.position, out);
    }
    if (this.level !== "after" || this.capture) throw new JsonScanError("The document ends early (truncated file?)", this.position);
    if (!this.sawEventList) throw new JsonScanError("The document has no epcisBody.eventList", this.position);
    return out;
  }

  /** A byte outside any captured value: moves the structure on, or answers the capture a value starts. */
  private structural(b: number, at: number): Capture | null {
    const fail = (what: string): never => {
      throw new JsonScanError(`${what}, found '${String.fromCharCode(b)}'`, at);
    };
    const begin = (role: Capture["role"]): Capture => ({
      role,
      kind: b === QUOTE ? "string" : b === OPEN_OBJECT || b === OPEN_ARRAY ? "container" : "scalar",
      depth: 0,
      inString: false,
      escape: false,
      opened: false,
      parts: [],
      keep: role !== "event" || this.keepEvents,
    });
    switch (this.expect) {
      case "key-or-close":
      case "key":
        if (b === QUOTE) return begin("key");
        if (b === CLOSE_OBJECT && this.expect === "key-or-close") return this.close(), null;
        return fail("Expected a property name");
      case "colon":
        if (b !== COLON) fail("Expected ':'");
        this.expect = "value";
        return null;
      case "comma-or-close":
        if (b === COMMA) {
          this.expect = this.level === "list" ? "item" : "key";
          return null;
        }
        if ((b === CLOSE_OBJECT && this.level !== "list") || (b === CLOSE_ARRAY && this.level === "list")) return this.close(), null;
        return fail("Expected ',' or the end of the object or array");
      case "item-or-close":
      case "item":
        if (b === CLOSE_ARRAY && this.expect === "item-or-close") return this.close(), null;
        if (b === COMMA || b === COLON || b === CLOSE_ARRAY || b === CLOSE_OBJECT) return fail("Expected an event");
        return begin("event");
      case "value":
        if (this.level === "start") {
          if (b !== OPEN_OBJECT) fail("An EPCIS JSON document is a JSON object");
          this.level = "top";
          this.expect = "key-or-close";
          return null;
        }
        if (this.level === "after") return fail("Unexpected data after the document");
        if (this.level === "top" && this.key === "epcisBody") {
          if (b !== OPEN_OBJECT) fail("epcisBody must be an object");
          this.level = "body";
          this.expect = "key-or-close";
          return null;
        }
        if (this.level === "body" && this.key === "eventList") {
          if (b !== OPEN_ARRAY) fail("epcisBody.eventList must be an array");
          this.sawEventList = true;
          this.level = "list";
          this.expect = "item-or-close";
          return null;
        }
        if (b === COMMA || b === COLON || b === CLOSE_ARRAY || b === CLOSE_OBJECT) return fail("Expected a value");
        return begin("value");
    }
  }

  private close(): void {
    this.level = this.level === "list" ? "body" : this.level === "body" ? "top" : "after";
    this.expect = this.level === "after" ? "value" : "comma-or-close";
  }

  private finish(cap: Capture, end: number, out: ScanItem[]): void {
    const raw = () => (cap.parts.length === 1 ? (cap.parts[0] as Buffer) : Buffer.concat(cap.parts));
    const parse = (): unknown => {
      try {
        return JSON.parse(raw().toString("utf8"));
      } catch (error) {
        throw new JsonScanError(`Malformed JSON value (${(error as Error).message})`, end);
      }
    };
    if (cap.role === "key") {
      this.key = parse() as string;
      this.expect = "colon";
      return;
    }
    this.expect = "comma-or-close";
    if (cap.role === "event") out.push({ kind: "event", index: this.events++, raw: cap.keep ? Buffer.from(raw()) : null, end });
    else out.push({ kind: this.level === "top" ? "header" : "body", key: this.key, value: parse() });
  }
}
