import type { DataSource } from "typeorm";
import { AlertKind } from "./alert.rules";
import type { AlertType } from "./alert.type";

/** A row of `alertsOfUnits`. */
interface AlertRow {
  unitId: string;
  kind: string;
  message: string;
  raisedAt: Date;
  eventId: string;
}

const KINDS = new Set<string>(Object.values(AlertKind));

function toAlert(row: AlertRow): AlertType {
  if (!KINDS.has(row.kind)) throw new Error(`units.alert holds an unknown kind ${JSON.stringify(row.kind)}.`);
  return { unitId: row.unitId, kind: row.kind as AlertKind, message: row.message, raisedAt: row.raisedAt, eventId: row.eventId };
}

/** Every SQL statement that reads alerts (capture writes them with the rest of its plan). */
export class AlertStore {
  constructor(private readonly ds: DataSource) {}

  /** The alerts of many units at once, in the order they were raised (one statement). */
  async ofUnits(unitIds: readonly string[]): Promise<AlertType[]> {
    const rows = (await this.ds.query(
      `SELECT a."unit_id" AS "unitId", a."kind", a."message", a."created_at" AS "raisedAt", e."event_id" AS "eventId"
       FROM "units"."alert" a JOIN "units"."event" e ON e."seq" = a."event_seq" WHERE a."unit_id" = ANY($1::text[]) ORDER BY a."id"`,
      [unitIds],
    )) as AlertRow[];
    return rows.map(toAlert);
  }
}
