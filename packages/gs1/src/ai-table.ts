/**
 * The GS1 Application Identifier table: format of each AI's value, whether it
 * has a predefined length (no FNC1/GS separator needed after it), cross-AI
 * rules, and its role in GS1 Digital Link URIs.
 *
 * Facts follow the GS1 General Specifications as machine-readably published in
 * the GS1 Barcode Syntax Dictionary (see standards.md §1.3).
 */

/** Character set of one component of an AI value. */
export type Gs1Charset =
  /** digits 0-9 */
  | "N"
  /** GS1 AI encodable character set 82 */
  | "X"
  /** GS1 character set 39 (`#`, `-`, `/`, digits, upper-case letters) */
  | "Y"
  /** GS1 character set 64 (file-safe base64 and `=`) */
  | "Z";

/** One component of an AI value, e.g. `N13,csum` or `[X..16]`. */
export interface AiComponent {
  /** Character set of the component. */
  charset: Gs1Charset;
  /** Minimum length (equal to `max` for a fixed-length component). */
  min: number;
  /** Maximum length. */
  max: number;
  /** An optional final component. */
  optional: boolean;
  /** Content checks (`csum`, `yymmd0`, `yymmdd`, `hhmm`, `zero`, ...). */
  checks: readonly string[];
}

/** Everything the library knows about one Application Identifier. */
export interface AiDefinition {
  /** The AI digits, e.g. `"01"` or `"3103"`. */
  ai: string;
  /** Short title from the GS1 table (e.g. `BATCH/LOT`). */
  title: string;
  /** Total value length when the AI has a predefined length (no GS separator after it), else `undefined`. */
  predefinedLength: number | undefined;
  /** Value components in order. */
  components: readonly AiComponent[];
  /** Minimum and maximum total value length. */
  minLength: number;
  /** Maximum total value length. */
  maxLength: number;
  /** Each inner list: at least one of these AIs (patterns such as `31nn` allowed) must be present. */
  requires: readonly (readonly string[])[];
  /** AIs (patterns allowed) that must not appear together with this one. */
  excludes: readonly string[];
  /** Digital Link qualifier sequences when this AI is a Digital Link primary key (`[[]]` = key without qualifiers). */
  dlQualifiers: readonly (readonly string[])[] | undefined;
  /** May appear as a Digital Link query-string data attribute. */
  dlAttribute: boolean;
}

