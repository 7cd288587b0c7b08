import { Column, Entity, PrimaryColumn } from "typeorm";

/** A unit (serialized item, logistic unit or asset) and its current state, derived from its events (table `units.unit`). */
@Entity({ name: "unit", schema: "units" })
export class UnitEntity {
  /** Canonical GS1 Digital Link URI (or the URI given, for non-GS1 identifiers). */
  @PrimaryColumn({ type: "text" })
  id!: string;

  @Column({ type: "text" })
  kind!: string;

  @Column({ type: "char", length: 14, nullable: true })
  gtin!: string | null;

  @Column({ type: "varchar", length: 20, nullable: true })
  serial!: string | null;

  @Column({ type: "varchar", length: 20, nullable: true })
  lot!: string | null;

  @Column({ type: "date", nullable: true })
  expiry!: string | null;

  @Column({ name: "production_date", type: "date", nullable: true })
  productionDate!: string | null;

  @Column({ type: "text" })
  status!: string;

  @Column({ type: "text", nullable: true })
  disposition!: string | null;

  @Column({ name: "read_point", type: "text", nullable: true })
  readPoint!: string | null;

  @Column({ name: "biz_location", type: "text", nullable: true })
  bizLocation!: string | null;

  @Column({ name: "parent_id", type: "text", nullable: true })
  parentId!: string | null;

  @Column({ type: "boolean" })
  commissioned!: boolean;

  @Column({ name: "commissioned_at", type: "timestamptz", nullable: true })
  commissionedAt!: Date | null;

  @Column({ name: "last_event_time", type: "timestamptz", nullable: true })
  lastEventTime!: Date | null;

  /** Effective time of the latest event applied (eventTime, or recordTime when the event claimed a later time). */
  @Column({ name: "last_effective_time", type: "timestamptz", nullable: true })
  lastEffectiveTime!: Date | null;

  /** The digits of its GS1 key that start with its company prefix (who owns it); null for non-GS1 identifiers. */
  @Column({ name: "key_digits", type: "text", nullable: true })
  keyDigits!: string | null;

  @Column({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
