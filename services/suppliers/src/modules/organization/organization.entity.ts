import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";

/** A tenant: brand owner, supplier, logistics partner, retailer, regulator or operator. */
@Entity({ name: "organization", schema: "suppliers" })
export class OrganizationEntity {
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column({ type: "text" })
  name!: string;

  @Column({ type: "text" })
  kind!: string;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}

/** A GS1 company prefix licensed to an organization. */
@Entity({ name: "company_prefix", schema: "suppliers" })
export class CompanyPrefixEntity {
  @PrimaryColumn({ type: "varchar", length: 12 })
  prefix!: string;

  @Column({ name: "organization_id", type: "uuid" })
  organizationId!: string;
}
