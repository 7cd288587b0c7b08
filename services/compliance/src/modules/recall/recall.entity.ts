import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A recall of a GTIN's units, narrowed by its scope (table `compliance.recall`). */
@Entity({ name: "recall", schema: "compliance" })
export class RecallEntity {
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column({ name: "organization_id", type: "text", nullable: true })
  organizationId!: string | null;

  @Column({ type: "char", length: 14 })
  gtin!: string;

  @Column({ type: "text", array: true })
  lots!: string[];

  @Column({ type: "text" })
  reason!: string;

  @Column({ type: "text", array: true })
  serials!: string[];

  @Column({ name: "produced_from", type: "date", nullable: true })
  producedFrom!: string | null;

  @Column({ name: "produced_to", type: "date", nullable: true })
  producedTo!: string | null;

  @Column({ name: "expires_from", type: "date", nullable: true })
  expiresFrom!: string | null;

  @Column({ name: "expires_to", type: "date", nullable: true })
  expiresTo!: string | null;

  @Column({ type: "text" })
  classification!: string;

  @Column({ type: "text", nullable: true })
  instructions!: string | null;

  @Column({ type: "text" })
  status!: string;

  @Column({ name: "created_by", type: "text", nullable: true })
  createdBy!: string | null;

  @Column({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  @Column({ name: "issued_at", type: "timestamptz", nullable: true })
  issuedAt!: Date | null;

  @Column({ name: "closed_at", type: "timestamptz", nullable: true })
  closedAt!: Date | null;

  @Column({ name: "cancelled_at", type: "timestamptz", nullable: true })
  cancelledAt!: Date | null;
}
