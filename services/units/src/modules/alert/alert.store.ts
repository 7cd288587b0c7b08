import { type RowOf, keyReadable, oneRowOf, rowsOf } from "@tracehub/db";
import type { ReadScope } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import { AlertKind } from "./alert.rules";
import type { AlertType } from "./alert.type";

/** A row of `ofUnits`. */
const ALERT_ROW = { unitId: "text", kind: "text", message: "text", raisedAt: "time", eventId: "text?" } as const;
type AlertRow = RowOf<typeof ALERT_ROW>;

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
    const rows = rowsOf(
      "ALERTS_OF_UNITS",
      ALERT_ROW,
      await this.ds.query(
        `SELECT a."unit_id" AS "unitId", a."kind", a."message", a."created_at" AS "raisedAt", e."event_id" AS "eventId"
       FROM "units"."alert" a LEFT JOIN "units"."event" e ON e."seq" = a."event_seq" WHERE a."unit_id" = ANY($1::text[]) ORDER BY a."id"`,
        [unitIds],
      ),
    );
    return rows.map(toAlert);
  }

  /** The id of the latest alert (0 when there is none): a live feed that is not resuming starts after it. */
  async latestId(): Promise<string> {
    return oneRowOf("LATEST_ALERT", { id: "text" }, await this.ds.query(`SELECT COALESCE(max("id"), 0)::text AS "id" FROM "units"."alert"`)).id;
  }

  /**
   * The next CLONE_SUSPECTED alerts after alert id `afterId`, in id order (at most `limit`), raised at least
   * `graceSeconds` ago, each with whether the caller may see it (it owns or was granted the unit's product; readers of
   * everything see all). A clone alert is one autocommit statement, so its id order is its commit order once that
   * short grace has passed; the caller's cursor moves past the alerts it may not see too.
   */
  async cloneAlertsAfter(afterId: string, scope: ReadScope, graceSeconds: number, limit: number): Promise<(AlertType & { id: string; visible: boolean })[]> {
    const readable = keyReadable(scope, { digits: `u."key_digits"`, gtin: `u."gtin"` }, 4);
    const rows = rowsOf(
      "CLONE_ALERTS_AFTER",
      { ...ALERT_ROW, id: "text", visible: "bool" },
      await this.ds.query(
        `SELECT a."id"::text AS "id", a."unit_id" AS "unitId", a."kind", a."message", a."created_at" AS "raisedAt", NULL::text AS "eventId",
           COALESCE(${readable.sql}, false) AS "visible"
         FROM "units"."alert" a LEFT JOIN "units"."unit" u ON u."id" = a."unit_id"
         WHERE a."kind" = 'CLONE_SUSPECTED' AND a."id" > $1::bigint AND a."created_at" < now() - make_interval(secs => $2::int)
         ORDER BY a."id" LIMIT $3::int`,
        [afterId, graceSeconds, limit, ...readable.params],
      ),
    );
    return rows.map((r) => ({ ...toAlert(r), id: r.id, visible: r.visible }));
  }

  /** The alerts these events raised, by event log position (`seq`), in the order they were raised. */
  async ofEvents(eventSeqs: readonly string[]): Promise<Map<string, AlertType[]>> {
    const out = new Map<string, AlertType[]>();
    if (eventSeqs.length === 0) return out;
    const rows = rowsOf(
      "ALERTS_OF_EVENTS",
      { ...ALERT_ROW, seq: "text" },
      await this.ds.query(
        `SELECT a."event_seq"::text AS "seq", a."unit_id" AS "unitId", a."kind", a."message", a."created_at" AS "raisedAt", e."event_id" AS "eventId"
       FROM "units"."alert" a JOIN "units"."event" e ON e."seq" = a."event_seq" WHERE a."event_seq" = ANY($1::bigint[]) ORDER BY a."id"`,
        [eventSeqs],
      ),
    );
    for (const row of rows) {
      const list = out.get(row.seq) ?? [];
      list.push(toAlert(row));
      out.set(row.seq, list);
    }
    return out;
  }
}
