import { Field, Float, ID, InputType } from "type-graphql";

/** A location to register. */
@InputType({ description: "A location (GLN) to register to an organization." })
export class AddLocationInput {
  @Field(() => ID, { description: "The organization the location belongs to: your own (admins), or any (operators)." })
  organizationId!: string;

  @Field({
    description:
      "The GLN, in any GS1 form: 13 digits, an element string with AI (414), an SGLN EPC URN or a Digital Link (`https://id.gs1.org/414/…`). Check digit required; no extension (254). Each GLN belongs to one organization.",
  })
  gln!: string;

  @Field({ description: "The location's name (1 to 200 characters)." })
  name!: string;

  @Field(() => String, { nullable: true, description: "Postal address (at most 500 characters)." })
  address?: string | null;

  @Field(() => Float, { nullable: true, description: "WGS 84 latitude in degrees (-90 to 90); give it with `longitude`." })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: "WGS 84 longitude in degrees (-180 to 180); give it with `latitude`." })
  longitude?: number | null;
}
