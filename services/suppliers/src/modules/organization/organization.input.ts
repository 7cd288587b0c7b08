import { Field, InputType } from "type-graphql";
import { OrganizationKind } from "./organization.type";

/** A new organization. */
@InputType({ description: "An organization to register." })
export class CreateOrganizationInput {
  @Field({ description: "Legal or trading name (1 to 200 characters)." })
  name!: string;

  @Field(() => OrganizationKind, { description: "What kind of business it is." })
  kind!: OrganizationKind;

  @Field(() => [String], { nullable: true, description: "GS1 company prefixes (4 to 12 digits each) licensed to it; each may belong to one organization only." })
  companyPrefixes?: string[] | null;
}
