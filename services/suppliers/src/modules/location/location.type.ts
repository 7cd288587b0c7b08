import { Field, Float, ID, ObjectType } from "type-graphql";

/** A location as the API shows it (its organization is resolved from `organizationId`). */
@ObjectType("Location", { description: "A place of an organization identified by a GS1 Global Location Number (GLN): a site, warehouse, shop or dock." })
export class LocationType {
  @Field(() => ID, { description: "Opaque location id." })
  id!: string;

  @Field({ description: "The GLN: 13 digits, check digit included; it belongs to this location's organization only." })
  gln!: string;

  @Field({ description: "The location's name." })
  name!: string;

  @Field(() => String, { nullable: true, description: "Postal address as given; null when none was." })
  address!: string | null;

  @Field(() => Float, { nullable: true, description: "WGS 84 latitude in degrees (-90 to 90); null when no position was given." })
  latitude!: number | null;

  @Field(() => Float, { nullable: true, description: "WGS 84 longitude in degrees (-180 to 180); null when no position was given." })
  longitude!: number | null;

  @Field({ description: "When the location was registered." })
  createdAt!: Date;

  /** The owning organization's id (resolved to `organization`). */
  organizationId!: string;
}
