import { connectionType } from "@tracehub/subgraph-kit";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";

/** What a machine holding an API key may do. */
export enum ApiKeyScope {
  READ = "READ",
  CAPTURE = "CAPTURE",
}
registerEnumType(ApiKeyScope, {
  name: "ApiKeyScope",
  description: "What a machine holding an API key may do, within what its organization may.",
  valuesConfig: {
    READ: { description: "Read what the organization may read (units, events, orders)." },
    CAPTURE: { description: "Record what the organization may record (capture EPCIS events, commission, move, pack)." },
  },
});

/** An API key as the API shows it: never the key itself. */
@ObjectType("ApiKey", { description: "A credential for a machine (scanner, partner system, storefront) acting for an organization. The key itself is shown once, when created." })
export class ApiKeyType {
  @Field(() => ID, { description: "Opaque API key id." })
  id!: string;

  @Field({ description: "What the key is for, as its creator named it." })
  name!: string;

  @Field({ description: "The first 8 characters after `thk_` of the key, to tell keys apart; not enough to use it." })
  keyPrefix!: string;

  @Field(() => [ApiKeyScope], { description: "What the key allows." })
  scopes!: ApiKeyScope[];

  @Field({ description: "When the key was created." })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the key stops working by itself; null for no end." })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When the key was last presented, to the minute (written at most once a minute); null if never." })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When the key was revoked; null while it stands." })
  revokedAt!: Date | null;

  /** The owning organization's id (resolved to `organization`). */
  organizationId!: string;
}

/** A new key, with the secret shown this once. */
@ObjectType("CreatedApiKey", { description: "A newly created API key: the key itself is in this answer only; the hub keeps only its hash." })
export class CreatedApiKeyType {
  @Field({ description: "The key (`thk_` and 43 characters): send it as `Authorization: ApiKey <key>`. Shown once; store it now." })
  key!: string;

  @Field(() => ApiKeyType, { description: "The key's record." })
  apiKey!: ApiKeyType;
}

/** A page of API keys. */
export const ApiKeyConnection = connectionType(ApiKeyType, "ApiKey", "API key");
