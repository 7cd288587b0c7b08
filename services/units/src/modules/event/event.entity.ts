import { Column, Entity, PrimaryColumn } from "typeorm";

/** One stored event (table `units.event`); append-only. */
@Entity({ name: "event", schema: "units" })
export class EventEntity {
  @Column({ type: "bigint", insert: false, update: false })
  seq!: string;

  @PrimaryColumn({ name: "event_id", type: "text" })
  eventId!: string;

  @Column({ type: "text" })
  type!: string;

  @Column({ type: "text", nullable: true })
  action!: string | null;

  @Column({ name: "biz_step", type: "text", nullable: true })
  bizStep!: string | null;

  @Column({ type: "text", nullable: true })
  disposition!: string | null;

  @Column({ name: "read_point", type: "text", nullable: true })
  readPoint!: string | null;

  @Column({ name: "biz_location", type: "text", nullable: true })
  bizLocation!: string | null;

  @Column({ name: "event_time", type: "timestamptz" })
  eventTime!: Date;

  @Column({ name: "event_time_zone_offset", type: "text" })
  eventTimeZoneOffset!: string;

  @Column({ name: "record_time", type: "timestamptz", insert: false, update: false })
  recordTime!: Date;

  @Column({ name: "captured_by", type: "text" })
  capturedBy!: string;

  @Column({ type: "jsonb" })
  body!: Record<string, unknown>;
}
