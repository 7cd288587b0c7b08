import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A recall of a GTIN, or of some of its lots (table `compliance.recall`). */
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

  @Column({ type: "text" })
  status!: string;

  @Column({ name: "issued_at", type: "timestamptz" })
  issuedAt!: Date;
}
