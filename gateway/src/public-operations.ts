import { createHash } from "node:crypto";
import { type DocumentNode, parse, print } from "graphql";

/**
 * The public operations: the only documents a caller without credentials may run. Each is registered here by
 * name, and known by the SHA-256 of its text (the persisted-query hash, as Apollo's clients compute it), so an
 * anonymous caller sends either the hash alone (`extensions.persistedQuery.sha256Hash`, the usual way) or the
 * exact document. Any other document is refused, even one that selects only public fields: the gateway parses,
 * validates and plans these few documents once, and no anonymous caller can make it do so for new ones (inline
 * literals, aliases, odd selections). `GET /public-operations.json` lists them as an Apollo persisted-query
 * manifest, for apps to pin. The gateway's own pages (the Digital Link resolver, the tracking stream) run them too.
 */

const PRODUCT_FACTS = `name brand imageUrl links(lot: $lot) { linkType href title lang mediaType lot }`;

/** The registered public documents, by operation name. */
export const PUBLIC_OPERATIONS = Object.freeze({
  VerifyAuthenticity: `query VerifyAuthenticity($code: String!, $origin: String, $lot: String) {
  verifyAuthenticity(code: $code, origin: $origin) {
    verdict message reasons details { code text values { name value } } mismatches gtin productName
    product { ${PRODUCT_FACTS} } expiry recall { reason instructions } checkedAt
  }
}`,
  /** The verdict alone, for apps that check at a high rate (a scanning station): no product facts or links to read. */
  VerifyVerdict: `query VerifyVerdict($code: String!, $origin: String) {
  verifyAuthenticity(code: $code, origin: $origin) { verdict message reasons checkedAt }
}`,
  PublicProductFacts: `query PublicProductFacts($gtin: String!, $lot: String) {
  publicProductFacts(gtin: $gtin) { ${PRODUCT_FACTS} }
}`,
  TrackOrder: `query TrackOrder($token: String!) {
  trackOrder(token: $token) { status items milestones { milestone at } }
}`,
});

export type PublicOperationName = keyof typeof PUBLIC_OPERATIONS;

/** The persisted-query hash of a document: SHA-256 of its exact text, lower-case hex. */
export function operationHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** One entry of the manifest. */
export interface PublicOperation {
  id: string;
  name: PublicOperationName;
  type: "query";
  body: string;
}

const ENTRIES: readonly PublicOperation[] = (Object.entries(PUBLIC_OPERATIONS) as [PublicOperationName, string][]).map(([name, body]) => ({
  id: operationHash(body),
  name,
  type: "query",
  body,
}));
const BY_HASH = new Map(ENTRIES.map((e) => [e.id, e]));
const BY_TEXT = new Set(ENTRIES.map((e) => e.body));
/** The registered documents in graphql-js's printed form: a copy that differs only in layout or comments matches. */
const BY_PRINTED = new Set(ENTRIES.map((e) => print(parse(e.body))));

/** The manifest `GET /public-operations.json` serves (Apollo's persisted-query manifest format, version 1). */
export function publicOperationManifest(): { format: "apollo-persisted-query-manifest"; version: 1; operations: readonly PublicOperation[] } {
  return { format: "apollo-persisted-query-manifest", version: 1, operations: ENTRIES };
}

/** The registered operation with this hash, if any. */
export function publicOperationByHash(hash: string): PublicOperation | undefined {
  return BY_HASH.get(hash);
}

/** Whether a document is one of the registered public operations (its exact text, or the same document laid out otherwise). */
export function isRegisteredPublicDocument(text: string | undefined, document: DocumentNode): boolean {
  if (text !== undefined && BY_TEXT.has(text)) return true;
  return BY_PRINTED.has(print(document));
}
