import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSchema, parse, validate } from "graphql";
import { SUPERGRAPH_PATH } from "../index";
import { PUBLIC_OPERATIONS, isRegisteredPublicDocument, operationHash, publicOperationByHash, publicOperationManifest } from "../public-operations";

// The registry of public operations as pure functions: what it lists, how documents match it.
describe("the public operations registry", () => {
  const schema = buildSchema(readFileSync(SUPERGRAPH_PATH, "utf8"), { assumeValid: true, assumeValidSDL: true });

  it("holds documents that are valid against the composed supergraph, one query each, named as registered", () => {
    for (const [name, body] of Object.entries(PUBLIC_OPERATIONS)) {
      const document = parse(body);
      expect(validate(schema, document)).toEqual([]);
      expect(document.definitions).toHaveLength(1);
      expect(document.definitions[0]).toMatchObject({ kind: "OperationDefinition", operation: "query", name: { value: name } });
    }
  });

  it("lists them as an Apollo persisted-query manifest, each id the SHA-256 of its text", () => {
    const manifest = publicOperationManifest();
    expect(manifest).toMatchObject({ format: "apollo-persisted-query-manifest", version: 1 });
    expect(manifest.operations.map((o) => o.name).sort()).toEqual(["PublicProductFacts", "TrackOrder", "VerifyAuthenticity", "VerifyVerdict"]);
    for (const op of manifest.operations) {
      expect(op.id).toBe(createHash("sha256").update(op.body, "utf8").digest("hex"));
      expect(publicOperationByHash(op.id)).toBe(op);
    }
    expect(publicOperationByHash("0".repeat(64))).toBeUndefined();
  });

  it("matches the exact text, and the same document laid out otherwise, but no other selection", () => {
    const verify = PUBLIC_OPERATIONS.VerifyAuthenticity;
    expect(isRegisteredPublicDocument(verify, parse(verify))).toBe(true);
    const relaid = `# a comment\n${verify.replace(/\s+/g, "  ")}`;
    expect(operationHash(relaid)).not.toBe(operationHash(verify));
    expect(isRegisteredPublicDocument(relaid, parse(relaid))).toBe(true);
    const fewer = verify.replace("mismatches ", "");
    expect(isRegisteredPublicDocument(fewer, parse(fewer))).toBe(false);
    const inline = `{ verifyAuthenticity(code: "(01)09506000134352(21)X") { verdict } }`;
    expect(isRegisteredPublicDocument(inline, parse(inline))).toBe(false);
    const renamed = verify.replace("query VerifyAuthenticity", "query Other");
    expect(isRegisteredPublicDocument(renamed, parse(renamed))).toBe(false);
  });

  it("is what the README's example sends by hash", () => {
    const readme = readFileSync(path.join(__dirname, "..", "..", "..", "README.md"), "utf8");
    expect(readme).toContain(`"sha256Hash":"${operationHash(PUBLIC_OPERATIONS.VerifyAuthenticity)}"`);
  });
});
