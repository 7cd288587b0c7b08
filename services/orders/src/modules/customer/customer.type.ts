import { connectionType } from "@tracehub/subgraph-kit";
import { Field, ID, InputType, ObjectType } from "type-graphql";

/** A postal address. */
@ObjectType("Address", { description: "A postal address." })
export class AddressType {
  @Field(() => [String], { description: "Street lines (1 to 3)." })
  lines!: string[];

  @Field({ description: "City or town." })
  city!: string;

  @Field(() => String, { nullable: true, description: "Postal code." })
  postalCode!: string | null;

  @Field({ description: "ISO 3166-1 alpha-2 country code." })
  country!: string;
}

/** A seller's customer: personal data, readable by the seller's own people only. */
@ObjectType("Customer", { description: "A customer of a seller. Personal data: only the seller's own people read it (not operators, regulators or partners)." })
export class CustomerType {
  @Field(() => ID, { description: "Opaque customer id." })
  id!: string;

  @Field({ description: "The customer's name." })
  name!: string;

  @Field(() => String, { nullable: true, description: "The customer's email address (one customer per email per seller)." })
  email!: string | null;

  @Field(() => AddressType, { nullable: true, description: "Where the customer's orders go." })
  address!: AddressType | null;

  @Field({ description: "When the customer was first stored." })
  createdAt!: Date;

  /** The seller; not exposed. */
  organizationId!: string;
}

/** A page of customers. */
export const CustomerConnection = connectionType(CustomerType, "Customer", "customer");

/** A postal address in an order. */
@InputType({ description: "A postal address." })
export class AddressInput {
  @Field(() => [String], { description: "Street lines (1 to 3, each 1 to 200 characters)." })
  lines!: string[];

  @Field({ description: "City or town (1 to 100 characters)." })
  city!: string;

  @Field(() => String, { nullable: true, description: "Postal code (1 to 20 characters)." })
  postalCode?: string | null;

  @Field({ description: "ISO 3166-1 alpha-2 country code (two capital letters)." })
  country!: string;
}

/** Who an order is for. */
@InputType({ description: "The customer an order is for. With an email, the seller's customer of that email is reused (and updated)." })
export class CustomerInput {
  @Field({ description: "The customer's name (1 to 200 characters)." })
  name!: string;

  @Field(() => String, { nullable: true, description: "The customer's email address (at most 254 characters)." })
  email?: string | null;

  @Field(() => AddressInput, { nullable: true, description: "The delivery address." })
  address?: AddressInput | null;
}
