import { Field, ObjectType, registerEnumType } from "type-graphql";
import { ApiKeyScope } from "../apikey/apikey.type";
import { OrganizationType } from "../organization/organization.type";

export enum CredentialKind {
  TOKEN = "TOKEN",
  API_KEY = "API_KEY",
}

registerEnumType(CredentialKind, {
  name: "CredentialKind",
  description: "How the caller authenticated.",
  valuesConfig: {
    TOKEN: { description: "A bearer access token (JWT)." },
    API_KEY: { description: "An API key (`Authorization: ApiKey <key>`)." },
  },
});

@ObjectType("Viewer", { description: "Who the caller is, as the hub sees them: what an app shows as 'signed in as'." })
export class ViewerType {
  @Field(() => String, { description: "The subject: a user id, or the API key's id." })
  subject!: string;

  @Field(() => CredentialKind, { description: "How the caller authenticated." })
  credential!: CredentialKind;

  @Field(() => [String], { description: "The caller's roles (operator, regulator, brand_owner, manufacturer, distributor, logistics, retailer...)." })
  roles!: string[];

  @Field(() => [ApiKeyScope], { nullable: true, description: "For an API key, what it allows; null for a token." })
  apiKeyScopes!: ApiKeyScope[] | null;

  @Field(() => OrganizationType, { nullable: true, description: "The caller's organization; null for a caller without one (an operator, a regulator)." })
  organization!: OrganizationType | null;
}
