import * as fs from "node:fs";
import * as path from "node:path";
import {
  Gs1Error,
  gs1CheckDigit,
  parseCode,
  toDigitalLink,
  toElementString,
  toEpcHex,
  toEpcTagUri,
  toEpcUri,
  type EpcBinaryScheme,
} from "../index";

/** The shared conformance data sits beside the repository root: <repo>/../shared. */
const REPO_ROOT = path.resolve(__dirname, "../../../..");
const VECTORS_PATH = path.resolve(REPO_ROOT, "../shared/conformance/gs1/vectors.json");

interface DecodeExpect {
  tagUri?: string;
  epcUri?: string;
  elementString?: string;
  digitalLink?: string;
  gtin?: string;
  serial?: string;
  lot?: string;
  sscc?: string;
  gln?: string;
  extension?: string;
  filter?: number;
}
interface Vectors {
  checkDigit: { body: string; check: string }[];
  decode: { input: string; expect: DecodeExpect }[];
  digitalLink: { input: string; stem?: string; expect: string }[];
  encode: { input: string; scheme?: EpcBinaryScheme; filter?: number; companyPrefixLength?: number; expect: { hex?: string; tagUri?: string; epcUri?: string } }[];
  reject: { input: string; why: string }[];
}

const vectors = JSON.parse(fs.readFileSync(VECTORS_PATH, "utf8")) as Vectors;

describe("shared GS1 conformance vectors (vectors.json)", () => {
  it("finds the shared vectors file beside the repository", () => {
    expect(vectors.checkDigit.length).toBeGreaterThan(0);
    expect(vectors.decode.length).toBeGreaterThan(0);
    expect(vectors.reject.length).toBeGreaterThan(0);
  });

  describe("check digits", () => {
    it.each(vectors.checkDigit.map((v) => [v.body, v.check]))("computes the check digit of %s as %s", (body, check) => {
      expect(gs1CheckDigit(body)).toBe(check);
    });
  });

  describe("decoding", () => {
    it.each(vectors.decode.map((v) => [JSON.stringify(v.input), v]))("decodes %s to the expected forms and fields", (_, v) => {
      const code = parseCode(v.input);
      const e = v.expect;
      if (e.tagUri !== undefined) expect(toEpcTagUri(code)).toBe(e.tagUri);
      if (e.epcUri !== undefined) expect(toEpcUri(code)).toBe(e.epcUri);
      if (e.elementString !== undefined) expect(toElementString(code)).toBe(e.elementString);
      if (e.digitalLink !== undefined) expect(toDigitalLink(code)).toBe(e.digitalLink);
      for (const field of ["gtin", "serial", "lot", "sscc", "gln", "extension", "filter"] as const) {
        if (e[field] !== undefined) expect(code[field]).toBe(e[field]);
      }
    });
  });

  describe("Digital Link generation", () => {
    it.each(vectors.digitalLink.map((v) => [v.input, v]))("turns %s into the expected Digital Link", (_, v) => {
      const code = parseCode(v.input);
      expect(toDigitalLink(code, v.stem === undefined ? {} : { stem: v.stem })).toBe(v.expect);
    });
  });

  describe("EPC encoding", () => {
    it.each(vectors.encode.map((v) => [v.input, v.scheme ?? "EPC URI", v]))("encodes %s as %s", (_, __, v) => {
      const code = parseCode(v.input);
      const opts = { ...(v.companyPrefixLength === undefined ? {} : { companyPrefixLength: v.companyPrefixLength }) };
      if (v.expect.epcUri !== undefined) expect(toEpcUri(code, opts)).toBe(v.expect.epcUri);
      const tagOpts = { ...opts, ...(v.scheme === undefined ? {} : { scheme: v.scheme }), ...(v.filter === undefined ? {} : { filter: v.filter }) };
      if (v.expect.hex !== undefined) expect(toEpcHex(code, tagOpts)).toBe(v.expect.hex);
      if (v.expect.tagUri !== undefined) expect(toEpcTagUri(code, tagOpts)).toBe(v.expect.tagUri);
    });
  });

  describe("rejections", () => {
    it.each(vectors.reject.map((v) => [v.why, v.input]))("rejects input with %s", (_, input) => {
      let thrown: unknown;
      try {
        parseCode(input);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Gs1Error);
      expect((thrown as Gs1Error).message.length).toBeGreaterThan(20);
    });
  });
});
