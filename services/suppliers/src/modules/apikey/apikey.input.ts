import { Field, ID, InputType } from "type-graphql";
import { ApiKeyScope } from "./apikey.type";

/** An API key to create. */
@InputType({ description: "An API key to create for an organization." })
export class CreateApiKeyInput {
  @Field({ description: "What the key is for (1 to 200 characters), e.g. the machine that will hold it." })
  name!: string;

  @Field(() => [ApiKeyScope], { description: "What the key allows (at least one)." })
  scopes!: ApiKeyScope[];

  @Field(() => Date, { nullable: true, description: "When the key stops working by itself (in the future); leave out for no end." })
  expiresAt?: Date | null;

  @Field(() => ID, { nullable: true, description: "The organization the key acts for: required for operators; admins may leave it out (their own) or name their own." })
  organizationId?: string | null;
}
