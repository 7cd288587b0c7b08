import { Field, ID, InputType } from "type-graphql";
import { GrantPermission } from "./grant.type";

/** A grant to give. */
@InputType({ description: "Access to give a partner organization on your products." })
export class GrantAccessInput {
  @Field(() => ID, { description: "The partner organization that receives the grant." })
  granteeId!: string;

  @Field(() => [String], { nullable: true, description: "GTINs (any length, check digit included) to grant, each yours; null or left out grants every product of yours, present and future (at most 1,000)." })
  gtins?: string[] | null;

  @Field(() => [GrantPermission], { description: "What the partner may do (at least one)." })
  permissions!: GrantPermission[];

  @Field(() => Date, { nullable: true, description: "When the grant ends by itself (in the future); leave out for no end." })
  expiresAt?: Date | null;

  @Field(() => ID, { nullable: true, description: "Operators only: the organization giving the grant. Others always grant on their own organization's products." })
  grantorId?: string | null;
}