// Own compact transcription: "AI(s) [*] spec... [req=..] [ex=..] [dlpkey[=..]] # title".
const TABLE = `
00 * N18,csum dlpkey # SSCC
01 * N14,csum ex=02,255,37 dlpkey=22,10,21|235 # GTIN
02 * N14,csum req=37 # CONTENT
03 * N14,csum # MTO GTIN
10 X..20 req=01,02,03,8006,8026 # BATCH/LOT
11 * N6,yymmd0 req=01,02,8006,8026 # PROD DATE
12 * N6,yymmd0 req=8020 # DUE DATE
13 * N6,yymmd0 req=01,02,8006,8026 # PACK DATE
15 * N6,yymmd0 req=01,02,8006,8026 # BEST BEFORE
16 * N6,yymmd0 req=01,02,8006,8026 # SELL BY
17 * N6,yymmd0 req=01,02,255,8006,8026 # USE BY OR EXPIRY
20 * N2 req=01,02,8006,8026 # VARIANT
21 X..20 req=01,03,8006 ex=235 # SERIAL
22 X..20 req=01 # CPV
235 X..28 req=01 # TPX
240 X..30 req=01,02,8006,8026 # ADDITIONAL ID
241 X..30 req=01,02,8006,8026 # CUST. PART No.
242 N..6 req=01,02,8006,8026 # MTO VARIANT
243 X..20 req=01 # PCN
250 X..30 req=01,8006 req=21 # SECONDARY SERIAL
251 X..30 req=01,8006 # REF. TO SOURCE
253 N13,csum [X..17] dlpkey # GDTI
254 X..20 req=414 # GLN EXTENSION COMPONENT
255 N13,csum [N..12] dlpkey ex=01,02,415,8006,8020,8026 # GCN
30 N..8 req=01,02 # VAR. COUNT
37 N..8 req=02,8026 # COUNT
3900-3909 N..15 req=255,8020 # AMOUNT
3910-3919 N3 N..15 req=8020 # AMOUNT
3920-3929 N..15 req=01 # PRICE
3930-3939 N3 N..15 # PRICE
3940-3943 N4 req=255 # PRCNT OFF
3950-3955 N6 # PRICE/UoM
400 X..30 # ORDER NUMBER
401 X..30 dlpkey # GINC
402 N17,csum dlpkey # GSIN
403 X..30 req=00 # ROUTE
410 * N13,csum # SHIP TO LOC
411 * N13,csum # BILL TO
412 * N13,csum # PURCHASE FROM
413 * N13,csum # SHIP FOR LOC
414 * N13,csum dlpkey=254|7040 # LOC No.
415 * N13,csum req=8020 dlpkey=8020 # PAY TO
416 * N13,csum # PROD/SERV LOC
417 * N13,csum dlpkey=7040 # PARTY
420 X..20 ex=421 # SHIP TO POST
421 N3 X..9 # SHIP TO POST
422 N3 req=01,02,8006,8026 ex=426 # ORIGIN
423 N..15 req=01,02 ex=426 # COUNTRY - INITIAL PROCESS
424 N3 req=01,02 ex=426 # COUNTRY - PROCESS
425 N..15 req=01,02 ex=426 # COUNTRY - DISASSEMBLY
426 N3 req=01,02 # COUNTRY - FULL PROCESS
427 X..3 req=01,02 req=422 # ORIGIN SUBDIVISION
4300-4301 X..35 req=00 # SHIP TO COMP/NAME
4302 X..70 req=00 # SHIP TO ADD1
4303 X..70 req=4302 # SHIP TO ADD2
4304-4306 X..70 req=00 # SHIP TO SUB/LOC/REG
4307 X2 req=00 # SHIP TO COUNTRY
4308 X..30 req=00 # SHIP TO PHONE
4309 N10 N10 req=00 # SHIP TO GEO
4310-4311 X..35 req=00 # RTN TO COMP/NAME
4312 X..70 req=00 # RTN TO ADD1
4313 X..70 req=4312 # RTN TO ADD2
4314-4316 X..70 req=00 # RTN TO SUB/LOC/REG
4317 X2 req=00 # RTN TO COUNTRY
4318 X..20 req=00 # RTN TO POST
4319 X..30 req=00 # RTN TO PHONE
4320 X..35 req=00 # SRV DESCRIPTION
4321-4323 N1,yesno req=00 # DANGEROUS GOODS / AUTH TO LEAVE / SIG REQUIRED
4324-4325 N6,yymmd0 N4,hhmm req=00 # DELIVERY DATE/TIME WINDOW
4326 N6,yymmdd req=00 # REL DATE
4330-4333 N6 [X1],hyphen req=00 # MAX/MIN TEMP
7001 N13 req=01,02,8006,8026 # NSN
7002 X..30 req=01,02 # MEAT CUT
7003 N6,yymmdd N4,hhmm req=01,02 # EXPIRY TIME
7004 N..4 req=01 req=10 # ACTIVE POTENCY
7005 X..12 req=01,02 # CATCH AREA
7006 N6,yymmdd req=01,02 # FIRST FREEZE DATE
7007 N6,yymmdd [N6],yymmdd req=01,02 # HARVEST DATE
7008 X..3 req=01,02 # AQUATIC SPECIES
7009 X..10 req=01,02 # FISHING GEAR TYPE
7010 X..2 req=01,02 # PROD METHOD
7011 N6,yymmdd [N4],hhmm req=01,02 # TEST BY DATE
7020 X..20 req=01,8006 req=416 # REFURB LOT
7021 X..20 req=01,8006 # FUNC STAT
7022 X..20 req=7021 # REV STAT
7023 X..30 # GIAI - ASSEMBLY
7030-7039 N3 X..27 req=01,02 # PROCESSOR
7040 N1 X1 X1 X1 # UIC+EXT
710-717 X..20 req=01 # NHRN
7230-7239 X2 X..28 req=01,8004 # CERT
7240 X..20 req=01,8006 # PROTOCOL
7241 N2 req=8017,8018 # AIDC MEDIA TYPE
7242 X..25 req=8017,8018 # VCN
8001 N14 req=01 # DIMENSIONS
8002 X..20 # CMT No.
8003 N1,zero N13,csum [X..16] dlpkey # GRAI
8004 X..30,gcp dlpkey=7040 # GIAI
8005 N6 req=01,02 # PRICE PER UNIT
8006 N14,csum N4,pieceoftotal ex=01,37 dlpkey=22,10,21 # ITIP
8007 X..34 req=415 # IBAN
8008 N8,yymmddhh [N..4] req=01,02 # PROD TIME
8009 X..50 req=00,01 # OPTSEN
8010 Y..30 dlpkey=8011 # CPID
8011 N..12,nozeroprefix req=8010 # CPID SERIAL
8012 X..20 req=01,8006 # VERSION
8013 X..25 dlpkey # GMN
8017 N18,csum ex=8018 dlpkey=8019 # GSRN - PROVIDER
8018 N18,csum ex=8017 dlpkey=8019 # GSRN - RECIPIENT
8019 N..10 req=8017,8018 # SRIN
8020 X..25 req=415 # REF No.
8026 N14,csum N4,pieceoftotal req=37 ex=02,8006 # ITIP CONTENT
8030 Z..90 req=00,01,253,255,8003,8004,8006,8010,8017,8018 # DIGSIG
8110 X..70 # COUPON
8111 N4 req=255 # POINTS
8112 X..70 # COUPON
8200 X..70 req=01 # PRODUCT URL
90 X..30 # INTERNAL
91-99 X..90 # INTERNAL
`;

