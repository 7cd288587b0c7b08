import { connectionType } from "@tracehub/subgraph-kit";
import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";

/** What kind of business an organization is. */
export enum OrganizationKind {
  BRAND_OWNER = "BRAND_OWNER",
  MANUFACTURER = "MANUFACTURER",
  DISTRIBUTOR = "DISTRIBUTOR",
  LOGISTICS = "LOGISTICS",
  RETAILER = "RETAILER",
  REGULATOR = "REGULATOR",
  OPERATOR = "OPERATOR",
}
registerEnumType(OrganizationKind, {
  name: "OrganizationKind",
  description: "What kind of business an organization is.",
  valuesConfig: {
    BRAND_OWNER: { description: "Owns products and their GTINs (holds GS1 company prefixes)." },
    MANUFACTURER: { description: "Makes products, possibly for a brand owner." },
    DISTRIBUTOR: { description: "Wholesaler or distributor." },
    LOGISTICS: { description: "Carrier or warehouse." },
    RETAILER: { description: "Sells or dispenses to end customers (shop, pharmacy)." },
    REGULATOR: { description: "Authority that reads records." },
    OPERATOR: { description: "Runs this hub." },
  },
});

/** A tenant of the hub. */
@Directive('@key(fields: "id")')
@ObjectType("Organization", { description: "A business using the hub: the unit of tenancy." })
export class OrganizationType {
  @Field(() => ID, { description: "Opaque organization id." })
  id!: string;

  @Field({ description: "Legal or trading name." })
  name!: string;

  @Field(() => OrganizationKind, { description: "What kind of business it is." })
  kind!: OrganizationKind;

  @Field(() => [String], { description: "GS1 company prefixes licensed to it (GTINs under these belong to it)." })
  companyPrefixes!: string[];

  @Field({ description: "When it was registered." })
  createdAt!: Date;
}

/** A page of organizations. */
export const OrganizationConnection = connectionType(OrganizationType, "Organization", "organization");
