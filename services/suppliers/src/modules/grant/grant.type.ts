import { connectionType } from "@tracehub/subgraph-kit";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";

/** What a grant allows the partner on the grantor's products. */
export enum GrantPermission {
  READ = "READ",
  CAPTURE = "CAPTURE",
}
registerEnumType(GrantPermission, {
  name: "GrantPermission",
  description: "What a grant allows the partner on the grantor's products.",
  valuesConfig: {
    READ: { description: "Read the products' units and their history." },
    CAPTURE: { description: "Commission serials and record events (scans, packing, shipping) on the products' units, and allocate them to orders." },
  },
});

/** A grant as the API shows it. */
@ObjectType("Grant", { description: "Access a brand owner gave a partner organization to its products." })
export class GrantType {
  @Field(() => ID, { description: "Opaque grant id." })
  id!: string;

  @Field(() => ID, { description: "The organization that owns the products and gave the grant." })
  grantorId!: string;

  @Field(() => ID, { description: "The partner organization that received the grant." })
  granteeId!: string;

  @Field(() => [String], { nullable: true, description: "The GTINs (14 digits) granted; null for every product of the grantor, present and future." })
  gtins!: string[] | null;

  @Field(() => [GrantPermission], { description: "What the grant allows." })
  permissions!: GrantPermission[];

  @Field(() => Date, { nullable: true, description: "When the grant ends by itself; null for no end." })
  expiresAt!: Date | null;

  @Field({ description: "When the grant was given." })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the grant was revoked; null while it stands." })
  revokedAt!: Date | null;

  @Field({ description: "True while the grant is in force: not revoked and not past `expiresAt`." })
  active!: boolean;
}

/** A page of grants. */
export const GrantConnection = connectionType(GrantType, "Grant", "grant");