/** Measure AIs 31nn–36nn: six digits, predefined length, decimal places in the 4th digit. */
const MEASURE_PREFIXES: ReadonlyArray<[string, string, string]> = [
  ["310", "01,02", "NET WEIGHT (kg)"], ["311", "01,02", "LENGTH (m)"], ["312", "01,02", "WIDTH (m)"],
  ["313", "01,02", "HEIGHT (m)"], ["314", "01,02", "AREA (m2)"], ["315", "01,02", "NET VOLUME (l)"],
  ["316", "01,02", "NET VOLUME (m3)"], ["320", "01,02", "NET WEIGHT (lb)"], ["321", "01,02", "LENGTH (in)"],
  ["322", "01,02", "LENGTH (ft)"], ["323", "01,02", "LENGTH (yd)"], ["324", "01,02", "WIDTH (in)"],
  ["325", "01,02", "WIDTH (ft)"], ["326", "01,02", "WIDTH (yd)"], ["327", "01,02", "HEIGHT (in)"],
  ["328", "01,02", "HEIGHT (ft)"], ["329", "01,02", "HEIGHT (yd)"], ["330", "00,01", "GROSS WEIGHT (kg)"],
  ["331", "00,01", "LENGTH (m), log"], ["332", "00,01", "WIDTH (m), log"], ["333", "00,01", "HEIGHT (m), log"],
  ["334", "00,01", "AREA (m2), log"], ["335", "00,01", "VOLUME (l), log"], ["336", "00,01", "VOLUME (m3), log"],
  ["337", "01", "KG PER m2"], ["340", "00,01", "GROSS WEIGHT (lb)"], ["341", "00,01", "LENGTH (in), log"],
  ["342", "00,01", "LENGTH (ft), log"], ["343", "00,01", "LENGTH (yd), log"], ["344", "00,01", "WIDTH (in), log"],
  ["345", "00,01", "WIDTH (ft), log"], ["346", "00,01", "WIDTH (yd), log"], ["347", "00,01", "HEIGHT (in), log"],
  ["348", "00,01", "HEIGHT (ft), log"], ["349", "00,01", "HEIGHT (yd), log"], ["350", "01,02", "AREA (in2)"],
  ["351", "01,02", "AREA (ft2)"], ["352", "01,02", "AREA (yd2)"], ["353", "00,01", "AREA (in2), log"],
  ["354", "00,01", "AREA (ft2), log"], ["355", "00,01", "AREA (yd2), log"], ["356", "01,02", "NET WEIGHT (t oz)"],
  ["357", "01,02", "NET VOLUME (oz)"], ["360", "01,02", "NET VOLUME (qt)"], ["361", "01,02", "NET VOLUME (gal.)"],
  ["362", "00,01", "VOLUME (qt), log"], ["363", "00,01", "VOLUME (gal.), log"], ["364", "01,02", "VOLUME (in3)"],
  ["365", "01,02", "VOLUME (ft3)"], ["366", "01,02", "VOLUME (yd3)"], ["367", "00,01", "VOLUME (in3), log"],
  ["368", "00,01", "VOLUME (ft3), log"], ["369", "00,01", "VOLUME (yd3), log"],
];

