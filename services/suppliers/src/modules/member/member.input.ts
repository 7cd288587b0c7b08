import { Field, ID, InputType } from "type-graphql";
import { MemberRole } from "./member.type";

/** A person to add to an organization. */
@InputType({ description: "A person to add to an organization." })
export class AddMemberInput {
  @Field({ description: "The identity provider's subject of the person (the `sub` of its tokens), 1 to 200 characters." })
  subject!: string;

  @Field(() => [MemberRole], { description: "The roles to give (at least one)." })
  roles!: MemberRole[];

  @Field(() => String, { nullable: true, description: "Display name, up to 200 characters." })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "E-mail address." })
  email?: string | null;

  @Field(() => ID, { nullable: true, description: "The organization: required for operators; admins may leave it out (their own) or name their own." })
  organizationId?: string | null;
}

/** New roles for a member. */
@InputType({ description: "New roles for a member." })
export class UpdateMemberInput {
  @Field(() => ID, { description: "The member's id." })
  id!: string;

  @Field(() => [MemberRole], { description: "The roles the member holds from now on (at least one); they replace the old ones." })
  roles!: MemberRole[];
}
