import { randomBytes } from "node:crypto";
import { type Principal, hasAnyRole } from "@tracehub/auth";
import { BadUserInput, Forbidden, NotFound, type Page, decodeCursor, pageSize, toPage, uuidArgument } from "@tracehub/subgraph-kit";
import { OrganizationReason } from "../organization/organization.errors";
import { isAdminOf } from "../organization/organization.rules";
import type { OrganizationStore } from "../organization/organization.store";
import { ApiKeyReason } from "./apikey.errors";
import type { CreateApiKeyInput } from "./apikey.input";
import { API_KEY_BYTES, MAX_KEY_NAME_LENGTH, formatApiKey, hashApiKey, isApiKeyShaped, isLastUsedStale, keyPrefixOf } from "./apikey.rules";
import type { ApiKeyRow, ApiKeyStore } from "./apikey.store";
import type { ApiKeyScope, ApiKeyType, CreatedApiKeyType } from "./apikey.type";

function toType(row: ApiKeyRow): ApiKeyType {
  return { ...row, scopes: row.scopes as ApiKeyScope[] };
}

/** What the gateway learns of a presented key that may be used (the internal `api-key` answer). */
export interface ApiKeyIdentity {
  /** The key's id (the principal's subject). */
  id: string;
  organizationId: string;
  /** The organization's kind (`OrganizationKind`), from which the gateway derives roles. */
  organizationKind: string;
  scopes: string[];
}

/** API keys: machine credentials of an organization, stored hashed. */
export class ApiKeyService {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly organizations: OrganizationStore,
  ) {}

  /**
   * Creates a key for an organization: its admins (for their own organization) or operators (naming one). The key
   * is in the answer only; the store keeps its SHA-256 and the first characters for display.
   */
  async create(input: CreateApiKeyInput, principal: Principal): Promise<CreatedApiKeyType> {
    const operator = hasAnyRole(principal, ["operator"]);
    if (operator && !input.organizationId) throw new BadUserInput("Operators must name the organization the key acts for in 'organizationId'.", { field: "organizationId" });
    const named = input.organizationId ? uuidArgument(input.organizationId, "organizationId", "an organization id") : principal.org;
    if (!named || !isAdminOf(principal, named)) {
      throw new Forbidden(`Only operators and admins of ${named ? `organization ${named}` : "an organization"} may create its API keys.`, { field: "organizationId" }, OrganizationReason.NOT_ORGANIZATION_ADMIN);
    }
    const name = input.name.trim();
    if (name.length < 1 || name.length > MAX_KEY_NAME_LENGTH) throw new BadUserInput(`'name' must be 1 to ${MAX_KEY_NAME_LENGTH} characters.`, { field: "name" });
    const scopes = [...new Set(input.scopes)];
    if (scopes.length === 0) throw new BadUserInput("'scopes' must name at least one of READ, CAPTURE.", { field: "scopes" });
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw new BadUserInput("'expiresAt' must be in the future.", { field: "expiresAt" });
    if ((await this.organizations.count(named)) === 0) throw new NotFound(`No organization ${named}.`, { field: "organizationId" }, OrganizationReason.ORGANIZATION_NOT_FOUND);
    const key = formatApiKey(randomBytes(API_KEY_BYTES));
    const row = await this.store.insert({
      organizationId: named,
      name,
      keyPrefix: keyPrefixOf(key),
      keyHash: hashApiKey(key),
      scopes,
      expiresAt: input.expiresAt ?? null,
      createdBy: principal.sub ?? "unknown",
    });
    return { key, apiKey: toType(row) };
  }

  /**
   * Revokes a key: its organization's admins, or operators. A key of another organization is NOT_FOUND, as an
   * unknown one. Revoking twice keeps the first time. Effective within the gateway's key cache time.
   */
  async revoke(id: string, principal: Principal): Promise<ApiKeyType> {
    const keyId = uuidArgument(id, "id", "an API key id");
    const row = await this.store.byId(keyId);
    const operator = hasAnyRole(principal, ["operator"]);
    if (!row || (!operator && row.organizationId !== principal.org)) throw new NotFound(`No API key ${keyId}.`, { field: "id" }, ApiKeyReason.API_KEY_NOT_FOUND);
    if (!isAdminOf(principal, row.organizationId)) {
      throw new Forbidden(`Only operators and admins of organization ${row.organizationId} may revoke its API keys.`, { field: "id" }, OrganizationReason.NOT_ORGANIZATION_ADMIN);
    }
    return toType(await this.store.revoke(keyId));
  }

  /** A page of the caller's organization's keys (operators: every key), oldest first. */
  async list(principal: Principal, args: { first?: number | null; after?: string | null }): Promise<Page<ApiKeyType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["time", "uuid"]);
    const operator = hasAnyRole(principal, ["operator"]);
    if (!operator && !principal.org) return toPage([], size, () => [], 0);
    const { rows, total } = await this.store.page(operator ? null : principal.org, after, size);
    return toPage(rows.map(toType), size, (k) => [k.createdAt.toISOString(), k.id], total);
  }

  /**
   * The identity behind a presented key, or null when it is not a key the hub issued, is revoked or has expired
   * (one answer for all three). Records the use at most once a minute.
   */
  async authenticate(presented: unknown): Promise<ApiKeyIdentity | null> {
    if (!isApiKeyShaped(presented)) return null;
    const row = await this.store.usableByHash(hashApiKey(presented));
    if (!row) return null;
    if (isLastUsedStale(row.lastUsedAt, new Date())) await this.store.touch(row.id);
    return { id: row.id, organizationId: row.organizationId, organizationKind: row.organizationKind, scopes: row.scopes };
  }
}