/** AIs that are Digital Link key qualifiers only (or primary keys never demoted), never query attributes. */
const NOT_DL_ATTRIBUTES = new Set(["00", "01", "21", "22", "235", "254", "7040", "8011", "8019", "8020"]);

function parseComponent(spec: string): AiComponent {
  const optional = spec.startsWith("[");
  const body = optional ? spec.replace("[", "").replace("]", "") : spec;
  const [type = "", ...checks] = body.split(",");
  const m = /^([NXYZ])(\.\.)?(\d+)$/.exec(type);
  if (m === null) throw new Error(`bad AI table component ${spec}`);
  const max = Number(m[3]);
  return { charset: m[1] as Gs1Charset, min: m[2] === undefined ? max : 1, max, optional, checks };
}

function buildTable(): Map<string, AiDefinition> {
  const table = new Map<string, AiDefinition>();
  const add = (ai: string, predefined: boolean, components: AiComponent[], kv: string[], title: string): void => {
    const requires: string[][] = [];
    const excludes: string[] = [];
    let dlQualifiers: string[][] | undefined;
    for (const item of kv) {
      if (item.startsWith("req=")) requires.push(item.slice(4).split(","));
      else if (item.startsWith("ex=")) excludes.push(...item.slice(3).split(","));
      else if (item === "dlpkey") dlQualifiers = [[]];
      else if (item.startsWith("dlpkey=")) dlQualifiers = item.slice(7).split("|").map((alt) => alt.split(","));
    }
    const minLength = components.reduce((n, c) => n + (c.optional ? 0 : c.min), 0);
    const maxLength = components.reduce((n, c) => n + c.max, 0);
    table.set(ai, {
      ai,
      title,
      predefinedLength: predefined ? maxLength : undefined,
      components,
      minLength,
      maxLength,
      requires,
      excludes,
      dlQualifiers,
      dlAttribute: !NOT_DL_ATTRIBUTES.has(ai),
    });
  };
  for (const rawLine of TABLE.split("\n")) {
    const line = rawLine.trim();
    if (line === "") continue;
    const [spec = "", title = ""] = line.split(" # ");
    const tokens = spec.split(/\s+/);
    const range = tokens.shift() ?? "";
    const predefined = tokens[0] === "*";
    if (predefined) tokens.shift();
    const components = tokens.filter((t) => /^\[?[NXYZ]/.test(t)).map(parseComponent);
    const kv = tokens.filter((t) => !/^\[?[NXYZ]/.test(t));
    const [from = "", to = from] = range.split("-");
    for (let n = Number(from); n <= Number(to); n++) {
      add(String(n).padStart(from.length, "0"), predefined, components, kv, title.trim());
    }
  }
  for (const [prefix, req, title] of MEASURE_PREFIXES) {
    for (let d = 0; d <= 5; d++) {
      add(`${prefix}${d}`, true, [parseComponent("N6")], [`req=${req}`, `ex=${prefix}n`], title);
    }
  }
  return table;
}

/** The AI table, keyed by AI digits. */
export const AI_TABLE: ReadonlyMap<string, AiDefinition> = buildTable();

/** Looks up an AI definition, or `undefined` when the AI is not in the table. */
export function getAiDefinition(ai: string): AiDefinition | undefined {
  return AI_TABLE.get(ai);
}

/**
 * Finds the AI at `position` of `data` by trying 2, 3 then 4 digits (GS1 AIs are prefix-free).
 * Returns `undefined` when no AI of the table starts there.
 */
export function matchAi(data: string, position: number): AiDefinition | undefined {
  for (let len = 2; len <= 4; len++) {
    if (position + len > data.length) return undefined;
    const def = AI_TABLE.get(data.slice(position, position + len));
    if (def !== undefined) return def;
  }
  return undefined;
}

/** True when `ai` matches `pattern`, where `n` in the pattern stands for any digit (`31nn`, `310n`). */
export function aiMatchesPattern(ai: string, pattern: string): boolean {
  if (ai === pattern) return true;
  if (ai.length !== pattern.length) return false;
  for (let i = 0; i < ai.length; i++) {
    const p = pattern[i];
    if (p !== "n" && p !== ai[i]) return false;
  }
  return true;
}

/** True when `ai` is a GS1 Digital Link primary key (01, 00, 414, 417, 8003, 8004, ...). */
export function isDlPrimaryKey(ai: string): boolean {
  return AI_TABLE.get(ai)?.dlQualifiers !== undefined;
}
