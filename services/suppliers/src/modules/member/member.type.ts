import { connectionType } from "@tracehub/subgraph-kit";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";

/** A role an organization gives a member (the hub's roles, but operator). */
export enum MemberRole {
  BRAND_OWNER = "brand_owner",
  SUPPLIER = "supplier",
  LOGISTICS = "logistics",
  FULFILMENT = "fulfilment",
  COMPLIANCE = "compliance",
  REGULATOR = "regulator",
  ADMIN = "admin",
}
registerEnumType(MemberRole, {
  name: "MemberRole",
  description: "A role an organization gives one of its members. The hub's operators are named by the identity provider, not here.",
  valuesConfig: {
    BRAND_OWNER: { description: "Manages the organization's products, units and grants." },
    SUPPLIER: { description: "Records what the organization makes or supplies." },
    LOGISTICS: { description: "Records movements at hand-over points." },
    FULFILMENT: { description: "Allocates, ships and takes back orders." },
    COMPLIANCE: { description: "Issues recalls and exports records." },
    REGULATOR: { description: "Reads every record (a regulator organization's members only)." },
    ADMIN: { description: "Manages the organization's members, locations and API keys." },
  },
});

/** A person of an organization, as the API shows it. */
@ObjectType("Member", {
  description:
    "A person of an organization, named by the identity provider's subject. Once an organization has members, the hub takes its people's roles from here, not from their tokens, and refuses the tokens of people who are not (or no longer) members.",
})
export class MemberType {
  @Field(() => ID, { description: "Opaque member id." })
  id!: string;

  @Field({ description: "The identity provider's subject of the person (the `sub` of its tokens)." })
  subject!: string;

  @Field(() => String, { nullable: true, description: "Display name; null when none was given." })
  name!: string | null;

  @Field(() => String, { nullable: true, description: "E-mail address; null when none was given." })
  email!: string | null;

  @Field(() => [MemberRole], { description: "The roles the person holds in the organization." })
  roles!: MemberRole[];

  @Field({ description: "When the person was added." })
  addedAt!: Date;

  @Field({ description: "When the person's roles last changed (or it was added)." })
  updatedAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the person was removed; null while a member." })
  removedAt!: Date | null;

  /** The organization's id (resolved to `organization`). */
  organizationId!: string;
}

/** A page of members. */
export const MemberConnection = connectionType(MemberType, "Member", "member");
