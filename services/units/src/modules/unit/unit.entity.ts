import { Column, Entity, PrimaryColumn } from "typeorm";

/** A serialized unit and its current state, derived from its events (table `units.unit`). */
@Entity({ name: "unit", schema: "units" })
export class UnitEntity {
  /** Canonical GS1 Digital Link URI. */
  @PrimaryColumn({ type: "text" })
  id!: string;

  @Column({ type: "char", length: 14 })
  gtin!: string;

  @Column({ type: "varchar", length: 20 })
  serial!: string;

  @Column({ type: "varchar", length: 20, nullable: true })
  lot!: string | null;

  @Column({ type: "date", nullable: true })
  expiry!: string | null;

  @Column({ type: "text" })
  status!: string;

  @Column({ type: "text", nullable: true })
  disposition!: string | null;

  @Column({ type: "text", nullable: true })
  location!: string | null;

  @Column({ name: "commissioned_at", type: "timestamptz" })
  commissionedAt!: Date;

  @Column({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
